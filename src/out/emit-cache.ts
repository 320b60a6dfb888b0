import { createHash } from 'node:crypto';
import { lstatSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Tree } from '../build-tree.js';
import type { ReusedFile } from '../emit/emit-all.js';
import { packageRoot } from '../util/package-root.js';
import { MANIFEST_NAME, type Manifest } from './manifest.js';
import { readManifest } from './write-tree.js';

/**
 * The emit cache: which files each tenant part (cache-key.ts) produced in the last build into an
 * output folder. It lives outside the audit tree, so MANIFEST.json and generated/ carry no trace
 * of it: `$PBXC_CACHE_DIR`, else `node_modules/.cache/pbxc` of the nearest folder above --out
 * that has node_modules, else `$XDG_CACHE_HOME/pbxc`; with none of them there is no cache and
 * every build runs every emitter. One index file per output folder.
 *
 * It is only a hint: a part is reused only when its key matches, the old MANIFEST.json lists
 * each of its files with the same sha256 and size, and the bytes on disk hash to it. A stale,
 * corrupt, foreign or edited index or tree costs a re-emit, never a wrong file.
 */
const FORMAT = 'pbxc-emit-cache-1';
const SAFE_PATH = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

interface Index {
  readonly format: string;
  /** The output folder it describes (real path). */
  readonly out: string;
  /** Part key → the part (`target/tenant`) and its files. */
  readonly parts: Record<string, { readonly part: string; readonly files: readonly ReusedFile[] }>;
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Where the index of the output folder `out` (a real path) lives, or undefined for no cache. */
export async function cacheFile(
  out: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<string | undefined> {
  const name = `emit-${createHash('sha256').update(out).digest('hex').slice(0, 32)}.json`;
  if (env.PBXC_CACHE_DIR) return join(resolve(env.PBXC_CACHE_DIR), name);
  for (let dir = dirname(out); ; dir = dirname(dir)) {
    if (await isFolder(join(dir, 'node_modules'))) return join(dir, 'node_modules', '.cache', 'pbxc', name);
    if (dirname(dir) === dir) break;
  }
  if (env.XDG_CACHE_HOME) return join(resolve(env.XDG_CACHE_HOME), 'pbxc', name);
  return undefined;
}

let code: Promise<string> | undefined;

/**
 * A digest of the compiler's own code: every file of the folder this module was loaded from
 * (dist/ when installed, src/ under tests) and of the package's src/ (the phone templates are
 * read from there), the lock file (nunjucks renders the templates) and Node's versions (ICU and
 * time zone data), so any change to any emitter, template or dependency gives new keys.
 * Computed once per process.
 */
export function codeFingerprint(): Promise<string> {
  code ??= (async () => {
    const hash = createHash('sha256');
    hash.update(`${FORMAT}\0${JSON.stringify(process.versions)}\0`);
    const pkg = packageRoot();
    const roots = [...new Set([fileURLToPath(new URL('..', import.meta.url)), join(pkg, 'src')])];
    for (const name of ['package.json', 'package-lock.json']) {
      const bytes = await readFile(join(pkg, name)).catch(() => Buffer.alloc(0));
      hash.update(`${name}\0${bytes.length}\0`);
      hash.update(bytes);
    }
    let root = '';
    const walk = async (dir: string): Promise<void> => {
      for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
        a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
      )) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (entry.isFile()) {
          const bytes = await readFile(path);
          hash.update(`${relative(root, path)}\0${bytes.length}\0`);
          hash.update(bytes);
        }
      }
    };
    for (root of roots) {
      hash.update(`root\0${relative(pkg, root)}\0`);
      await walk(root).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
    return hash.digest('hex');
  })();
  return code;
}

async function readIndex(file: string, out: string): Promise<Index | undefined> {
  try {
    const index = JSON.parse(await readFile(file, 'utf8')) as Index;
    if (index?.format !== FORMAT || index.out !== out || typeof index.parts !== 'object') return undefined;
    return index;
  } catch {
    return undefined;
  }
}

function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A file of the old tree is what the index says: listed alike in MANIFEST.json, same bytes. */
async function intact(out: string, manifest: ReadonlyMap<string, Manifest['files'][number]>, f: ReusedFile) {
  if (typeof f?.path !== 'string' || !SAFE_PATH.test(f.path) || f.path.split('/').includes('..'))
    return false;
  if (f.path === MANIFEST_NAME) return false;
  const listed = manifest.get(f.path);
  if (!listed || listed.sha256 !== f.sha256 || listed.bytes !== f.bytes) return false;
  const path = join(out, ...f.path.split('/'));
  try {
    // Synchronous: one promise per small file costs more than reading it.
    if (!lstatSync(path).isFile()) return false;
    const bytes = readFileSync(path);
    return bytes.length === f.bytes && sha256Of(bytes) === f.sha256;
  } catch {
    return false;
  }
}

export interface EmitCache {
  /** The parts of `keys` (part name → key) that can be reused: key → files, all verified. */
  reusable(keys: ReadonlyMap<string, string>): Promise<Map<string, readonly ReusedFile[]>>;
  /** Records what a successful build into `out` produced (never throws: a cache is optional). */
  save(
    tree: Tree,
    keys: ReadonlyMap<string, string>,
    reused: ReadonlyMap<string, readonly ReusedFile[]>,
  ): Promise<void>;
}

/** The cache of an output folder (`out` real), or undefined when there is no cache location. */
export async function openEmitCache(
  out: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<EmitCache | undefined> {
  const file = await cacheFile(out, env);
  if (!file) return undefined;
  return {
    async reusable(keys) {
      const found = new Map<string, readonly ReusedFile[]>();
      const index = await readIndex(file, out);
      if (!index) return found;
      const old = await readManifest(out);
      if (old?.mode !== 'audit') return found;
      const listed = new Map(old.files.map((f) => [f.path, f]));
      for (const [name, key] of keys) {
        const entry = Object.hasOwn(index.parts, key) ? index.parts[key] : undefined;
        const files = entry?.part === name ? entry.files : undefined;
        if (!Array.isArray(files)) continue;
        const folder = `${name.split('/')[0]}/`;
        let ok = true;
        for (const f of files) {
          ok = typeof f?.path === 'string' && f.path.startsWith(folder) && (await intact(out, listed, f));
          if (!ok) break;
        }
        if (ok)
          found.set(
            key,
            files.map((f) => ({
              path: f.path,
              sha256: f.sha256,
              bytes: f.bytes,
              ...(f.sensitive ? { sensitive: true } : {}),
            })),
          );
      }
      return found;
    },
    async save(tree, keys, reused) {
      const entries = new Map(tree.manifest.files.map((f) => [f.path, f]));
      const sensitive = new Set(tree.files.filter((f) => f.sensitive).map((f) => f.path));
      const parts: Index['parts'] = Object.create(null);
      const inTree = new Set(tree.reused.map((f) => f.path));
      for (const [name, key] of keys) {
        const files = reused.get(key);
        if (files?.every((f) => inTree.has(f.path))) parts[key] = { part: name, files };
      }
      for (const part of tree.parts) {
        const files: ReusedFile[] = [];
        for (const path of part.paths) {
          const entry = entries.get(path);
          if (!entry) continue;
          files.push({ ...entry, ...(sensitive.has(path) ? { sensitive: true } : {}) });
        }
        parts[part.key] = { part: part.name, files };
      }
      const index: Index = { format: FORMAT, out, parts };
      const temp = `${file}.${process.pid}.tmp`;
      try {
        await mkdir(dirname(file), { recursive: true });
        await writeFile(temp, `${JSON.stringify(index)}\n`);
        await rename(temp, file);
      } catch {
        await rm(temp, { force: true }).catch(() => undefined);
      }
    },
  };
}
