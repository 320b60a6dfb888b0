import { compareStrings } from '../../util/text.js';

export type Pairs = readonly (readonly [string, string])[];

export interface SplitDefaults {
  /** Name/value pairs for the container all rows inherit from (the directory domain). */
  readonly shared: [string, string][];
  /** Per row, what it must still say itself: values that differ from the shared one ("" = none). */
  readonly own: [string, string][][];
}

/**
 * Moves the most common value of each name to a shared container. A name is shared when at least
 * two rows hold the same non-empty value and they outnumber the rows without one; rows that differ
 * keep their own value, and rows without one say so with "" (an inherited value would otherwise
 * apply to them). Names keep their first-seen order; ties go to the lowest value in byte order.
 * Pure and deterministic: the same rows always give the same split.
 */
export function splitDefaults(rows: readonly Pairs[]): SplitDefaults {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const row of rows)
    for (const [name] of row)
      if (!seen.has(name)) {
        seen.add(name);
        names.push(name);
      }
  const maps = rows.map((row) => new Map(row.map(([k, v]) => [k, v])));
  const shared = new Map<string, string>();
  for (const name of names) {
    const counts = new Map<string, number>();
    for (const m of maps) {
      const v = m.get(name) ?? '';
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    let best: string | undefined;
    for (const [v, n] of counts) {
      if (v === '') continue;
      const b = best === undefined ? 0 : counts.get(best)!;
      if (n > b || (n === b && best !== undefined && compareStrings(v, best) < 0)) best = v;
    }
    if (best !== undefined && counts.get(best)! >= 2 && counts.get(best)! > (counts.get('') ?? 0))
      shared.set(name, best);
  }
  const own = maps.map((m) =>
    names.flatMap((name): [string, string][] => {
      const v = m.get(name) ?? '';
      const s = shared.get(name);
      if (s === undefined) return v === '' ? [] : [[name, v]];
      return v === s ? [] : [[name, v]];
    }),
  );
  return { shared: names.filter((n) => shared.has(n)).map((n) => [n, shared.get(n)!]), own };
}
