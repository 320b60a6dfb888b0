import { lstat, readFile, realpath } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { MANIFEST_NAME, parseManifest } from './manifest.js';

/**
 * The path with every existing part's symbolic links resolved: the deepest existing ancestor goes
 * through realpath, the parts that do not exist yet are appended. A link loop or dangling link on
 * the way counts as the path itself (it cannot be written anyway and writeTree says why).
 */
export async function resolveReal(path: string): Promise<string> {
  const absolute = resolve(path);
  const rest: string[] = [];
  let at = absolute;
  for (;;) {
    try {
      const real = await realpath(at);
      return rest.length > 0 ? join(real, ...rest.reverse()) : real;
    } catch {
      const up = dirname(at);
      if (up === at) return absolute;
      rest.push(basename(at));
      at = up;
    }
  }
}

/** True when `inner` is `outer` or lies below it (both absolute, resolved). */
export function within(outer: string, inner: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || !(rel === '..' || rel.startsWith(`..${sep}`) || resolve(rel) === rel);
}

async function isAuditTree(dir: string): Promise<boolean> {
  try {
    const path = join(dir, MANIFEST_NAME);
    if (!(await lstat(path)).isFile()) return false;
    return parseManifest(await readFile(path, 'utf8'))?.mode === 'audit';
  } catch {
    return false;
  }
}

/**
 * Why `out` must not receive a rendered (secret-bearing) tree, or undefined when it may. Refused:
 * the spec folder or anything inside it; the audit tree beside the spec or in the working folder
 * (generated/, even before it exists); and any folder inside a pbxc audit tree (a MANIFEST.json of
 * mode audit in it or an ancestor). Every path is compared after resolving symbolic links.
 */
export async function renderTargetProblem(
  out: string,
  context: { readonly spec: string; readonly cwd: string },
): Promise<string | undefined> {
  const real = await resolveReal(out);
  const spec = await resolveReal(resolve(context.cwd, context.spec));
  if (within(spec, real)) return 'it is inside the spec folder';
  for (const audit of new Set([join(dirname(spec), 'generated'), join(context.cwd, 'generated')])) {
    if (within(await resolveReal(audit), real)) return 'it is inside generated/, the audit tree';
  }
  for (let at = real; ; at = dirname(at)) {
    if (await isAuditTree(at))
      return at === real ? 'it holds an audit tree (pbxc build output)' : `it is inside the audit tree ${at}`;
    if (dirname(at) === at) return undefined;
  }
}
