import type { JsonPath } from '../load/source-file.js';

/**
 * Removes what failed the schema so semantic rules see only well-formed values: the array item that
 * contains a failing path (an invalid extension is left out whole), or, for a failure outside any
 * array, the top-level key (recorded as broken). Items left out are returned so references to them
 * can be recognised instead of reported twice.
 */
export function sanitize(
  value: unknown,
  failedPaths: readonly JsonPath[],
): { value: Record<string, unknown>; dropped: { key: string; item: unknown }[]; broken: Set<string> } {
  const root = structuredClone((value && typeof value === 'object' ? value : {}) as Record<string, unknown>);
  const broken = new Set<string>();
  const drops = new Map<string, Set<number>>();
  for (const path of failedPaths) {
    const top = path[0];
    if (typeof top !== 'string') continue;
    if (path.length === 1 && !(top in root)) continue; // an unknown or missing key: nothing to drop
    if (path.length >= 2 && typeof path[1] === 'number' && Array.isArray(root[top])) {
      const set = drops.get(top) ?? new Set<number>();
      set.add(path[1]);
      drops.set(top, set);
    } else {
      broken.add(top);
    }
  }
  const dropped: { key: string; item: unknown }[] = [];
  for (const [key, indexes] of drops) {
    if (broken.has(key)) continue;
    const items = root[key] as unknown[];
    for (const i of indexes) dropped.push({ key, item: items[i] });
    // Left as holes (null), not removed, so every other item keeps its index and its source position.
    root[key] = items.map((item, i) => (indexes.has(i) ? null : item));
  }
  for (const key of broken) delete root[key];
  return { value: root, dropped, broken };
}
