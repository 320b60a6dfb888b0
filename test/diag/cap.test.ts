import { describe, expect, it } from 'vitest';
import { report } from '../../src/cli/report.js';
import type { Terminal } from '../../src/cli/terminal.js';
import { capRepeats, omittedLine } from '../../src/diag/cap.js';
import { diag } from '../../src/diag/diagnostic.js';

const unknown = (file: string, i: number) =>
  diag('PBX2001', { key: `k${i}`, allowed: 'tenant' }, { file, line: i + 1, col: 1 });

function terminal(): { term: Terminal; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    term: { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false, color: false, env: {}, cwd: '/' },
    out,
    err,
  };
}

describe('repeated diagnostics are capped per file and code', () => {
  it('keeps the first 50 per file and code, in order, and counts the rest', () => {
    const list = [
      ...Array.from({ length: 120 }, (_, i) => unknown('a.yaml', i)),
      ...Array.from({ length: 3 }, (_, i) => unknown('b.yaml', i)),
      diag('PBX2002', { key: 'tenant' }, { file: 'a.yaml', line: 1, col: 1 }),
    ];
    const { shown, omitted } = capRepeats(list);
    expect(shown).toHaveLength(50 + 3 + 1);
    expect(shown[0]).toBe(list[0]);
    expect(omitted).toEqual([{ file: 'a.yaml', code: 'PBX2001', count: 70 }]);
    expect(omittedLine(omitted[0]!)).toBe(
      'a.yaml: note: 70 more PBX2001 diagnostics not shown (the first 50 of this file are above; fix those and run again)',
    );
  });

  it('200,000 unknown keys print 50 lines, one note and a summary that counts them all', async () => {
    const list = Array.from({ length: 200_000 }, (_, i) => unknown('t.yaml', i));
    for (const format of ['human', 'github', 'json'] as const) {
      const { term, out, err } = terminal();
      await report(term, format, list);
      const text = [...out, ...err].join('\n');
      expect(text.length, format).toBeLessThan(50_000);
      expect(text, format).toMatch(/199,950 more PBX2001|"count": 199950/);
      expect(text, format).toContain('200000 errors');
    }
  });
});
