import { chmod, cp, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { EmittedFile } from '../emit/target.js';
import { MANIFEST_NAME, type Manifest, parseManifest } from './manifest.js';

export class OutputError extends Error {}

/** The manifest of an existing output folder, if pbxc wrote it. */
export async function readManifest(dir: string): Promise<Manifest | undefined> {
  try {
    return parseManifest(await readFile(join(dir, MANIFEST_NAME), 'utf8'));
  } catch {
    return undefined;
  }
}

async function entries(dir: string): Promise<string[] | undefined> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Replaces `dir` with exactly `files`, atomically: the new tree is written next to it and swapped in
 * with renames, so a failure at any point leaves the old folder as it was. Refuses to replace a
 * non-empty folder that pbxc did not create (no MANIFEST.json of its own).
 */
export async function writeTree(
  dir: string,
  files: readonly EmittedFile[],
  options: {
    private: boolean;
    /** Top-level folders of the existing tree carried over unchanged (another command writes them). */
    keep?: readonly string[];
  },
): Promise<void> {
  const target = resolve(dir);
  const existing = await entries(target);
  if (existing && existing.length > 0 && !(await readManifest(target))) {
    throw new OutputError(`refusing to replace ${dir}: it is not empty and has no pbxc ${MANIFEST_NAME}`);
  }
  if (existing && !(await stat(target)).isDirectory()) throw new OutputError(`${dir} is not a folder`);
  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  const staging = join(parent, `.${basename(target)}.pbxc-new-${process.pid}`);
  const retired = join(parent, `.${basename(target)}.pbxc-old-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  try {
    await mkdir(staging, { recursive: true, mode: options.private ? 0o700 : 0o755 });
    for (const file of files) {
      const path = join(staging, ...file.path.split('/'));
      await mkdir(dirname(path), { recursive: true, mode: options.private ? 0o700 : 0o755 });
      await writeFile(path, file.content, { mode: file.sensitive || options.private ? 0o600 : 0o644 });
    }
    for (const name of options.keep ?? []) {
      if (existing?.includes(name)) await cp(join(target, name), join(staging, name), { recursive: true });
    }
    if (options.private) await chmod(staging, 0o700);
    if (existing) await rename(target, retired);
    try {
      await rename(staging, target);
    } catch (error) {
      if (existing) await rename(retired, target);
      throw error;
    }
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  await rm(retired, { recursive: true, force: true });
}

/** Files in `dir` (relative POSIX paths), for comparing a folder with a fresh build. */
export async function listTree(dir: string, prefix = ''): Promise<string[]> {
  const names = (await entries(join(dir, prefix))) ?? [];
  const out: string[] = [];
  for (const name of names.sort()) {
    const rel = prefix ? `${prefix}/${name}` : name;
    if ((await stat(join(dir, rel))).isDirectory()) out.push(...(await listTree(dir, rel)));
    else out.push(rel);
  }
  return out;
}
