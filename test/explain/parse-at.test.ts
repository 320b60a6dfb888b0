import { describe, expect, it } from 'vitest';
import { parseAt } from '../../src/explain/local-time.js';
import { run } from '../helpers/cli.js';
import { EXAMPLE_SPEC } from '../helpers/example.js';

describe('explain --at: only real calendar times', () => {
  it.each([
    '2026-02-30T00:00Z',
    '2026-02-29T10:00Z',
    '2026-13-01T10:00Z',
    '2026-04-31 10:00+02:00',
    '2026-01-01T24:00Z',
    '2026-01-01T10:60Z',
    '2026-01-01T10:00:60Z',
    '2026-01-01T10:00+15:00',
    '2026-02-30 10:00',
  ])('refuses %s', (text) => {
    expect(parseAt(text)).toBeUndefined();
  });

  it.each([
    ['2028-02-29T10:00Z', '2028-02-29T10:00:00.000Z'],
    ['2026-12-31T23:59:59Z', '2026-12-31T23:59:59.000Z'],
    ['2026-06-01 12:00+02:00', '2026-06-01T10:00:00.000Z'],
  ])('accepts %s', (text, iso) => {
    const at = parseAt(text);
    expect(at?.kind === 'instant' && at.date.toISOString()).toBe(iso);
  });

  it('is a usage error (exit 2) on the command line', async () => {
    const r = await run(['explain', '--spec', EXAMPLE_SPEC, 'xynap', '1000', '--at', '2026-02-30T00:00Z']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--at must look like');
  });

  it('never echoes a control character in NUMBER (or any argument) raw', async () => {
    for (const argv of [
      ['xynap', '10\u001b[2J00'],
      ['xynap', '1000\u0007', '--from', '1001'],
      ['xynap', '1000', '--caller', '+49\u009b31m'],
      ['xy\u001bnap', '1000'],
      ['xynap', '1000', '--at', '2026-01-01\u001b[31m'],
    ]) {
      const r = await run(['explain', '--spec', EXAMPLE_SPEC, ...argv]);
      expect(r.code, JSON.stringify(argv)).toBe(2);
      expect(`${r.stdout}${r.stderr}`, JSON.stringify(argv)).not.toMatch(
        /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/,
      );
      expect(r.stderr).toMatch(/\\u00(1b|07|9b)/);
    }
  });
});
