import {
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { MANIFEST_NAME, parseManifest } from '../../out/manifest.js';
import type { AgentConfig } from './config.js';

/**
 * The release layout under stateDir: releases/<version>/ holds one unpacked bundle, `current` is a
 * symlink to the active release, and every system path (links in agent.json) is a symlink into
 * `current`. Replacing `current` with one rename switches FreeSWITCH, nginx, fail2ban and nftables
 * files at once; renaming it back is the rollback.
 */
export const releasesDir = (c: AgentConfig) => join(c.stateDir, 'releases');
export const releaseDir = (c: AgentConfig, version: string) => join(releasesDir(c), version);
export const currentLink = (c: AgentConfig) => join(c.stateDir, 'current');

/** Version `current` points at, if any. */
export function currentVersion(c: AgentConfig): string | undefined {
  try {
    return readlinkSync(currentLink(c)).split('/').at(-1);
  } catch {
    return undefined;
  }
}

/** The files of an installed release (from its MANIFEST.json): path → text. */
export function readRelease(dir: string): Map<string, string> | undefined {
  try {
    const manifest = parseManifest(readFileSync(join(dir, MANIFEST_NAME), 'utf8'));
    if (!manifest) return undefined;
    const tree = new Map<string, string>();
    for (const f of manifest.files) tree.set(f.path, readFileSync(join(dir, f.path), 'utf8'));
    return tree;
  } catch {
    return undefined;
  }
}

/** Writes the verified files to releases/<version> (via a staging folder and a rename). */
export function stageRelease(c: AgentConfig, version: string, files: ReadonlyMap<string, Buffer>): string {
  const target = releaseDir(c, version);
  const staging = `${target}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true, mode: 0o750 });
  for (const [path, content] of files) {
    const file = join(staging, ...path.split('/'));
    mkdirSync(dirname(file), { recursive: true, mode: 0o750 });
    writeFileSync(file, content, { mode: 0o640 });
  }
  if (c.fileGroup) shareWithGroup(staging, groupId(c.fileGroup));
  // FreeSWITCH finds its certificates in <conf>/tls; they live outside the releases.
  if (existsSync(join(staging, 'freeswitch'))) symlinkSync(c.tls.dir, join(staging, 'freeswitch', 'tls'));
  rmSync(target, { recursive: true, force: true });
  renameSync(staging, target);
  return target;
}

/** The numeric id of a group (from /etc/group), so files can be given to it. */
export function groupId(name: string): number {
  const line = readFileSync('/etc/group', 'utf8')
    .split('\n')
    .find((l) => l.split(':')[0] === name);
  const gid = Number(line?.split(':')[2]);
  if (!line || !Number.isInteger(gid)) throw new Error(`group ${name} does not exist`);
  return gid;
}

/** root:<gid>, so FreeSWITCH and nginx (members of the group) can read what they serve. */
export function shareWithGroup(path: string, gid: number): void {
  chownSync(path, 0, gid);
  if (lstatSync(path).isDirectory())
    for (const name of readdirSync(path)) shareWithGroup(join(path, name), gid);
}

/** Points `link` at `target` atomically (new symlink, then rename over the old one). */
export function pointLink(link: string, target: string): void {
  let existing: ReturnType<typeof lstatSync> | undefined;
  try {
    existing = lstatSync(link);
  } catch {
    existing = undefined;
  }
  if (existing?.isSymbolicLink() && readlinkSync(link) === target) return;
  mkdirSync(dirname(link), { recursive: true });
  if (existing && !existing.isSymbolicLink()) {
    // What the package installed there (e.g. FreeSWITCH's sample /etc/freeswitch): kept aside once.
    const aside = `${link}.pbxc-orig`;
    if (existsSync(aside)) rmSync(link, { recursive: true, force: true });
    else renameSync(link, aside);
  }
  const tmp = `${link}.pbxc-${process.pid}`;
  rmSync(tmp, { force: true });
  symlinkSync(target, tmp);
  renameSync(tmp, link);
}

/** Switches `current` to a release; returns the version it pointed at before. */
export function swapCurrent(c: AgentConfig, version: string): string | undefined {
  const before = currentVersion(c);
  pointLink(currentLink(c), join('releases', version));
  return before;
}

/** The fail2ban files of a release, relative to fail2ban's folder (action.d/x.conf, jail.d/y.local). */
function fail2banFiles(tree: ReadonlyMap<string, unknown>): string[] {
  return [...tree.keys()].filter((p) => p.startsWith('fail2ban/')).map((p) => p.slice('fail2ban/'.length));
}

/** Points every system path at `current`, and removes pbxc's links to files the release no longer has. */
export function linkSystemPaths(c: AgentConfig, tree: ReadonlyMap<string, unknown>): void {
  const cur = currentLink(c);
  const l = c.links;
  pointLink(l.freeswitch, join(cur, 'freeswitch'));
  pointLink(l.phones, join(cur, 'phones'));
  pointLink(l.provisioningAuth, join(cur, 'provisioning', 'htpasswd'));
  const site = [...tree.keys()].find((p) => p.startsWith('provisioning/nginx/'));
  if (site) pointLink(l.nginxSite, join(cur, site));
  pointLink(l.nftables, join(cur, 'nftables', 'pbx.nft'));
  const wanted = new Set(fail2banFiles(tree));
  for (const rel of wanted) pointLink(join(l.fail2ban, rel), join(cur, 'fail2ban', rel));
  for (const sub of ['action.d', 'filter.d', 'jail.d']) {
    const dir = join(l.fail2ban, sub);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (!lstatSync(path).isSymbolicLink()) continue;
      const target = readlinkSync(path);
      if (target.startsWith(`${cur}/`) && !wanted.has(`${sub}/${name}`)) rmSync(path);
    }
  }
}

/** Keeps the newest `keep` releases by install time, never removing the protected ones. */
export function pruneReleases(c: AgentConfig, protect: readonly string[]): string[] {
  const dir = releasesDir(c);
  if (!existsSync(dir)) return [];
  const all = readdirSync(dir)
    .filter((n) => !n.includes('.staging-'))
    .map((n) => ({ n, t: lstatSync(join(dir, n)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  const removed = all
    .slice(c.keepReleases)
    .map((r) => r.n)
    .filter((n) => !protect.includes(n));
  for (const n of removed) rmSync(join(dir, n), { recursive: true, force: true });
  return removed;
}

/** A copy of a folder for a check run (fail2ban's configuration with the staged files in it). */
export function copyDir(from: string, to: string): void {
  cpSync(from, to, { recursive: true, verbatimSymlinks: true });
}
