import { chmod, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import { ioDetail } from '../cli/secret-sources.js';
import { parseSecretsFile } from '../secrets/secrets-file.js';

/** A problem with the output folder or the secrets file; the CLI reports it and exits 2. */
export class ImportWriteError extends Error {
  constructor(
    readonly code: 'PBX7004' | 'PBX7005' | 'PBX7007',
    readonly args: Readonly<Record<string, string>>,
  ) {
    super(Object.values(args).join(': '));
  }
}

const REPORT = 'IMPORT-REPORT.md';

async function list(dir: string): Promise<string[] | undefined> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** True when `dir` holds an earlier import (its report is ours). */
async function isPreviousImport(dir: string): Promise<boolean> {
  try {
    return (await readFile(join(dir, REPORT), 'utf8')).startsWith('# Import report');
  } catch {
    return false;
  }
}

/** The temporary name a file is written under before it is renamed into place. */
const tmpOf = (path: string) => `${path}.pbxc-import-${process.pid}`;

/** Writes `content` under the file's temporary name (complete, with its mode); nothing is replaced. */
async function writeTmp(path: string, content: string, mode: number): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = tmpOf(path);
  const handle = await open(tmp, 'w', mode);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await chmod(tmp, mode);
  return tmp;
}

/**
 * Writes the imported spec into `dir`. An empty or missing folder is fine; a previous import is
 * replaced (its platform.yaml, tenants/*.yaml, schemas and report; other files such as .git stay);
 * anything else only with `force`.
 */
export async function writeImport(
  dir: string,
  files: ReadonlyMap<string, string>,
  force: boolean,
): Promise<void> {
  const target = resolve(dir);
  try {
    const existing = await list(target);
    if (existing && !(await stat(target)).isDirectory())
      throw new ImportWriteError('PBX7007', { dir, detail: 'it is not a folder' });
    if (existing && existing.length > 0 && !force && !(await isPreviousImport(target)))
      throw new ImportWriteError('PBX7004', { dir });
    // Every new file is written in full first: a failure (disk full, a folder in the way) leaves
    // the previous import untouched. Only then are old tenants removed and the files renamed.
    const writes = [...files].sort(([a], [b]) => (a < b ? -1 : 1));
    const written: { tmp: string; path: string }[] = [];
    try {
      for (const [path, content] of writes) {
        const full = join(target, ...path.split('/'));
        written.push({ tmp: await writeTmp(full, content, 0o644), path: full });
      }
    } catch (error) {
      for (const w of written) await rm(w.tmp, { force: true });
      throw error;
    }
    const keep = new Set(written.map((w) => w.path));
    for (const old of (await list(join(target, 'tenants'))) ?? [])
      if (old.endsWith('.yaml') && !keep.has(join(target, 'tenants', old)))
        await rm(join(target, 'tenants', old), { force: true });
    for (const w of written) await rename(w.tmp, w.path);
  } catch (error) {
    if (error instanceof ImportWriteError) throw error;
    throw new ImportWriteError('PBX7007', { dir, detail: (error as Error).message });
  }
}

/** Refuses a secrets file inside the spec folder: that folder goes to Git. */
export function checkSecretsPath(file: string, outDir: string): void {
  const rel = relative(resolve(outDir), resolve(file));
  if (rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith('/')))
    throw new ImportWriteError('PBX7005', {
      file,
      detail: 'it lies inside the --out folder, which belongs in Git; put it elsewhere',
    });
}

/**
 * Writes named secrets to the --secrets file, mode 0600: merged into an existing file (a YAML map of
 * name: value), the imported values winning.
 */
export async function writeSecrets(file: string, secrets: Readonly<Record<string, string>>): Promise<void> {
  let current: Readonly<Record<string, string>> = {};
  try {
    const parsed = parseSecretsFile(await readFile(file, 'utf8'));
    // The file holds secrets: the message names what is wrong, never a line of it.
    if (!parsed.ok)
      throw new ImportWriteError('PBX7005', {
        file,
        detail: `it exists but is not a YAML map of name: value (${parsed.problems.join('; ')})`,
      });
    current = parsed.values;
  } catch (error) {
    if (error instanceof ImportWriteError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw new ImportWriteError('PBX7005', { file, detail: ioDetail(error) });
  }
  const merged = Object.fromEntries(
    Object.entries({ ...current, ...secrets }).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  const body = `# Named secrets for pbxc render (written by pbxc import). Keep this file out of Git.\n${stringifyYaml(merged, { defaultStringType: 'QUOTE_DOUBLE', lineWidth: 0 })}`;
  try {
    await rename(await writeTmp(resolve(file), body, 0o600), resolve(file));
  } catch (error) {
    throw new ImportWriteError('PBX7005', { file, detail: (error as Error).message });
  }
}
