export type Pairs = readonly (readonly [string, string])[];

export interface SplitDefaults {
  /** Name/value pairs for the container all rows inherit from (the directory domain). */
  readonly shared: [string, string][];
  /** Per row, what it must still say itself: values that differ from the shared one ("" = none). */
  readonly own: [string, string][][];
}

/**
 * Splits rows against a baseline: the baseline's non-empty values go to the shared container; each
 * row keeps only what differs from it (a row without a value the baseline has says so with "").
 * The baseline is what a row with no settings of its own holds (the directory: an extension that
 * says nothing beyond its number), so the shared container depends on the tenant alone, never on
 * how many rows hold which value: adding or removing one row changes that row and nothing else
 * (an earlier majority vote flipped a shared value at a tie and rewrote every other row).
 * A row's pairs come in the baseline's order, then the row's. Pure and deterministic.
 */
export function splitDefaults(rows: readonly Pairs[], baseline: Pairs): SplitDefaults {
  const order = (row: Pairs): string[] => {
    const names: string[] = [];
    const seen = new Set<string>();
    for (const [name] of [...baseline, ...row])
      if (!seen.has(name)) {
        seen.add(name);
        names.push(name);
      }
    return names;
  };
  const shared = new Map<string, string>();
  for (const [name, value] of baseline) if (value !== '' && !shared.has(name)) shared.set(name, value);
  const own = rows.map((row) => {
    const m = new Map(row.map(([k, v]) => [k, v]));
    return order(row).flatMap((name): [string, string][] => {
      const v = m.get(name) ?? '';
      const s = shared.get(name);
      if (s === undefined) return v === '' ? [] : [[name, v]];
      return v === s ? [] : [[name, v]];
    });
  });
  return { shared: [...shared], own };
}
