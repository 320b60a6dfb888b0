import type { Model } from '../../model/types.js';
import { PRESENCE_SCRIPT } from './presence-probe.js';
import { configuration, el, param, renderXml } from './xml.js';

/**
 * The user directory served on demand. reloadxml no longer parses every user of every tenant: the
 * static tree keeps each tenant's <domain> (params and variables its users share) without users,
 * and mod_lua's XML handler, bound to the directory section, answers a lookup of one user from the
 * files pbxc compiled (paths relative to the FreeSWITCH conf dir):
 *
 *   directory/domains.map            one "<domain> <tenant> <buckets>" line per tenant, sorted
 *   directory/<tenant>.xml           the domain (also in the static tree)
 *   directory/<tenant>/<bucket>.xml  its users: <users>, one <user> element per line, </users>
 *
 * A tenant's users are spread over `buckets` files (a power of two, about 64 users each) by a hash of
 * the user id: a lookup reads one small file, and the tree has a few files per tenant, not one per
 * user (20,000 users: 400 files).
 *
 * FreeSWITCH facts (switch_xml.c, mod_lua.cpp of 1.10/1.11): a user lookup calls the bindings with
 * section "directory", tag "domain", key "name", the domain as value and a params event carrying
 * "user" and "domain"; the handler runs in a fresh Lua state per lookup and answers by setting
 * XML_STRING; no answer, or one without that domain, sends FreeSWITCH to its static tree, which has
 * the domain but no users: "not found". The answer's domain params/variables merge into the user
 * exactly as before (switch_xml_merge_user), so sofia's auth, user_exists, user_data, the user/
 * endpoint and mod_voicemail see the same user as with the static directory.
 */

export const DIRECTORY_SCRIPT = 'scripts/pbxc-directory.lua';
export const DOMAINS_MAP = 'directory/domains.map';

/** The exact names the lookup serves; everything else is "not found" before any file is opened. */
export const USER_ID = /^[a-z0-9]{1,32}$/;
export const DOMAIN_NAME = /^[a-z0-9.-]{1,253}$/;
export const TENANT_ID = /^[a-z0-9][a-z0-9-]{0,30}$/;

/** About this many users share a bucket file. */
export const USERS_PER_BUCKET = 64;

/** A tenant's bucket count: a power of two, so it changes only when the tenant doubles. */
export function bucketCount(users: number): number {
  let b = 1;
  while (b * USERS_PER_BUCKET < users) b *= 2;
  return b;
}

/** A user id's bucket: a polynomial hash of its bytes, exact in Lua 5.2's doubles (< 2^36). */
export function bucketOf(user: string, buckets: number): number {
  let h = 0;
  for (let i = 0; i < user.length; i++) h = (h * 31 + user.charCodeAt(i)) % 2147483647;
  return h % buckets;
}

export interface DomainEntry {
  readonly tenant: string;
  readonly buckets: number;
}

/** The map as the Lua reads it (lines that do not match are skipped). */
export function parseDomainsMap(text: string): Map<string, DomainEntry> {
  const out = new Map<string, DomainEntry>();
  for (const line of text.split('\n')) {
    const m = /^([a-z0-9.-]+) ([a-z0-9][a-z0-9-]*) ([0-9]+)$/.exec(line);
    if (m && !out.has(m[1]!)) out.set(m[1]!, { tenant: m[2]!, buckets: Number(m[3]) });
  }
  return out;
}

/**
 * Where a lookup looks: the bucket file and the user id it searches there, or undefined (the
 * TypeScript statement of the Lua's rules; the Lua answers when that file has a line for the user).
 */
export function lookupFile(
  user: string | undefined,
  domain: string | undefined,
  domains: ReadonlyMap<string, DomainEntry>,
): { readonly file: string; readonly user: string } | undefined {
  if (user === undefined || domain === undefined || user.length > 32 || domain.length > 253) return undefined;
  const u = asciiLower(user);
  const d = asciiLower(domain);
  if (!USER_ID.test(u) || !DOMAIN_NAME.test(d)) return undefined;
  const entry = domains.get(d);
  if (entry === undefined || !TENANT_ID.test(entry.tenant) || entry.buckets < 1) return undefined;
  return { file: `directory/${entry.tenant}/${bucketOf(u, entry.buckets)}.xml`, user: u };
}

/** Lua's string.lower in the C locale: only A-Z change. */
function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** Tenant domains are schema-checked host names, tenant ids [a-z0-9-]: one plain line each. */
export function domainsMap(model: Model): string {
  const lines = model.tenants.map((t) => `${t.domain} ${t.id} ${bucketCount(t.extensions.length)}`).sort();
  return lines.map((l) => `${l}\n`).join('');
}

/**
 * A tenant's bucket files (bucket → text) from its users' lines (number → `<user …>` line): a
 * well-formed `<users>` document with one user per line, in spec order.
 */
export function bucketFiles(users: ReadonlyMap<string, string>): Map<number, string> {
  const buckets = bucketCount(users.size);
  const lines = new Map<number, string[]>();
  for (const [number, line] of users) {
    const k = bucketOf(number, buckets);
    lines.set(k, [...(lines.get(k) ?? []), line]);
  }
  return new Map(
    [...lines].sort(([a], [b]) => a - b).map(([k, l]) => [k, `<users>\n${l.join('')}</users>\n`]),
  );
}

export function luaConf(): string {
  return renderXml(
    configuration('lua', 'Lua: the on-demand user directory', [
      el('settings', {}, [
        // $${conf_dir} is FreeSWITCH's -conf folder (set before the configuration is pre-processed).
        // mod_lua splits this value at spaces (script arguments): the conf dir must not contain one.
        param('xml-handler-script', `$\${conf_dir}/${DIRECTORY_SCRIPT}`),
        param('xml-handler-bindings', 'directory,dialplan'),
        // BLF initial state (presence-probe.ts): mod_lua binds the hook when it loads, so it is
        // always there; the script answers nothing on a node without queue agents or overrides.
        el('hook', { event: 'PRESENCE_PROBE', script: `$\${conf_dir}/${PRESENCE_SCRIPT}` }),
      ]),
    ]),
  );
}

/**
 * The handler's directory part (after LUA_PRELUDE). Plain Lua 5.2 (mod_lua's), no modules. It writes
 * nothing to the log on a miss: every unknown user would otherwise add a line next to the ones
 * fail2ban reads. Per lookup it reads three small files: the domains map (searched as one string, not
 * matched line by line), the user's bucket and the tenant's domain.
 */
export const DIRECTORY_LUA = String.raw`
-- pbxc: one user of the directory, on demand. A user lookup in a tenant domain is answered from the
-- compiled files; FreeSWITCH's static tree holds the domains without users: "not found" otherwise.

local function lookup()
  local req = XML_REQUEST
  if type(req) ~= "table" or req.section ~= "directory" or req.tag_name ~= "domain"
      or req.key_name ~= "name" or params == nil then
    return nil
  end
  local user = params:getHeader("user")
  local domain = req.key_value
  -- Attacker-controlled (the SIP user and host of a REGISTER): exact alphabets, before any file.
  if type(user) ~= "string" or type(domain) ~= "string" or #user < 1 or #user > 32
      or #domain < 1 or #domain > 253 then
    return nil
  end
  user = string.lower(user)
  domain = string.lower(domain)
  if not string.find(user, "^[a-z0-9]+$") or not string.find(domain, "^[a-z0-9.-]+$") then
    return nil
  end
  local dir = pbxc_dir("directory")
  if dir == nil then
    return nil
  end
  -- The domain must be one of the compiled tenants: the path uses the tenant id from the map, the
  -- first well-formed line of that domain (a plain search, then one match of that line).
  local map = pbxc_read(dir .. "domains.map")
  if map == nil then
    return nil
  end
  map = "\n" .. map
  local tenant, buckets = nil, nil
  local at = 1
  while tenant == nil do
    local first, last = string.find(map, "\n" .. domain .. " ", at, true)
    if first == nil then
      break
    end
    local t, n = string.match(string.match(map, "^\n([^\n]*)", first),
      "^[a-z0-9.-]+ ([a-z0-9][a-z0-9-]*) ([0-9]+)$")
    if t ~= nil then
      tenant, buckets = t, tonumber(n)
    end
    at = last
  end
  if tenant == nil or #tenant > 31 or buckets == nil or buckets < 1 then
    return nil
  end
  -- The user's bucket file (the same hash as bucketOf in directory-lookup.ts), then its line.
  local h = 0
  for i = 1, #user do
    h = (h * 31 + string.byte(user, i)) % 2147483647
  end
  local bucket = pbxc_read(dir .. tenant .. "/" .. string.format("%d", h % buckets) .. ".xml")
  if bucket == nil then
    return nil
  end
  local start = string.find("\n" .. bucket, '\n<user id="' .. user .. '"', 1, true)
  if start == nil then
    return nil
  end
  local stop = string.find(bucket, "\n", start, true)
  local user_xml = string.sub(bucket, start, (stop or #bucket + 1) - 1)
  local domain_xml = pbxc_read(dir .. tenant .. ".xml")
  if domain_xml == nil then
    return nil
  end
  local first, last = string.find(domain_xml, "<domain .*</domain>")
  if first == nil then
    return nil
  end
  return pbxc_expand('<document type="freeswitch/xml"><section name="directory">'
    .. string.sub(domain_xml, first, last - 9) .. "<users>" .. user_xml .. "</users></domain>"
    .. "</section></document>")
end

XML_STRING = lookup()
`;
