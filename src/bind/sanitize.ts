import type { JsonPath } from '../load/source-file.js';

/**
 * Removes what failed the schema so semantic rules see only well-formed values: the array item that
 * contains a failing path (an invalid extension is left out whole); a failing scalar inside a plain
 * object (a typo in firewall.sip_access) on its own, so the rest of that block is still checked; else
 * the top-level key (recorded as broken). Items left out are returned so references to them can be
 * recognised instead of reported twice.
 */
export function sanitize(
  value: unknown,
  failedPaths: readonly JsonPath[],
): { value: Record<string, unknown>; dropped: { key: string; item: unknown }[]; broken: Set<string> } {
  const source = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  // Nothing failed: nothing to drop, and no copy of a 100,000-extension tenant either.
  if (failedPaths.length === 0 && !Array.isArray(source))
    return { value: source, dropped: [], broken: new Set<string>() };
  const root = structuredClone(source);
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
    } else if (!dropLeaf(root, path)) {
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

/** Deletes a failing scalar below the top level (never a list item or a whole block). */
function dropLeaf(root: Record<string, unknown>, path: JsonPath): boolean {
  const key = path[path.length - 1];
  if (path.length < 2 || typeof key !== 'string') return false;
  let parent: unknown = root;
  for (const segment of path.slice(0, -1)) {
    if (Array.isArray(parent) || !parent || typeof parent !== 'object') return false;
    parent = (parent as Record<string, unknown>)[segment as string];
  }
  if (!parent || typeof parent !== 'object' || Array.isArray(parent)) return false;
  const value = (parent as Record<string, unknown>)[key];
  if (value === undefined || (value !== null && typeof value === 'object')) return false;
  delete (parent as Record<string, unknown>)[key];
  return true;
}
