import type { EmittedFile } from '../emit/target.js';
import { MANIFEST_NAME } from '../out/manifest.js';
import { compareStrings } from '../util/text.js';
import type { TargetFiles } from './change.js';

/** Generated files that differ between two trees, grouped by target (the first folder). */
export function diffFiles(a: readonly EmittedFile[], b: readonly EmittedFile[]): TargetFiles[] {
  const before = new Map(a.map((f) => [f.path, f.content]));
  const after = new Map(b.map((f) => [f.path, f.content]));
  const byTarget = new Map<string, { added: string[]; removed: string[]; changed: string[] }>();
  const bucket = (path: string) => {
    const target = path.split('/')[0]!;
    let entry = byTarget.get(target);
    if (!entry) {
      entry = { added: [], removed: [], changed: [] };
      byTarget.set(target, entry);
    }
    return entry;
  };
  for (const [path, content] of after) {
    if (path === MANIFEST_NAME) continue;
    const old = before.get(path);
    if (old === undefined) bucket(path).added.push(path);
    else if (old !== content) bucket(path).changed.push(path);
  }
  for (const path of before.keys())
    if (path !== MANIFEST_NAME && !after.has(path)) bucket(path).removed.push(path);
  return [...byTarget.entries()]
    .sort(([x], [y]) => compareStrings(x, y))
    .map(([target, e]) => ({
      target,
      added: e.added.sort(compareStrings),
      removed: e.removed.sort(compareStrings),
      changed: e.changed.sort(compareStrings),
    }));
}
