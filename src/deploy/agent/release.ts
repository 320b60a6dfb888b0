import {
  chownSync,
  closeSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { NODE_PATHS } from '../../model/node-paths.js';
import { MANIFEST_NAME, parseManifest } from '../../out/manifest.js';
import { escapeRegex } from '../../util/escape.js';
import type { AgentConfig } from './config.js';
import { syncDir, writeDurable } from './durable.js';

/**
 * The release layout under stateDir: releases/<version>/ holds one unpacked bundle, `current` is a
 * symlink to the active release, and every system path (links in agent.json) is a symlink into
 * `current`. Replacing `current` with one rename switches FreeSWITCH, nginx, fail2ban and nftables
 * files at once; renaming it back is the rollback.
 */
export const releasesDir = (c: AgentConfig) => join(c.stateDir, 'releases');
export const releaseDir = (c: AgentConfig, version: string) => join(releasesDir(c), version);
export const currentLink = (c: AgentConfig) => join(c.stateDir, 'current');

/** Folder `current` points at, if any (informational: "active" is activated.json, never the link). */
export function currentTarget(c: AgentConfig): string | undefined {
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

/** Written last into a staged release: which bundle it holds. A release without it is not used. */
export const RELEASE_MARK = '.pbxc-release.json';

/** True when releases/<dir> is a complete release of the bundle with this digest. */
export function releaseIntact(c: AgentConfig, dir: string, sha256: string | undefined): boolean {
  try {
    const mark = JSON.parse(readFileSync(join(releaseDir(c, dir), RELEASE_MARK), 'utf8')) as {
      sha256?: string;
    };
    return (sha256 === undefined || mark.sha256 === sha256) && readRelease(releaseDir(c, dir)) !== undefined;
  } catch {
    return false;
  }
}

/**
 * The nginx site is rendered with the production paths (NODE_PATHS); the node's agent.json may put
 * the phones, the htpasswd files and the provisioning certificate elsewhere (a test root). The site's
 * directives that read them are pointed at the configured paths. A no-op with the default config.
 */
export function localizeSite(text: string, c: AgentConfig): string {
  const swaps: [string, string, string][] = [
    ['auth_basic_user_file', `${NODE_PATHS.provisioningAuthDir}/`, `${c.links.provisioningAuth}/`],
    ['alias', `${NODE_PATHS.phonesRoot}/`, `${c.links.phones}/`],
    ['ssl_certificate', NODE_PATHS.provisioningTlsCert, c.tls.provisioningCert],
    ['ssl_certificate_key', NODE_PATHS.provisioningTlsKey, c.tls.provisioningKey],
  ];
  let out = text;
  for (const [directive, from, to] of swaps) {
    if (from === to) continue;
    const re = new RegExp(`^(\\s*${directive}\\s+)${escapeRegex(from)}`, 'gm');
    out = out.replace(re, (_m, lead: string) => `${lead}${to}`);
  }
  return out;
}

/**
 * Completes a verified staging folder: the node's paths in the nginx site, the certificate link
 * (FreeSWITCH finds its certificates in <conf>/tls; they live outside the releases), the file group.
 */
export function prepareStaged(c: AgentConfig, staging: string, sha256: string, version: string): void {
  const nginx = join(staging, 'provisioning', 'nginx');
  if (existsSync(nginx)) {
    for (const name of readdirSync(nginx)) {
      const file = join(nginx, name);
      const text = readFileSync(file, 'utf8');
      const local = localizeSite(text, c);
      if (local !== text) writeFileSync(file, local, { mode: 0o640 });
    }
  }
  if (existsSync(join(staging, 'freeswitch'))) symlinkSync(c.tls.dir, join(staging, 'freeswitch', 'tls'));
  if (c.fileGroup) shareWithGroup(staging, groupId(c.fileGroup));
  writeDurable(join(staging, RELEASE_MARK), `${JSON.stringify({ version, sha256 })}\n`, 0o640);
}

/** Moves a checked staging folder to releases/<dir> (a folder that is not live, replaced if present). */
export function installStaged(c: AgentConfig, staging: string, dir: string): string {
  const target = releaseDir(c, dir);
  rmSync(target, { recursive: true, force: true });
  renameSync(staging, target);
  syncDir(releasesDir(c));
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

/** Switches `current` to releases/<dir> (atomic; repeating it changes nothing). */
export function swapCurrent(c: AgentConfig, dir: string): void {
  pointLink(currentLink(c), join('releases', dir));
  syncDir(c.stateDir);
}

/** The fail2ban files of a release, relative to fail2ban's folder (action.d/x.conf, jail.d/y.local). */
function fail2banFiles(tree: ReadonlyMap<string, unknown>): string[] {
  return [...tree.keys()].filter((p) => FAIL2BAN_FILE.test(p)).map((p) => p.slice('fail2ban/'.length));
}
/** The only fail2ban files a bundle may place (the bundle is refused otherwise, see unpack.ts). */
const FAIL2BAN_FILE = /^fail2ban\/(action\.d|filter\.d|jail\.d)\/[A-Za-z0-9_.-]+\.(conf|local)$/;

/** Log files a pbxc jail may watch: the node's own logs. The agent creates a missing one (empty). */
export const JAIL_LOGS: readonly string[] = [
  NODE_PATHS.freeswitchLog,
  NODE_PATHS.provisioningAccessLog,
  NODE_PATHS.provisioningErrorLog,
  NODE_PATHS.fail2banLog,
];

/** The logpath lines of a jail file. */
export function jailLogpaths(text: string): string[] {
  return [...text.matchAll(/^\s*logpath\s*=\s*(.*?)\s*$/gm)].map((m) => m[1]!);
}

/** The watched logs exist before fail2ban reloads (it refuses a jail without its log). */
export function touchJailLogs(tree: ReadonlyMap<string, string>): void {
  for (const [path, text] of tree) {
    if (!/^fail2ban\/jail\.d\//.test(path)) continue;
    for (const log of jailLogpaths(text)) {
      if (!JAIL_LOGS.includes(log) || existsSync(log)) continue;
      mkdirSync(dirname(log), { recursive: true, mode: 0o755 });
      closeSync(openSync(log, 'a', 0o640));
    }
  }
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
    .filter((n) => !n.startsWith('.') && !/\.(staging|check)-\d+$/.test(n))
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
