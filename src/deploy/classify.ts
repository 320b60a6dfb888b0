import { DIDS_DIR } from '../emit/freeswitch/did-lookup.js';
import { DIRECTORY_SCRIPT, DOMAINS_MAP } from '../emit/freeswitch/directory-lookup.js';
import { PRESENCE_DIR, PRESENCE_SCRIPT } from '../emit/freeswitch/presence-probe.js';
import { definedVariables, includePatterns, profileParts, usedVariables } from './sofia-profile.js';

/**
 * What an activation must do, decided from the active tree and the new one (path → content) alone:
 * the least disruptive set of reloads that makes the new files effective. Pure; the agent only runs it.
 *
 * FreeSWITCH facts behind it: reloadxml re-reads the XML (directory, dialplan, IVRs, phrases); the
 * ACL needs reloadacl; sofia reads a profile's settings only when the profile starts, so a changed
 * setting needs a profile restart (which drops that profile's registrations and calls); a rescan
 * adds new gateways but keeps a loaded gateway's old settings, so a changed gateway is killed first;
 * killgw alone removes a gateway. The directory's users are read at lookup time (mod_lua's handler,
 * directory-lookup.ts): a change to them alone is effective at the next lookup, with no reload. So
 * are the public context's DIDs (the same handler answers its hunts, did-lookup.ts).
 */
export type Tree = ReadonlyMap<string, string>;

export interface ProfileAction {
  readonly profile: string;
  /** start: a new profile; stop: a removed one; restart: its own settings changed. */
  readonly action: 'start' | 'stop' | 'restart' | 'rescan';
  /** Gateways to kill before the rescan (changed or removed), sorted. */
  readonly killGateways: readonly string[];
  /** Gateways the rescan adds (new or changed), sorted. */
  readonly addGateways: readonly string[];
  /** Why (for the log). */
  readonly reason: string;
}

export interface ActivationPlan {
  /** No active tree yet: install and (re)start FreeSWITCH with it. */
  readonly first: boolean;
  readonly changed: readonly string[];
  /** Changed files FreeSWITCH reads at lookup time (directory users): effective without a reload. */
  readonly readAtLookup: readonly string[];
  /** Some other FreeSWITCH file changed: the XML must be re-read. */
  readonly reloadxml: boolean;
  /**
   * A directory file changed on a running node: FreeSWITCH's user cache (users are cacheable for
   * USER_CACHE_MS) must be flushed (`xml_flush_cache`), or a changed password, a removed extension or
   * a moved user keeps its old XML until the entry expires. reloadxml does not clear that cache.
   */
  readonly flushUserCache: boolean;
  readonly reloadacl: boolean;
  readonly profiles: readonly ProfileAction[];
  /** FreeSWITCH modules to load (new in modules.conf) or reload (their configuration changed). */
  readonly loadModules: readonly string[];
  readonly reloadModules: readonly string[];
  /** Changes only a FreeSWITCH restart makes effective; the agent reports them and does not restart. */
  readonly restartRequired: readonly string[];
  readonly nginx: boolean;
  readonly fail2ban: boolean;
  readonly nftables: boolean;
}

/** Configuration files of modules that read them only when loaded. */
const MODULE_CONFIGS: Readonly<Record<string, string>> = {
  'voicemail.conf.xml': 'mod_voicemail',
  'event_socket.conf.xml': 'mod_event_socket',
  'logfile.conf.xml': 'mod_logfile',
  'hash.conf.xml': 'mod_hash',
  'db.conf.xml': 'mod_db',
  'opus.conf.xml': 'mod_opus',
  // Queues, agents and tiers load at module load; agents' log-in state stays in its database.
  'callcenter.conf.xml': 'mod_callcenter',
};
/** Read once at start (core settings: RTP ports, sessions). */
const CORE_CONFIGS = new Set(['switch.conf.xml', 'lua.conf.xml']); // lua.conf: its XML handler binds when mod_lua loads

const AC = 'freeswitch/autoload_configs/';
const LOOKUP_SCRIPT = `freeswitch/${DIRECTORY_SCRIPT}`;
const USER_FILE = /^freeswitch\/directory\/[^/]+\/[^/]+\.xml$/;
const DID_FILE = new RegExp(`^freeswitch/${DIDS_DIR}/(?:filters/)?[^/]+\\.xml$`);
const PRESENCE_FILE = new RegExp(`^freeswitch/${PRESENCE_DIR}/[^/]+\\.map$`);

/**
 * Files FreeSWITCH reads when it looks a user up, never at reloadxml: each user's file
 * (directory/<tenant>/<number>.xml), the domain map and the lookup script (mod_lua loads it for every
 * lookup), and the DID buckets and tenant filters the same script serves the public context from
 * (dids/<ddd>.xml, dids/filters/<tenant>.xml). The tenant's domain file (directory/<tenant>.xml) is
 * part of the static tree: not one of them.
 */
export function readAtLookup(path: string): boolean {
  return (
    USER_FILE.test(path) ||
    DID_FILE.test(path) ||
    path === `freeswitch/${DOMAINS_MAP}` ||
    path === `freeswitch/${DIRECTORY_SCRIPT}` ||
    PRESENCE_FILE.test(path) ||
    path === `freeswitch/${PRESENCE_SCRIPT}`
  );
}
const PROFILES = 'freeswitch/sip_profiles/';

function changedPaths(before: Tree, after: Tree): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((p) => p !== 'MANIFEST.json' && before.get(p) !== after.get(p)).sort();
}

function modules(text: string | undefined): Set<string> {
  return new Set([...(text ?? '').matchAll(/<load module="([^"]+)"\/>/g)].map((m) => m[1]!));
}

const sorted = (items: Iterable<string>) => [...new Set(items)].sort();

function changedVariables(before: Tree, after: Tree): Set<string> {
  const a = definedVariables(before.get('freeswitch/vars.xml') ?? '');
  const b = definedVariables(after.get('freeswitch/vars.xml') ?? '');
  return new Set([...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)));
}

/** The profile's text with the include files it pulls in (so their variables count too). */
function withIncludes(tree: Tree, text: string): { text: string; includes: string[] } {
  const patterns = includePatterns(text);
  const includes = [...tree.keys()].filter(
    (p) =>
      p.startsWith(PROFILES) &&
      !p.endsWith('.xml') &&
      patterns.some((re) => re.test(p.slice(PROFILES.length))),
  );
  return { text: [text, ...includes.map((p) => tree.get(p)!)].join('\n'), includes };
}

function profileActions(before: Tree, after: Tree, changed: readonly string[]): ProfileAction[] {
  const vars = changedVariables(before, after);
  const sofiaChanged = changed.includes(`${AC}sofia.conf.xml`);
  const files = sorted(
    [...before.keys(), ...after.keys()].filter((p) => p.startsWith(PROFILES) && p.endsWith('.xml')),
  );
  const actions: ProfileAction[] = [];
  for (const path of files) {
    const file = path.slice(PROFILES.length);
    const old = before.get(path);
    const neu = after.get(path);
    if (old === undefined || neu === undefined) {
      const parts = profileParts(file, (neu ?? old)!);
      actions.push({
        profile: parts.name,
        action: neu === undefined ? 'stop' : 'start',
        killGateways: [],
        addGateways: [],
        reason: neu === undefined ? 'profile removed' : 'new profile',
      });
      continue;
    }
    const a = profileParts(file, old);
    const b = profileParts(file, neu);
    const oldFull = withIncludes(before, a.settings);
    const newFull = withIncludes(after, b.settings);
    const reasons: string[] = [];
    if (a.settings !== b.settings) reasons.push('its settings changed');
    const includes = sorted([...oldFull.includes, ...newFull.includes]).filter((p) => changed.includes(p));
    if (includes.length > 0)
      reasons.push(`${includes.map((p) => p.slice(PROFILES.length)).join(', ')} changed`);
    const used = [...usedVariables(oldFull.text), ...usedVariables(newFull.text)].filter((v) => vars.has(v));
    if (used.length > 0) reasons.push(`variables ${sorted(used).join(', ')} changed`);
    if (sofiaChanged) reasons.push('sofia.conf.xml changed');
    const names = sorted([...a.gateways.keys(), ...b.gateways.keys()]);
    const kill = names.filter((g) => a.gateways.has(g) && a.gateways.get(g) !== b.gateways.get(g));
    const add = names.filter((g) => b.gateways.has(g) && a.gateways.get(g) !== b.gateways.get(g));
    if (reasons.length > 0) {
      actions.push({
        profile: b.name,
        action: 'restart',
        killGateways: [],
        addGateways: [],
        reason: reasons.join('; '),
      });
    } else if (kill.length > 0 || add.length > 0) {
      actions.push({
        profile: b.name,
        action: 'rescan',
        killGateways: kill,
        addGateways: add,
        reason: 'gateways changed',
      });
    }
  }
  return actions;
}

export function classify(before: Tree | undefined, after: Tree): ActivationPlan {
  const first = before === undefined;
  const old = before ?? new Map<string, string>();
  const changed = changedPaths(old, after);
  const has = (prefix: string) => changed.some((p) => p.startsWith(prefix));
  const lookup = changed.filter(readAtLookup);
  const fs = changed.some((p) => p.startsWith('freeswitch/') && !readAtLookup(p));
  const oldModules = modules(old.get(`${AC}modules.conf.xml`));
  const newModules = modules(after.get(`${AC}modules.conf.xml`));
  const restartRequired: string[] = [];
  for (const m of sorted(oldModules)) if (!newModules.has(m)) restartRequired.push(`${m} no longer loaded`);
  const reloadModules: string[] = [];
  for (const path of changed) {
    if (!path.startsWith(AC)) continue;
    const file = path.slice(AC.length);
    const module = MODULE_CONFIGS[file];
    if (module && newModules.has(module) && oldModules.has(module)) reloadModules.push(module);
    if (CORE_CONFIGS.has(file)) restartRequired.push(`${file} changed (core settings are read at start)`);
  }
  return {
    first,
    changed,
    readAtLookup: lookup,
    reloadxml: fs,
    flushUserCache:
      !first && changed.some((p) => p.startsWith('freeswitch/directory/') || p === LOOKUP_SCRIPT),
    reloadacl: changed.includes(`${AC}acl.conf.xml`),
    profiles: first ? [] : profileActions(old, after, changed),
    loadModules: first ? [] : sorted([...newModules].filter((m) => !oldModules.has(m))),
    reloadModules: first ? [] : sorted(reloadModules),
    restartRequired: first ? [] : restartRequired,
    nginx: has('provisioning/nginx/'),
    fail2ban: has('fail2ban/'),
    nftables: has('nftables/'),
  };
}

/** True when nothing needs doing (the trees differ at most in files nobody reloads, e.g. phones/). */
export function isQuiet(plan: ActivationPlan): boolean {
  return (
    !plan.first && !plan.reloadxml && !plan.flushUserCache && !plan.nginx && !plan.fail2ban && !plan.nftables
  );
}
