import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, linkSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { chmod, cp, lstat, mkdir, readdir, readFile, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { ReusedFile } from '../emit/emit-all.js';
import { type EmittedFile, fileBytes } from '../emit/target.js';
import { compareStrings } from '../util/text.js';
import { switchInto } from './exchange.js';
import { cleanLitter, stagingName } from './litter.js';
import { MANIFEST_NAME, type Manifest, parseManifest } from './manifest.js';

export class OutputError extends Error {}

/** What a write did: how many files were written anew, reused unchanged, or nothing at all. */
export interface WriteStats {
  readonly written: number;
  readonly reused: number;
  /** The folder already held exactly these files: nothing was touched. */
  readonly unchanged: boolean;
  /** Where the tree really lives (the target of a symlinked --out). */
  readonly real: string;
}

/**
 * The manifest of an existing output folder, if pbxc wrote it. Only a regular file counts: a
 * symlinked MANIFEST.json could make any folder look like pbxc's.
 */
export async function readManifest(dir: string): Promise<Manifest | undefined> {
  try {
    const path = join(dir, MANIFEST_NAME);
    if (!(await lstat(path)).isFile()) return undefined;
    return parseManifest(await readFile(path, 'utf8'));
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

/** Resolves a symlinked --out to where the tree lives, so the link itself stays in place. */
export async function realTarget(dir: string): Promise<string> {
  const target = resolve(dir);
  let info: Awaited<ReturnType<typeof lstat>>;
  try {
    info = await lstat(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return target;
    throw error;
  }
  if (!info.isSymbolicLink()) return target;
  try {
    return await realpath(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new OutputError(`${dir} is a symbolic link loop`);
    if (code === 'ENOENT') throw new OutputError(`${dir} is a symbolic link to a missing folder`);
    throw error;
  }
}

/** The sha256 of every file, from the tree's own MANIFEST.json when it has one. */
function hashesOf(files: readonly EmittedFile[]): Map<string, string> {
  const own = files.find((f) => f.path === MANIFEST_NAME);
  const manifest = own ? parseManifest(own.content) : undefined;
  const out = new Map<string, string>();
  if (manifest) for (const f of manifest.files) out.set(f.path, f.sha256);
  for (const f of files)
    if (!out.has(f.path)) out.set(f.path, createHash('sha256').update(fileBytes(f)).digest('hex'));
  return out;
}

/** Synchronous like the per-file writes below: one promise per file costs more than the file. */
async function sameContent(path: string, content: string | Buffer): Promise<boolean> {
  try {
    return readFileSync(path).equals(typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
  } catch {
    return false;
  }
}

/**
 * Replaces `dir` with exactly `files`, atomically. The new tree is written into a staging folder
 * next to it and swapped in with one exchange rename (see exchange.ts), so a failure or a kill at
 * any point leaves either the old tree or the new one. Files whose content did not change are
 * hard-linked from the old tree (content-addressed by MANIFEST.json, verified byte for byte), and a
 * tree that is already exact is not touched at all. Litter of killed runs is cleaned first. Refuses
 * to replace a non-empty folder that pbxc did not create (no MANIFEST.json of its own).
 */
export async function writeTree(
  dir: string,
  files: readonly EmittedFile[],
  options: {
    private: boolean;
    /** Top-level folders of the existing tree carried over unchanged (another command writes them). */
    keep?: readonly string[];
    /**
     * Files taken from the existing tree as they are (tenant parts that did not change). The
     * caller verified each against the old MANIFEST.json and the bytes on disk (emit-cache.ts).
     */
    reused?: readonly ReusedFile[];
  },
): Promise<WriteStats> {
  const carried = options.reused ?? [];
  const target = await realTarget(dir);
  const parent = dirname(target);
  const base = basename(target);
  await cleanLitter(parent, base);
  let info: Awaited<ReturnType<typeof stat>> | undefined;
  try {
    info = await stat(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (info && !info.isDirectory()) throw new OutputError(`${dir} is not a folder`);
  const existing = info ? await entries(target) : undefined;
  const old = existing && existing.length > 0 ? await readManifest(target) : undefined;
  if (existing && existing.length > 0 && !old) {
    throw new OutputError(`refusing to replace ${dir}: it is not empty and has no pbxc ${MANIFEST_NAME}`);
  }
  const hashes = hashesOf(files);
  const oldHashes = new Map((old?.files ?? []).map((f) => [f.path, f.sha256]));
  const reusable = async (f: EmittedFile) =>
    f.path !== MANIFEST_NAME &&
    oldHashes.get(f.path) === hashes.get(f.path) &&
    (await sameContent(join(target, ...f.path.split('/')), fileBytes(f)));

  if (old && old.mode === (options.private ? 'render' : 'audit')) {
    const manifest = files.find((f) => f.path === MANIFEST_NAME);
    const exact =
      manifest !== undefined &&
      (await sameContent(join(target, MANIFEST_NAME), manifest.content)) &&
      (await listTree(target)).filter((p) => !(options.keep ?? []).some((k) => p.startsWith(`${k}/`)))
        .length ===
        files.length + carried.length &&
      carried.every((f) => oldHashes.get(f.path) === f.sha256);
    if (exact && (await everyAsync(files, async (f) => f === manifest || (await reusable(f)))))
      return { written: 0, reused: files.length + carried.length, unchanged: true, real: target };
  }
  if (carried.length > 0 && !old)
    throw new OutputError(`${dir} has no ${MANIFEST_NAME}: cannot reuse files of the previous build`);

  await mkdir(parent, { recursive: true });
  const staging = join(parent, stagingName(base, 'new'));
  const retired = join(parent, stagingName(base, 'old'));
  const dirMode = options.private ? 0o700 : 0o755;
  let written = 0;
  let reused = 0;
  try {
    await mkdir(staging, { mode: dirMode });
    if (options.private) await chmod(staging, 0o700);
    const made = new Set<string>();
    /** The file's path in the staging folder, its folder created once. */
    const staged = (relative: string): string => {
      const path = join(staging, ...relative.split('/'));
      const folder = dirname(path);
      if (!made.has(folder)) {
        mkdirSync(folder, { recursive: true, mode: dirMode });
        made.add(folder);
      }
      return path;
    };
    for (const file of files) {
      const path = staged(file.path);
      if (
        oldHashes.size > 0 &&
        old?.mode === (options.private ? 'render' : 'audit') &&
        (await reusable(file))
      ) {
        try {
          linkSync(join(target, ...file.path.split('/')), path);
          reused++;
          continue;
        } catch {
          // A file system without hard links: write the file instead.
        }
      }
      writeFileSync(path, fileBytes(file), { mode: file.sensitive || options.private ? 0o600 : 0o644 });
      written++;
    }
    for (const file of carried) {
      const path = staged(file.path);
      const from = join(target, ...file.path.split('/'));
      try {
        linkSync(from, path);
      } catch {
        // A file system without hard links: copy it instead.
        copyFileSync(from, path);
        chmodSync(path, file.sensitive || options.private ? 0o600 : 0o644);
      }
      reused++;
    }
    for (const name of options.keep ?? []) {
      if (existing?.includes(name)) await cp(join(target, name), join(staging, name), { recursive: true });
    }
    if (info) {
      const leftover = await switchInto(staging, target, retired);
      await rm(leftover, { recursive: true, force: true });
    } else {
      await rename(staging, target);
    }
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return { written, reused, unchanged: false, real: target };
}

async function everyAsync<T>(items: readonly T[], test: (item: T) => Promise<boolean>): Promise<boolean> {
  for (const item of items) if (!(await test(item))) return false;
  return true;
}

/**
 * Files in `dir` (relative POSIX paths), for comparing a folder with a fresh build: sorted by
 * whole path like MANIFEST.json ("t.xml" before "t/1.xml"), not folder by folder. Symbolic links
 * are listed as files and never followed, so a link loop or a link out of the folder cannot make
 * the walk escape or spin.
 */
export async function listTree(dir: string): Promise<string[]> {
  const out: string[] = [];
  await walk(dir, '', out);
  // Full-path order, as the manifest lists files: "a.xml" before "a/1.xml" ('.' < '/').
  return out.sort(compareStrings);
}

async function walk(dir: string, prefix: string, out: string[]): Promise<void> {
  for (const name of (await entries(join(dir, prefix))) ?? []) {
    const rel = prefix ? `${prefix}/${name}` : name;
    if ((await lstat(join(dir, rel))).isDirectory()) await walk(dir, rel, out);
    else out.push(rel);
  }
}
