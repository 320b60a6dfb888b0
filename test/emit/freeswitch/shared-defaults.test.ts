import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitDefaults } from '../../../src/emit/freeswitch/shared-defaults.js';

/** What a lookup sees: the shared pairs, overridden by the row's own; "" = unset. */
function merge(shared: [string, string][], own: [string, string][]): Record<string, string> {
  const out = Object.fromEntries([...shared, ...own]);
  for (const [k, v] of Object.entries(out)) if (v === '') delete out[k];
  return out;
}

const asRecord = (row: readonly (readonly [string, string])[]) =>
  Object.fromEntries(row.filter(([, v]) => v !== ''));

describe('splitDefaults (directory values shared on the domain)', () => {
  it('moves the common value to the shared container and keeps only the differences', () => {
    const { shared, own } = splitDefaults([
      [
        ['vm', 'true'],
        ['ring', '30'],
        ['mail', 'a@x'],
      ],
      [
        ['vm', 'true'],
        ['ring', '20'],
        ['mail', 'b@x'],
      ],
      [
        ['vm', 'false'],
        ['ring', '30'],
        ['mail', ''],
      ],
    ]);
    expect(shared).toEqual([
      ['vm', 'true'],
      ['ring', '30'],
    ]);
    expect(own).toEqual([
      [['mail', 'a@x']],
      [
        ['ring', '20'],
        ['mail', 'b@x'],
      ],
      [['vm', 'false']],
    ]);
  });

  it('says "" where a row lacks a shared value, and shares nothing held by one row only', () => {
    const { shared, own } = splitDefaults([
      [['fwd', 'x']],
      [['fwd', 'x']],
      [['fwd', 'x']],
      [['fwd', '']],
      [['only', 'y']],
    ]);
    expect(shared).toEqual([['fwd', 'x']]);
    expect(own).toEqual([
      [],
      [],
      [],
      [['fwd', '']],
      [
        ['fwd', ''],
        ['only', 'y'],
      ],
    ]);
  });

  it('never changes what any row sees, and is deterministic', () => {
    const value = fc.constantFrom('', 'a', 'b', 'c');
    const row = fc
      .array(fc.tuple(fc.constantFrom('k1', 'k2', 'k3', 'k4'), value), { maxLength: 6 })
      .map((pairs) => {
        const seen = new Set<string>();
        return pairs.filter(([k]) => !seen.has(k) && seen.add(k)) as [string, string][];
      });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 12 }), (rows) => {
        const split = splitDefaults(rows);
        rows.forEach((r, i) => {
          expect(merge(split.shared, split.own[i]!)).toEqual(asRecord(r));
        });
        expect(splitDefaults(rows)).toEqual(split);
        const written = split.shared.length + split.own.reduce((n, o) => n + o.length, 0);
        expect(written).toBeLessThanOrEqual(
          rows.reduce((n, r) => n + r.filter(([, v]) => v !== '').length, 0) + 4,
        );
      }),
      { numRuns: 300 },
    );
  });
});
