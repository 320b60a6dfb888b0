import { AGENT_PATHS } from '../../model/deploy-names.js';
import { NODE_PATHS } from '../../model/node-paths.js';
import { DEFAULT_LIMITS, type Limits } from './unpack.js';

/**
 * The node agent's configuration (/etc/pbxc/agent.json, written at first boot). Every path, endpoint
 * and command the agent uses comes from here, so a test can run it against a temporary root and a
 * local S3. Documented field by field in docs/deploy.md.
 */
export interface AgentConfig {
  readonly node: string;
  readonly region: string;
  readonly bucket: string;
  /** SSM parameter holding the published {"version","key","sha256"}. */
  readonly bundleParameter: string;
  /** SSM parameter the agent writes its state to (omit to report to the state file only). */
  readonly statusParameter?: string;
  readonly endpoints: { readonly s3?: string; readonly ssm?: string };
  /** releases/, current, state.json, agent.lock. */
  readonly stateDir: string;
  /** Where the system looks for each part of the active tree (symlinks into stateDir/current). */
  readonly links: {
    readonly freeswitch: string;
    readonly phones: string;
    readonly provisioningAuth: string;
    readonly nginxSite: string;
    /** fail2ban's configuration folder; pbxc's files are linked into its action.d, filter.d, jail.d. */
    readonly fail2ban: string;
    readonly nftables: string;
  };
  readonly tls: {
    /** Certificates FreeSWITCH reads (agent.pem, wss.pem, cafile.pem); linked as freeswitch/tls. */
    readonly dir: string;
    readonly provisioningCert: string;
    readonly provisioningKey: string;
    /** Name for the self-signed fallback certificate. */
    readonly publicName: string;
    /**
     * Node-level names clients use (node, service, provisioning name): the bundle's tenant domains
     * are added at run time, so user data never lists tenants.
     */
    readonly names: readonly string[];
    /** The environment's DNS zone: names in it validate by DNS-01 (acme "dns-route53"). */
    readonly zone?: string;
    /** How the agent gets the certificate: DNS-01 via Route53 (+ HTTP-01), HTTP-01 only, or none. */
    readonly acme: 'dns-route53' | 'http' | 'none';
    /** nginx's ACME challenge root (port 80, /.well-known/acme-challenge/). */
    readonly webroot: string;
    /** certbot deploy hook installing a new certificate where FreeSWITCH and nginx read it. */
    readonly deployHook: string;
  };
  readonly commands: {
    readonly fsCli: readonly string[];
    /** Starts (or restarts) FreeSWITCH with the installed tree: first activation only. */
    readonly freeswitchStart: readonly string[];
    readonly nginx: readonly string[];
    readonly nginxReload: readonly string[];
    readonly fail2banClient: readonly string[];
    readonly nft: readonly string[];
    readonly xmllint: readonly string[];
    readonly openssl: readonly string[];
    /** util-linux flock, which takes the agent's lock on the agent's own descriptor. */
    readonly flock: readonly string[];
    /** The ACME client (certbot) the agent runs for the node certificate. */
    readonly certbot: readonly string[];
  };
  /** Size limits of a bundle (compressed object, expanded tree, file count): bigger is refused. */
  readonly limits: Limits;
  /**
   * Group that may read the installed tree and certificates (files 0640 root:<group>): FreeSWITCH
   * and nginx run as their own users and are members of it. Unset: files stay root's (tests).
   */
  readonly fileGroup?: string;
  /**
   * always: this node runs FreeSWITCH (the first activation starts it). when-running: something else
   * decides where it runs (the HA watcher, active/standby); on a node where it is not running the
   * files are swapped and FreeSWITCH steps are skipped, so it starts with them on failover.
   */
  readonly freeswitchRuns: 'always' | 'when-running';
  /** Seconds FreeSWITCH may take to answer after a start. */
  readonly freeswitchStartTimeout: number;
  /** Seconds to wait for an event socket answer; past it the step failed transiently (retried). */
  readonly eventSocketTimeout: number;
  /** Releases kept on disk for rollback by hand (the active one included). */
  readonly keepReleases: number;
}

export class ConfigError extends Error {}

export function defaultAgentConfig(base: {
  node: string;
  region: string;
  bucket: string;
  bundleParameter: string;
  statusParameter?: string;
  publicName: string;
}): AgentConfig {
  return {
    ...base,
    endpoints: {},
    stateDir: AGENT_PATHS.stateDir,
    links: {
      freeswitch: NODE_PATHS.freeswitchConf,
      phones: NODE_PATHS.phonesRoot,
      provisioningAuth: NODE_PATHS.provisioningAuthDir,
      nginxSite: '/etc/nginx/sites-enabled/pbxc-provisioning.conf',
      fail2ban: '/etc/fail2ban',
      nftables: '/etc/nftables.d/pbx.nft',
    },
    tls: {
      dir: `${AGENT_PATHS.stateDir}/tls`,
      provisioningCert: NODE_PATHS.provisioningTlsCert,
      provisioningKey: NODE_PATHS.provisioningTlsKey,
      publicName: base.publicName,
      names: [],
      acme: 'none',
      webroot: `${AGENT_PATHS.stateDir}/acme`,
      deployHook: '/etc/letsencrypt/renewal-hooks/deploy/pbxc',
    },
    commands: {
      fsCli: ['fs_cli'],
      freeswitchStart: ['systemctl', 'restart', 'freeswitch'],
      nginx: ['nginx'],
      nginxReload: ['nginx', '-s', 'reload'],
      fail2banClient: ['fail2ban-client'],
      nft: ['nft'],
      xmllint: ['xmllint'],
      openssl: ['openssl'],
      flock: ['flock'],
      certbot: ['certbot'],
    },
    limits: DEFAULT_LIMITS,
    freeswitchRuns: 'always',
    freeswitchStartTimeout: 60,
    eventSocketTimeout: 30,
    keepReleases: 3,
  };
}

type Json = Record<string, unknown>;

function str(o: Json, key: string, where: string, optional = false): string | undefined {
  const v = o[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string' || v === '') throw new ConfigError(`${where}${key} must be a non-empty string`);
  return v;
}

function path(o: Json, key: string, where: string): string {
  const v = str(o, key, where)!;
  if (!v.startsWith('/')) throw new ConfigError(`${where}${key} must be an absolute path`);
  // These paths reach nginx's configuration and link targets: plain characters only.
  if (!/^(\/[A-Za-z0-9._+-]+)+$/.test(v) || v.split('/').some((p) => p === '.' || p === '..'))
    throw new ConfigError(`${where}${key} must be a plain absolute path ([A-Za-z0-9._+-] between slashes)`);
  return v;
}

/** Folders a link may never replace: system roots and the daemons' own configuration folders. */
const SYSTEM_FOLDERS = new Set([
  '/etc',
  '/srv',
  '/var',
  '/usr',
  '/opt',
  '/home',
  '/root',
  '/tmp',
  '/boot',
  '/run',
  '/proc',
  '/sys',
  '/dev',
  '/bin',
  '/sbin',
  '/lib',
  '/lib64',
  '/var/lib',
  '/var/log',
  '/var/cache',
  '/var/tmp',
  '/usr/local',
  '/etc/nginx',
  '/etc/nginx/sites-enabled',
  '/etc/fail2ban',
  '/etc/systemd',
  '/etc/ssl',
  '/etc/pbxc',
  '/srv/pbxc',
  '/etc/nftables.d',
  '/var/lib/pbxc',
]);
const inside = (p: string, dir: string) => p === dir || p.startsWith(`${dir}/`);

/**
 * The links the agent replaces (each path becomes a symlink; what was there is kept aside once):
 * never a system root or a daemon's whole folder, never inside the state folder or around it, never
 * one inside another. fail2ban's folder is not replaced (pbxc links files into its action.d, filter.d,
 * jail.d), so it only has to be outside the state folder.
 */
export function linkProblems(stateDir: string, links: AgentConfig['links']): string[] {
  const problems: string[] = [];
  const replaced = Object.entries(links).filter(([k]) => k !== 'fail2ban');
  for (const [k, p] of Object.entries(links)) {
    if (inside(p, stateDir) || inside(stateDir, p))
      problems.push(`links.${k} (${p}) must lie outside stateDir (${stateDir})`);
  }
  for (const [k, p] of replaced) {
    if (SYSTEM_FOLDERS.has(p) || p.split('/').length < 3)
      problems.push(`links.${k} (${p}) is a system folder: name pbxc's own path in it`);
    for (const [k2, p2] of Object.entries(links)) {
      if (k2 !== k && (inside(p2, p) || (k2 !== 'fail2ban' && inside(p, p2))))
        problems.push(`links.${k} (${p}) and links.${k2} (${p2}) overlap`);
    }
  }
  if (links.fail2ban.split('/').length < 3 && links.fail2ban !== '/etc/fail2ban')
    problems.push(`links.fail2ban (${links.fail2ban}) must be fail2ban's configuration folder`);
  return [...new Set(problems)];
}

function obj(o: Json, key: string): Json {
  const v = o[key];
  if (v === undefined) return {};
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new ConfigError(`${key} must be an object`);
  return v as Json;
}

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** DNS names only (they reach certbot's command line and the status). */
function hostnames(v: unknown, where = 'tls.names'): string[] {
  if (!Array.isArray(v) || !v.every((n) => typeof n === 'string' && HOSTNAME.test(n)))
    throw new ConfigError(`${where} must be a list of lower-case DNS names`);
  return v as string[];
}

function acmeMethod(v: unknown): AgentConfig['tls']['acme'] {
  if (v === 'dns-route53' || v === 'http' || v === 'none') return v;
  throw new ConfigError('tls.acme must be "dns-route53", "http" or "none"');
}

function runs(v: unknown): AgentConfig['freeswitchRuns'] {
  if (v === undefined) return 'always';
  if (v === 'always' || v === 'when-running') return v;
  throw new ConfigError('freeswitchRuns must be "always" or "when-running"');
}

/** Parses agent.json: required names, absolute paths, commands as argument lists (never a shell). */
export function parseAgentConfig(text: string): AgentConfig {
  let raw: Json;
  try {
    raw = JSON.parse(text) as Json;
  } catch (error) {
    throw new ConfigError(`not JSON: ${(error as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null) throw new ConfigError('must be a JSON object');
  const node = str(raw, 'node', '')!;
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(node)) throw new ConfigError('node must be [A-Za-z0-9._-]{1,64}');
  const base = defaultAgentConfig({
    node,
    region: str(raw, 'region', '')!,
    bucket: str(raw, 'bucket', '')!,
    bundleParameter: str(raw, 'bundleParameter', '')!,
    publicName: str(obj(raw, 'tls'), 'publicName', 'tls.', true) ?? node,
  });
  const links = obj(raw, 'links');
  const tls = obj(raw, 'tls');
  const commands = obj(raw, 'commands');
  const endpoints = obj(raw, 'endpoints');
  const pick = <T extends object>(defaults: T, given: Json, read: (k: string) => unknown): T =>
    Object.fromEntries(
      Object.keys(defaults).map((k) => [k, given[k] === undefined ? defaults[k as keyof T] : read(k)]),
    ) as T;
  const argv = (k: string) => {
    const v = commands[k];
    if (!Array.isArray(v) || v.length === 0 || !v.every((a) => typeof a === 'string')) {
      throw new ConfigError(`commands.${k} must be a non-empty list of strings`);
    }
    return v as string[];
  };
  const statusParameter = str(raw, 'statusParameter', '', true);
  const fileGroup = str(raw, 'fileGroup', '', true);
  if (fileGroup !== undefined && !/^[a-z_][a-z0-9_-]{0,31}$/.test(fileGroup)) {
    throw new ConfigError('fileGroup must be a group name');
  }
  const number = (k: string, d: number) => {
    const v = raw[k];
    if (v === undefined) return d;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
      throw new ConfigError(`${k} must be a positive integer`);
    return v;
  };
  const limits = obj(raw, 'limits');
  const limit = (k: keyof Limits) => {
    const v = limits[k];
    if (v === undefined) return DEFAULT_LIMITS[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
      throw new ConfigError(`limits.${k} must be a positive integer`);
    return v;
  };
  const stateDir = raw.stateDir === undefined ? base.stateDir : path(raw, 'stateDir', '');
  const linkPaths = pick(base.links, links, (k) => path(links, k, 'links.'));
  const problems = linkProblems(stateDir, linkPaths);
  if (problems.length > 0) throw new ConfigError(problems.join('; '));
  return {
    ...base,
    ...(statusParameter ? { statusParameter } : {}),
    ...(fileGroup ? { fileGroup } : {}),
    endpoints: {
      ...(str(endpoints, 's3', 'endpoints.', true) ? { s3: endpoints.s3 as string } : {}),
      ...(str(endpoints, 'ssm', 'endpoints.', true) ? { ssm: endpoints.ssm as string } : {}),
    },
    stateDir,
    links: linkPaths,
    tls: {
      ...pick(base.tls, tls, (k) =>
        k === 'publicName'
          ? str(tls, k, 'tls.')
          : k === 'names'
            ? hostnames(tls.names)
            : k === 'acme'
              ? acmeMethod(tls.acme)
              : path(tls, k, 'tls.'),
      ),
      ...(tls.zone !== undefined ? { zone: hostnames([tls.zone], 'tls.zone')[0] } : {}),
      ...(raw.tls === undefined || tls.dir === undefined
        ? { dir: `${raw.stateDir === undefined ? base.stateDir : path(raw, 'stateDir', '')}/tls` }
        : {}),
      ...(tls.webroot === undefined
        ? { webroot: `${raw.stateDir === undefined ? base.stateDir : path(raw, 'stateDir', '')}/acme` }
        : {}),
    },
    commands: pick(base.commands, commands, argv),
    freeswitchRuns: runs(raw.freeswitchRuns),
    freeswitchStartTimeout: number('freeswitchStartTimeout', base.freeswitchStartTimeout),
    eventSocketTimeout: number('eventSocketTimeout', base.eventSocketTimeout),
    keepReleases: number('keepReleases', base.keepReleases),
    limits: { bundleBytes: limit('bundleBytes'), treeBytes: limit('treeBytes'), files: limit('files') },
  };
}
