import { lstat, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Names of the folders writeTree keeps next to `--out` while it works. */
export function stagingName(base: string, kind: 'new' | 'old', pid = process.pid): string {
  return `.${base}.pbxc-${kind}-${pid}`;
}

function alive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Cleans what killed runs left next to `base` in `parent`: staging folders (a killed render's may
 * hold secrets) and retired trees. When a run died between the two renames of the fallback switch,
 * `base` is missing and its retired tree is moved back first, so the last good tree survives.
 * Folders of runs that are still alive are left alone.
 */
export async function cleanLitter(parent: string, base: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return;
  }
  const prefix = `.${base}.pbxc-`;
  const litter = names
    .filter((n) => n.startsWith(prefix))
    .map((n) => ({ name: n, match: /^(new|old)-([0-9]+)$/.exec(n.slice(prefix.length)) }))
    .filter((x) => x.match && !alive(Number(x.match[2])));
  let present = names.includes(base);
  for (const { name, match } of litter) {
    const path = join(parent, name);
    if (!present && match?.[1] === 'old' && (await lstat(path)).isDirectory()) {
      await rename(path, join(parent, base));
      present = true;
      continue;
    }
    await rm(path, { recursive: true, force: true });
  }
}
