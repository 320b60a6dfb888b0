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

describe('splitDefaults (directory values shared on the domain, against a baseline)', () => {
  it('shares the baseline and keeps only the differences ("" where a row lacks a shared value)', () => {
    const { shared, own } = splitDefaults(
      [
        [
          ['vm', 'true'],
          ['ring', '30'],
          ['mail', 'a@x'],
        ],
        [
          ['vm', 'false'],
          ['ring', '30'],
          ['mail', ''],
        ],
        [['only', 'y']],
      ],
      [
        ['vm', 'false'],
        ['ring', '30'],
        ['mail', ''],
      ],
    );
    expect(shared).toEqual([
      ['vm', 'false'],
      ['ring', '30'],
    ]);
    expect(own).toEqual([
      [
        ['vm', 'true'],
        ['mail', 'a@x'],
      ],
      [],
      [
        ['vm', ''],
        ['ring', ''],
        ['only', 'y'],
      ],
    ]);
  });

  const value = fc.constantFrom('', 'a', 'b', 'c');
  const row = fc
    .array(fc.tuple(fc.constantFrom('k1', 'k2', 'k3', 'k4'), value), { maxLength: 6 })
    .map((pairs) => {
      const seen = new Set<string>();
      return pairs.filter(([k]) => !seen.has(k) && seen.add(k)) as [string, string][];
    });

  it('never changes what any row sees, and is deterministic', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 12 }), row, (rows, baseline) => {
        const split = splitDefaults(rows, baseline);
        rows.forEach((r, i) => {
          expect(merge(split.shared, split.own[i]!)).toEqual(asRecord(r));
        });
        expect(splitDefaults(rows, baseline)).toEqual(split);
      }),
      { numRuns: 300 },
    );
  });

  it('removing or adding one row changes no other row and not the shared container', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 12 }), row, fc.nat(), (rows, baseline, pick) => {
        const i = pick % rows.length;
        const all = splitDefaults(rows, baseline);
        const fewer = splitDefaults([...rows.slice(0, i), ...rows.slice(i + 1)], baseline);
        expect(fewer.shared).toEqual(all.shared);
        expect(fewer.own).toEqual([...all.own.slice(0, i), ...all.own.slice(i + 1)]);
      }),
      { numRuns: 300 },
    );
  });
});
