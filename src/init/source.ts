import { existsSync, readFileSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';

/**
 * Where a new platform repository gets pbxc from (`pbxc init --pbxc SOURCE`). Never a bare registry
 * name: pbxc is not published under one, and whoever published a package of that name would run
 * in CI with the master key in its environment. Pure apart from the file lookups of `runningSource`.
 */
export type PbxcSource =
  /** A packed pbxc (npm pack): copied into the new repository's vendor/ and installed from there. */
  | { readonly kind: 'tarball'; readonly path: string }
  /** A pbxc checkout or unpacked package on this machine, built (dist/ present). */
  | { readonly kind: 'folder'; readonly path: string }
  /** A git repository (npm builds it through its prepare script), ideally pinned to a commit. */
  | { readonly kind: 'git'; readonly spec: string }
  /** A tarball URL (the lockfile pins its integrity). */
  | { readonly kind: 'url'; readonly spec: string };

export class SourceError extends Error {}

const GIT = /^(git\+(https|ssh|file):\/\/|git:\/\/|git@[^:]+:|(github|gitlab|bitbucket):)/;
const TARBALL = /\.(tgz|tar\.gz)$/;

/** Classifies what the user typed; `cwd` resolves relative paths. */
export function parseSource(text: string, cwd: string): PbxcSource {
  const s = text.trim();
  if (s === '') throw new SourceError('--pbxc needs a value: a pbxc tarball, folder or git URL');
  if (GIT.test(s)) return { kind: 'git', spec: s };
  if (/^https?:\/\//.test(s)) {
    if (TARBALL.test(new URL(s).pathname)) return { kind: 'url', spec: s };
    throw new SourceError(
      `--pbxc ${s}: an http(s) source must be a tarball (.tgz); for a repository use git+${s}`,
    );
  }
  const pathText = s.startsWith('file:') ? s.slice('file:'.length) : s;
  const looksLikePath =
    s.startsWith('file:') ||
    isAbsolute(pathText) ||
    pathText.startsWith('./') ||
    pathText.startsWith('../') ||
    pathText === '.' ||
    pathText === '..' ||
    TARBALL.test(pathText);
  if (!looksLikePath)
    throw new SourceError(
      `--pbxc ${s}: a bare package name would install whatever a registry serves under that name; ` +
        'give a pbxc tarball (pbxc-<version>.tgz from npm pack), a folder (./path), a git URL ' +
        `(git+https://host/repo.git#<commit>) or a tarball URL${existsSync(resolve(cwd, s)) ? ` (for the folder, write ./${s})` : ''}`,
    );
  const path = resolve(cwd, pathText);
  if (!existsSync(path)) throw new SourceError(`--pbxc ${s}: ${path} does not exist`);
  if (TARBALL.test(path)) return { kind: 'tarball', path };
  if (!existsSync(join(path, 'package.json')))
    throw new SourceError(`--pbxc ${s}: ${path} is neither a pbxc tarball nor a folder with a package.json`);
  return { kind: 'folder', path };
}

/** The folder (inside the new repository) a tarball source is copied to. */
export const VENDOR_DIR = 'vendor';

/** The dependency spec written into the new repository's package.json (at `repoDir`). */
export function dependencySpec(source: PbxcSource, repoDir: string): string {
  switch (source.kind) {
    case 'tarball':
      return `file:${VENDOR_DIR}/${basename(source.path)}`;
    case 'folder': {
      const rel = relative(repoDir, source.path).split(sep).join('/');
      return `file:${rel === '' ? '.' : rel}`;
    }
    case 'git':
    case 'url':
      return source.spec;
  }
}

/**
 * Where the running pbxc came from, for the default of `--pbxc`: from an install, what the
 * installing project's lockfile says it resolved (a tarball path, a git commit or a URL); from a
 * checkout or an unpacked folder, that folder. Undefined when it cannot be told.
 */
export function runningSource(packageRoot: string): PbxcSource | undefined {
  const parts = packageRoot.split(sep);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return { kind: 'folder', path: packageRoot };
  const project = parts.slice(0, at).join(sep) || sep;
  const key = parts.slice(at).join('/');
  for (const lock of [
    join(project, 'node_modules', '.package-lock.json'),
    join(project, 'package-lock.json'),
  ]) {
    let resolved: unknown;
    try {
      resolved = JSON.parse(readFileSync(lock, 'utf8')).packages?.[key]?.resolved;
    } catch {
      continue;
    }
    if (typeof resolved !== 'string') continue;
    if (resolved.startsWith('file:')) {
      const path = resolve(project, resolved.slice('file:'.length));
      if (TARBALL.test(path) && existsSync(path)) return { kind: 'tarball', path };
      if (existsSync(join(path, 'package.json'))) return { kind: 'folder', path };
      continue;
    }
    if (GIT.test(resolved)) return { kind: 'git', spec: resolved };
    if (/^https?:\/\//.test(resolved) && TARBALL.test(new URL(resolved).pathname))
      return { kind: 'url', spec: resolved };
  }
  return undefined;
}

/** One line for the user: what the repository installs pbxc from. */
export function describeSource(source: PbxcSource): string {
  switch (source.kind) {
    case 'tarball':
      return `the tarball ${source.path} (copied to ${VENDOR_DIR}/${basename(source.path)})`;
    case 'folder':
      return `the folder ${source.path}`;
    case 'git':
      return `the git repository ${source.spec}`;
    case 'url':
      return `the tarball at ${source.spec}`;
  }
}
