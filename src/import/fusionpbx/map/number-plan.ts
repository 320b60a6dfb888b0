/**
 * The number plan inferred from the numbers in use: per use, blocks sharing leading digits
 * (1000-1099 for 1000..1007), narrowed until no block covers a number of another use.
 */
export type Use = 'extensions' | 'groups' | 'aliases';

export function inferPlan(
  numbers: Readonly<Record<Use, readonly string[]>>,
): { range?: string; match?: string; use: Use }[] {
  const all = new Map<string, Use>();
  for (const use of ['extensions', 'groups', 'aliases'] as const)
    for (const n of numbers[use]) if (!all.has(n)) all.set(n, use);
  const out: { range?: string; match?: string; use: Use; sort: string }[] = [];
  for (const use of ['extensions', 'groups', 'aliases'] as const) {
    const numeric = [...new Set(numbers[use])].filter((n) => /^[0-9]+$/.test(n));
    const blocks = new Map<string, [string, string]>();
    for (const n of numeric) {
      // Widest block first: fix all but the last two digits (at least one digit fixed).
      for (let fixed = Math.max(1, n.length - 2); fixed <= n.length; fixed++) {
        const head = n.slice(0, fixed);
        const lo = head.padEnd(n.length, '0');
        const hi = head.padEnd(n.length, '9');
        const clash = [...all.entries()].some(
          ([m, u]) => u !== use && m.length === n.length && /^[0-9]+$/.test(m) && m >= lo && m <= hi,
        );
        if (!clash || fixed === n.length) {
          blocks.set(`${lo}-${hi}`, [lo, hi]);
          break;
        }
      }
    }
    // Drop blocks inside another block of the same use.
    const list = [...blocks.values()];
    for (const [lo, hi] of list) {
      const inside = list.some(
        ([a, b]) => (a !== lo || b !== hi) && a.length === lo.length && a <= lo && b >= hi,
      );
      if (!inside)
        out.push({ range: `${lo}-${hi}`, use, sort: `${lo.length.toString().padStart(2, '0')}${lo}` });
    }
    for (const n of [...new Set(numbers[use])].filter((x) => !/^[0-9]+$/.test(x)).sort())
      out.push({ match: n, use, sort: `zz${n}` });
  }
  return out.sort((a, b) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0)).map(({ sort: _s, ...e }) => e);
}
