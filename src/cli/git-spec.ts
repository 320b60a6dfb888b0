import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { type Diagnostic, diag } from '../diag/diagnostic.js';
import { LIMITS, mib } from '../load/limits.js';
import type { SpecTexts } from '../load/read-spec.js';
import { MEDIA_LIMITS } from '../media/limits.js';
import { readMedia } from '../media/read-media.js';
import type { MediaSource } from '../media/source.js';

/** Reading a spec folder as it was at a git revision: the only git I/O of `pbxc diff`. */

export class GitError extends Error {}

interface Output {
  readonly code: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

function git(cwd: string, args: readonly string[], input?: string): Promise<Output> {
  return new Promise((done, fail) => {
    const child = spawn('git', args, {
      cwd,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => fail(new GitError(`cannot run git: ${e.message}`)));
    child.on('close', (code) =>
      done({
        code: code ?? 1,
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(err).toString('utf8').trim(),
      }),
    );
    if (input !== undefined && child.stdin) {
      // git may exit before reading everything (a bad object): its exit code says why, not EPIPE.
      child.stdin.on('error', () => {});
      child.stdin.end(input);
    }
  });
}

async function gitText(cwd: string, args: readonly string[]): Promise<string> {
  const r = await git(cwd, args);
  if (r.code !== 0) throw new GitError(`git ${args.join(' ')}: ${r.stderr || `exit ${r.code}`}`);
  return r.stdout.toString('utf8').trim();
}

async function exists(cwd: string, ref: string): Promise<boolean> {
  return (await git(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).code === 0;
}

/**
 * The default branch: origin/HEAD when the clone knows it, else the first of origin/main,
 * origin/master, main, master that exists.
 */
export async function defaultBranch(cwd: string): Promise<string> {
  const head = await git(cwd, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']);
  if (head.code === 0) {
    const name = head.stdout.toString('utf8').trim();
    if (name && (await exists(cwd, name))) return name;
  }
  for (const candidate of ['origin/main', 'origin/master', 'main', 'master'])
    if (await exists(cwd, candidate)) return candidate;
  throw new GitError(
    'cannot find the default branch (no origin/HEAD, origin/main, origin/master, main or master): pass --base REF',
  );
}

/** The revision to compare with: --base as given, else the merge base of HEAD and the default branch. */
export async function resolveBase(
  cwd: string,
  base: string | undefined,
): Promise<{ ref: string; commit: string }> {
  await gitText(cwd, ['rev-parse', '--git-dir']).catch(() => {
    throw new GitError(`${cwd} is not inside a git repository: use --base-spec DIR to compare two folders`);
  });
  if (base !== undefined) {
    if (!(await exists(cwd, base))) throw new GitError(`unknown revision "${base}"`);
    return { ref: base, commit: await gitText(cwd, ['rev-parse', `${base}^{commit}`]) };
  }
  const branch = await defaultBranch(cwd);
  const r = await git(cwd, ['merge-base', 'HEAD', branch]);
  if (r.code !== 0) throw new GitError(`HEAD and ${branch} have no common ancestor: pass --base REF`);
  return { ref: `merge-base with ${branch}`, commit: r.stdout.toString('utf8').trim() };
}

/** Where the spec folder lives inside the repository ("spec", "infra/pbx/spec"). */
export async function repoPath(cwd: string, specDir: string): Promise<{ top: string; path: string }> {
  const top = await realpath(await gitText(cwd, ['rev-parse', '--show-toplevel']));
  let dir: string;
  try {
    dir = await realpath(resolve(cwd, specDir));
  } catch {
    // A folder deleted in the working tree can still exist at the base revision.
    dir = resolve(await realpath(cwd), specDir);
  }
  const path = relative(top, dir).split('\\').join('/');
  if (path.startsWith('..')) throw new GitError(`${specDir} is outside the git repository ${top}`);
  return { top, path };
}

/**
 * platform.yaml and tenants/*.yaml of the spec folder at a commit, with paths "<short>:<path>".
 * The loader's size limits apply to blobs too (32 MiB per file, 512 MiB in all): a larger blob is
 * never read, it becomes the same PBX1008 diagnostic a file on disk would.
 */
export async function specAtCommit(
  top: string,
  commit: string,
  path: string,
  label: string,
): Promise<(SpecTexts & { readonly diagnostics: readonly Diagnostic[] }) | undefined> {
  const prefix = path === '' ? '' : `${path}/`;
  const listing = await git(top, ['ls-tree', '-r', '-z', '-l', '--full-tree', commit, '--', prefix || '.']);
  if (listing.code !== 0) throw new GitError(`git ls-tree ${commit}: ${listing.stderr}`);
  const entries = listing.stdout
    .toString('utf8')
    .split('\0')
    .filter((l) => l.length > 0)
    .map((l) => {
      const tab = l.indexOf('\t');
      const [, type, sha, size] = l.slice(0, tab).split(/ +/) as [string, string, string, string];
      return { type, sha, size: Number(size), file: l.slice(tab + 1).slice(prefix.length) };
    })
    .filter((e) => e.type === 'blob');
  const mediaEntries = entries.filter((e) => /^media\/[^/]+\/[^/]+$/.test(e.file));
  const yamlEntries = entries.filter(
    (e) => e.file === 'platform.yaml' || /^tenants\/[^/]+\.yaml$/.test(e.file),
  );
  if (yamlEntries.length === 0) return undefined;
  const shown = (file: string) => `${label}:${prefix}${file}`;
  const diagnostics: Diagnostic[] = [];
  let left: number = LIMITS.specBytes;
  const wanted = yamlEntries.filter((e) => {
    if (e.size <= LIMITS.fileBytes && e.size <= left) {
      left -= e.size;
      return true;
    }
    const limit =
      e.size > LIMITS.fileBytes ? `${mib(LIMITS.fileBytes)} per file` : `${mib(LIMITS.specBytes)} per spec`;
    diagnostics.push(
      diag('PBX1008', { size: mib(e.size), limit }, { file: shown(e.file), line: 1, col: 1, offset: 0 }),
    );
    return false;
  });
  const batch = await git(top, ['cat-file', '--batch'], wanted.map((e) => `${e.sha}\n`).join(''));
  if (batch.code !== 0) throw new GitError(`git cat-file: ${batch.stderr}`);
  const texts = new Map<string, string>();
  let at = 0;
  for (const e of wanted) {
    const nl = batch.stdout.indexOf(10, at);
    const size = Number(batch.stdout.subarray(at, nl).toString('utf8').split(' ')[2]);
    texts.set(e.file, batch.stdout.subarray(nl + 1, nl + 1 + size).toString('utf8'));
    at = nl + 1 + size + 1;
  }
  const platform = texts.get('platform.yaml');
  const media = await mediaAtCommit(top, mediaEntries, shown);
  diagnostics.push(...media.diagnostics);
  return {
    ...(platform !== undefined ? { platform: { path: shown('platform.yaml'), text: platform } } : {}),
    ...(media.media.length > 0 ? { media: media.media } : {}),
    tenants: wanted
      .filter((e) => e.file !== 'platform.yaml')
      .sort((x, y) => (x.file < y.file ? -1 : x.file > y.file ? 1 : 0))
      .map((e) => ({ path: shown(e.file), text: texts.get(e.file)! })),
    diagnostics,
  };
}

/**
 * The media blobs read from a commit: each within the per-file limit and all together within the
 * per-spec limit (in path order), as on disk. The batch holds every wanted blob in memory at once:
 * without the total, 100 blobs of 32 MiB at the base were 3.2 GB in one buffer.
 */
export function mediaWithinLimits<T extends { readonly size: number; readonly file: string }>(
  entries: readonly T[],
  limits: { fileBytes: number; specBytes: number } = MEDIA_LIMITS,
): T[] {
  let left = limits.specBytes;
  return [...entries]
    .sort((x, y) => (x.file < y.file ? -1 : x.file > y.file ? 1 : 0))
    .filter((e) => {
      if (e.size > limits.fileBytes || e.size > left) return false;
      left -= e.size;
      return true;
    });
}

/**
 * The media files of the spec at the commit (media/<scope>/<file>), read by the same reader as a
 * folder on disk: the blobs are written to a private temporary folder first (a file larger than the
 * media limits (per file, per spec) is left out, and the reader reports it as missing where it is referred to).
 */
async function mediaAtCommit(
  top: string,
  entries: readonly { readonly sha: string; readonly size: number; readonly file: string }[],
  shown: (file: string) => string,
): Promise<{ media: MediaSource[]; diagnostics: Diagnostic[] }> {
  const wanted = mediaWithinLimits(entries);
  if (wanted.length === 0) return { media: [], diagnostics: [] };
  const batch = await git(top, ['cat-file', '--batch'], wanted.map((e) => `${e.sha}\n`).join(''));
  if (batch.code !== 0) throw new GitError(`git cat-file: ${batch.stderr}`);
  const dir = await mkdtemp(join(tmpdir(), 'pbxc-base-media-'));
  try {
    let at = 0;
    for (const e of wanted) {
      const nl = batch.stdout.indexOf(10, at);
      const size = Number(batch.stdout.subarray(at, nl).toString('utf8').split(' ')[2]);
      const path = join(dir, e.file);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, batch.stdout.subarray(nl + 1, nl + 1 + size));
      at = nl + 1 + size + 1;
    }
    return await readMedia(dir, shown);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
