import type { TenantModel } from '../../model/types.js';
import { agentPresenceUser } from './dialplan/queues.js';
import type { DomainEntry } from './directory-lookup.js';
import { LUA_READ } from './lua-prelude.js';

/**
 * BLF initial state. A phone's BLF key SUBSCRIBEs to a presence id; mod_sofia then fires a
 * PRESENCE_PROBE event and answers the subscription only with what some module publishes as
 * PRESENCE_IN. mod_conference answers probes for `conf+<room>@<domain>` and mod_valet_parking for
 * `park+<lot>@<domain>` themselves; nothing answers pbxc's own ids, which the dialplan publishes only
 * when they change:
 *
 *   agent+<extension>@<domain>   a queue agent's log-in state (queue_agent keys)
 *   <override code>@<domain>     a schedule's day/night override (day_night keys)
 *
 * So mod_lua runs scripts/pbxc-presence.lua on every PRESENCE_PROBE (lua.conf.xml `<hook>`). The
 * script answers only ids listed in the probed domain's tenant file, presence/<tenant>.map (the
 * tenant found through directory/domains.map, as the user directory does), reads the state with
 * arguments taken from that file (never from the request) and fires the same PRESENCE_IN the
 * feature codes fire.
 *
 * FreeSWITCH facts (sofia_presence.c, mod_lua.cpp of 1.10/1.11): a SUBSCRIBE to `agent+102@d` is
 * probed with proto "agent" and to "agent+102@d"; one to `*31@d` with proto "sip" and to "*31@d"
 * (probe-type "dialog" for Event: dialog); "from" is the subscriber's From user@host. A hook's
 * script runs in a fresh Lua state with the event as the global `event`.
 */

export const PRESENCE_SCRIPT = 'scripts/pbxc-presence.lua';
export const PRESENCE_DIR = 'presence';

export type PresenceKind = 'agent' | 'daynight';

export interface PresenceEntry {
  /** The user part a key subscribes to (agent+102, *31). */
  readonly user: string;
  readonly kind: PresenceKind;
  /** agent: the extension; daynight: the schedule id. */
  readonly key: string;
}

/** The alphabets the script accepts (the compiler's: extension numbers, service codes, schedule ids). */
export const PRESENCE_USER = /^(?:agent\+[a-z0-9]{1,32}|\*[0-9*#]{1,8})$/;
export const PRESENCE_KEY = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** The ids a tenant's keys may watch and the script answers, sorted by user. */
export function presenceEntries(tenant: TenantModel): PresenceEntry[] {
  const agents = new Set(tenant.queues.flatMap((q) => q.agents.map((a) => a.extension)));
  const entries: PresenceEntry[] = [
    ...[...agents].map((ext) => ({ user: agentPresenceUser(ext), kind: 'agent' as const, key: ext })),
    ...tenant.schedules.flatMap((s) =>
      s.overrideCode === undefined ? [] : [{ user: s.overrideCode, kind: 'daynight' as const, key: s.id }],
    ),
  ];
  return entries.sort((a, b) => (a.user < b.user ? -1 : a.user > b.user ? 1 : 0));
}

/** presence/<tenant>.map: one "<user> <kind> <key>" line per entry; undefined when the tenant has none. */
export function presenceMap(tenant: TenantModel): string | undefined {
  const entries = presenceEntries(tenant);
  if (entries.length === 0) return undefined;
  return entries.map((e) => `${e.user} ${e.kind} ${e.key}\n`).join('');
}

export function presenceMapPath(tenantId: string): string {
  return `${PRESENCE_DIR}/${tenantId}.map`;
}

/** The map as the Lua reads it: the first well-formed line of each user. */
export function parsePresenceMap(text: string): Map<string, { kind: PresenceKind; key: string }> {
  const out = new Map<string, { kind: PresenceKind; key: string }>();
  for (const line of text.split('\n')) {
    const m = /^(\S+) (agent|daynight) (\S+)$/.exec(line);
    if (!m || out.has(m[1]!) || !PRESENCE_USER.test(m[1]!) || !PRESENCE_KEY.test(m[3]!)) continue;
    out.set(m[1]!, { kind: m[2] as PresenceKind, key: m[3]! });
  }
  return out;
}

/** What the script does for one probe: the API command it runs, or undefined (silent). */
export interface ProbeAnswer {
  readonly tenant: string;
  readonly kind: PresenceKind;
  /** The presence id the PRESENCE_IN names (from/login). */
  readonly id: string;
  readonly command: string;
}

const DOMAIN = /^[a-z0-9.-]{1,253}$/;
const TENANT_ID = /^[a-z0-9][a-z0-9-]{0,30}$/;

/**
 * The TypeScript statement of the script's rules (test tables check it; the live test checks the
 * script): `to` must be <user>@<domain> in the compiler's alphabet, the domain a compiled tenant's,
 * the subscriber of that same domain, and the user listed in that tenant's map.
 */
export function probeAnswer(
  to: string | undefined,
  from: string | undefined,
  domains: ReadonlyMap<string, DomainEntry>,
  maps: ReadonlyMap<string, string>,
): ProbeAnswer | undefined {
  if (to === undefined || from === undefined || to.length > 300 || from.length > 300) return undefined;
  const t = /^([^@]+)@([^@]+)$/.exec(to.toLowerCase());
  const f = /^[^@]*@([^@]+)$/.exec(from.toLowerCase());
  if (!t || !f) return undefined;
  const [, user, domain] = t as unknown as [string, string, string];
  if (!PRESENCE_USER.test(user) || !DOMAIN.test(domain) || f[1] !== domain) return undefined;
  const entry = domains.get(domain);
  if (entry === undefined || !TENANT_ID.test(entry.tenant)) return undefined;
  const text = maps.get(entry.tenant);
  const line = text === undefined ? undefined : parsePresenceMap(text).get(user);
  if (line === undefined) return undefined;
  const command =
    line.kind === 'agent'
      ? `callcenter_config agent get status ${line.key}@${domain}`
      : `db select/${entry.tenant}-daynight/${line.key}`;
  return { tenant: entry.tenant, kind: line.kind, id: `${user}@${domain}`, command };
}

/** The state a reply shows: lit (confirmed) while logged in / while an override is active. */
export function probeState(kind: PresenceKind, reply: string): { lit: boolean; status: string } {
  const r = reply.trim();
  if (kind === 'agent') {
    if (/^Available/.test(r)) return { lit: true, status: 'Logged in' };
    return { lit: false, status: r === 'On Break' ? 'On Break' : 'Logged Out' };
  }
  const active = /^(?:open|closed)$/.test(r);
  return { lit: active, status: active ? 'Override active' : 'Automatic' };
}

/**
 * The hook script. Plain Lua 5.2 (mod_lua's), no modules; silent on anything it does not answer (every
 * BLF subscription of every phone is probed, most of them ordinary extensions).
 */
export const PRESENCE_LUA = `-- pbxc: answers PRESENCE_PROBE for pbxc's own BLF ids (generated by pbxc; see
-- src/emit/freeswitch/presence-probe.ts). mod_lua runs it for every probe in a fresh Lua state with
-- the probe as the global "event". It answers only ids listed in the probed tenant's
-- presence/<tenant>.map and builds its command from that file, never from the request.

${LUA_READ}
-- The first line of text that starts with prefix (a plain search), or nil.
local function line_of(text, prefix)
  local at = string.find("\\n" .. text, "\\n" .. prefix, 1, true)
  if at == nil then
    return nil
  end
  return string.match(string.sub(text, at), "^([^\\n]*)")
end

local function answer()
  if event == nil then
    return
  end
  local to = event:getHeader("to")
  local from = event:getHeader("from")
  -- Attacker-controlled (the request URI and From of a SUBSCRIBE): exact alphabets, before any file.
  if type(to) ~= "string" or type(from) ~= "string" or #to > 300 or #from > 300 then
    return
  end
  to = string.lower(to)
  from = string.lower(from)
  local user, domain = string.match(to, "^([^@]+)@([^@]+)$")
  local from_domain = string.match(from, "^[^@]*@([^@]+)$")
  if user == nil or from_domain == nil or #domain > 253 or not string.find(domain, "^[a-z0-9.-]+$") then
    return
  end
  if not (string.find(user, "^agent%+[a-z0-9]+$") and #user <= 38)
      and not (string.find(user, "^%*[0-9*#]+$") and #user <= 9) then
    return
  end
  -- Only a subscriber of the same tenant is answered.
  if from_domain ~= domain then
    return
  end
  local conf = freeswitch.getGlobalVariable("conf_dir")
  if type(conf) ~= "string" or conf == "" then
    return
  end
  local map = pbxc_read(conf .. "/directory/domains.map")
  if map == nil then
    return
  end
  local tenant = string.match(line_of(map, domain .. " ") or "", "^[a-z0-9.-]+ ([a-z0-9][a-z0-9-]*) [0-9]+$")
  if tenant == nil or #tenant > 31 then
    return
  end
  -- The path is the tenant id from the compiled map; the arguments come from the tenant's file.
  local ids = pbxc_read(conf .. "/presence/" .. tenant .. ".map")
  if ids == nil then
    return
  end
  local kind, key = string.match(line_of(ids, user .. " ") or "", "^[^ ]+ ([a-z]+) ([a-z0-9][a-z0-9-]*)$")
  if key == nil or #key > 32 then
    return
  end
  local api = freeswitch.API()
  local lit, status, proto, unique
  if kind == "agent" then
    local reply = api:executeString("callcenter_config agent get status " .. key .. "@" .. domain) or ""
    lit = string.find(reply, "^Available") ~= nil
    if lit then
      status = "Logged in"
    elseif string.find(reply, "^On Break") then
      status = "On Break"
    else
      status = "Logged Out"
    end
    proto = "agent"
    unique = "agent-" .. key .. "-" .. tenant
  elseif kind == "daynight" then
    local reply = api:executeString("db select/" .. tenant .. "-daynight/" .. key) or ""
    lit = string.find(reply, "^open%s*$") ~= nil or string.find(reply, "^closed%s*$") ~= nil
    status = lit and "Override active" or "Automatic"
    proto = "sip"
    unique = "pbxc-daynight-" .. tenant .. "-" .. key
  else
    return
  end
  local e = freeswitch.Event("PRESENCE_IN")
  e:addHeader("proto", proto)
  e:addHeader("from", user .. "@" .. domain)
  e:addHeader("login", user .. "@" .. domain)
  e:addHeader("status", status)
  e:addHeader("rpid", "unknown")
  e:addHeader("event_type", "presence")
  e:addHeader("alt_event_type", "dialog")
  e:addHeader("event_count", "1")
  e:addHeader("unique-id", unique)
  e:addHeader("presence-call-direction", "outbound")
  e:addHeader("answer-state", lit and "confirmed" or "terminated")
  e:fire()
end

answer()
`;
