import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffSequences } from '../../src/util/seq-diff.js';
import { unifiedDiff } from '../../src/util/unified-diff.js';
import { tempDir } from '../helpers/cli.js';

const lcs = (a: string[], b: string[]) => {
  const d = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i]![j] = a[i - 1] === b[j - 1] ? d[i - 1]![j - 1]! + 1 : Math.max(d[i - 1]![j]!, d[i]![j - 1]!);
  return d[a.length]![b.length]!;
};

const text = fc
  .array(fc.constantFrom('a', 'b', 'c', 'd', ''), { maxLength: 40 })
  .map((l) => l.map((x) => `${x}\n`).join(''));

const hasPatch = (() => {
  try {
    execFileSync('patch', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    console.warn('SKIPPED: unified diff round trip through patch(1) because patch is not installed');
    return false;
  }
})();

describe('diffSequences', () => {
  it('is a shortest edit script: both sides rebuild, the kept lines are an LCS', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('x', 'y', 'z'), { maxLength: 25 }),
        fc.array(fc.constantFrom('x', 'y', 'z'), { maxLength: 25 }),
        (a, b) => {
          const e = diffSequences(a, b)!;
          expect(e.flatMap((x) => (x.op === 'add' ? [] : [x.a]))).toEqual(a);
          expect(e.flatMap((x) => (x.op === 'del' ? [] : [x.b]))).toEqual(b);
          expect(e.filter((x) => x.op === 'same')).toHaveLength(lcs(a, b));
        },
      ),
    );
  });

  it('gives up past maxEdits instead of running long', () => {
    const a = Array.from({ length: 5000 }, (_, i) => `a${i}`);
    const b = Array.from({ length: 5000 }, (_, i) => `b${i}`);
    expect(diffSequences(a, b, undefined, 100)).toBeUndefined();
    expect(
      unifiedDiff(a.join('\n'), b.join('\n'), { before: 'x', after: 'y' }, { maxEdits: 100 }),
    ).toBeUndefined();
  });
});

describe.skipIf(!hasPatch)('unifiedDiff', () => {
  it('is a patch that turns the old text into the new one (checked with patch(1))', () => {
    const dir = tempDir('gitops-udiff-');
    const file = join(dir, 'f');
    fc.assert(
      fc.property(text, text, fc.integer({ min: 0, max: 4 }), (before, after, context) => {
        const patch = unifiedDiff(before, after, { before: 'f', after: 'f' }, { context })!;
        if (before === after) {
          expect(patch).toBe('');
          return;
        }
        writeFileSync(file, before);
        execFileSync('patch', ['-s', file], { input: patch, cwd: dir });
        expect(readFileSync(file, 'utf8')).toBe(after);
      }),
      { numRuns: 150 },
    );
  });
});
