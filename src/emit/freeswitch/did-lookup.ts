import type { TenantModel } from '../../model/types.js';
import { el, renderCompact, type XmlElement } from './xml.js';

/**
 * Inbound routing by lookup, not by scan. The static public context used to hold one extension per
 * DID, each a regex over the forms providers send; FreeSWITCH evaluated them in order on every call,
 * so a call to the last of 2,000 DIDs cost 2.8× the CPU of one to the first. Now the static public
 * context holds only the trunk ACL guard, and the mod_lua XML handler (the directory's script, bound
 * to the dialplan section too) answers the hunt of the public context with exactly the extensions of
 * the called DID, read from the files pbxc compiled (paths relative to the FreeSWITCH conf dir):
 *
 *   dids/<ddd>.xml            the DIDs whose number ends in the digits ddd, one `<did>` per line:
 *                             `<did forms=" +49891234 49891234 0049891234 0891234 pbxc-did-49891234 "
 *                             tenant="x">…its extensions…</did>`, in the order the static context had
 *   dids/filters/<tenant>.xml the tenant's call-filter extensions (one line), when it has any
 *
 * A lookup reads one bucket (at most the DIDs sharing three final digits) and the tenant's filters:
 * its cost does not grow with the DID count, and a change of DIDs changes files FreeSWITCH reads at
 * call time: no reloadxml. The bucket key is the number's own last digits, so adding or removing one
 * DID changes one line of one file (auditors see a one-object diff).
 *
 * FreeSWITCH facts (mod_dialplan_xml.c, switch_xml.c, mod_lua.cpp of 1.10/1.11): every hunt calls the
 * dialplan bindings with section "dialplan" and a params event carrying "Hunt-Context" and
 * "Hunt-Destination-Number"; an answer is used instead of the static tree for that hunt, no answer
 * falls back to the static tree. The handler answers only hunts of the public context whose number
 * is a compiled form of a DID; everything else (tenant contexts, unknown numbers) gets the static tree.
 */

export const DIDS_DIR = 'dids';
export const PUBLIC = 'public';
/** Digits of a number's end that name its bucket file. */
export const BUCKET_DIGITS = 3;
/** The forms a hunt may ask for: the compiler's alphabet; anything else is never looked up. */
export const LOOKUP_NUMBER = /^(?:\+?[0-9]{3,32}|pbxc-did-[0-9]{3,32})$/;

/** The bucket of a number (or of a pbxc-did-<digits> schedule hop): its last three digits. */
export function didBucket(number: string): string | undefined {
  if (!LOOKUP_NUMBER.test(number)) return undefined;
  return number.slice(-BUCKET_DIGITS);
}

export interface DidEntry {
  readonly number: string;
  readonly tenant: TenantModel;
  /** Every destination_number the DID answers: the forms providers send, and its schedule hop. */
  readonly forms: readonly string[];
  readonly extensions: readonly XmlElement[];
}

/** The bucket files and filter files of the public context, by path under freeswitch/. */
export function didFiles(entries: readonly DidEntry[], filters: ReadonlyMap<string, readonly XmlElement[]>) {
  const buckets = new Map<string, string[]>();
  for (const e of entries) {
    const line = renderCompact(
      el('did', { forms: ` ${e.forms.join(' ')} `, tenant: e.tenant.id }, e.extensions),
    );
    // Every form of a DID ends in the DID's own last digits (the forms differ only in their prefix).
    const key = e.number.slice(-BUCKET_DIGITS);
    buckets.set(key, [...(buckets.get(key) ?? []), line]);
  }
  const files = new Map<string, string>();
  for (const key of [...buckets.keys()].sort())
    files.set(
      `${DIDS_DIR}/${key}.xml`,
      `<dids>\n${buckets
        .get(key)!
        .map((l) => `${l}\n`)
        .join('')}</dids>\n`,
    );
  for (const [tenant, exts] of [...filters].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    if (exts.length > 0)
      files.set(
        `${DIDS_DIR}/filters/${tenant}.xml`,
        `<filters>${exts.map(renderCompact).join('')}</filters>\n`,
      );
  return files;
}

/**
 * What the handler answers for a hunt of the public context (the TypeScript statement of the Lua's
 * rules): the context's XML text, or undefined (FreeSWITCH then uses the static public context).
 * `read` returns a file of the FreeSWITCH tree (path relative to freeswitch/) or undefined.
 */
export function publicAnswer(number: string, guard: string, read: (path: string) => string | undefined) {
  const bucket = didBucket(number);
  if (bucket === undefined) return undefined;
  const text = read(`${DIDS_DIR}/${bucket}.xml`);
  if (text === undefined) return undefined;
  for (const line of text.split('\n')) {
    const m = /^<did forms="([^"]*)" tenant="([a-z0-9][a-z0-9-]*)">/.exec(line);
    if (!m || !m[1]!.includes(` ${number} `) || m[2]!.length > 31 || !line.endsWith('</did>')) continue;
    const filters = /^<filters>([\s\S]*)<\/filters>\s*$/.exec(read(`${DIDS_DIR}/filters/${m[2]}.xml`) ?? '');
    const body = line.slice(m[0].length, -'</did>'.length);
    return `<document type="freeswitch/xml"><section name="dialplan"><context name="${PUBLIC}">${guard}${filters?.[1] ?? ''}${body}</context></section></document>`;
  }
  return undefined;
}

/**
 * The handler's dialplan part, after LUA_PRELUDE (its read and $$-expansion helpers) and the
 * directory part (mod_lua has one XML handler script; the directory part answers only the directory
 * section). Plain Lua 5.2, no modules, silent
 * on a miss. `guard` is the compact guard extension, a constant of pbxc's own (no user text).
 */
export function didLua(guard: string): string {
  if (guard.includes(']==]')) throw new Error('guard cannot be a Lua long string');
  return String.raw`
-- pbxc: the public context's DIDs, by lookup (generated by pbxc; see docs/freeswitch.md). A hunt of
-- the public context for a compiled form of a DID gets the guard, the tenant's call filters and the
-- DID's extensions; every other hunt gets the static tree.

local function did_lookup()
  local req = XML_REQUEST
  if type(req) ~= "table" or req.section ~= "dialplan" or params == nil then
    return nil
  end
  if params:getHeader("Hunt-Context") ~= "${PUBLIC}" then
    return nil
  end
  -- Attacker-controlled (the request URI of an INVITE): the compiler's alphabet, before any file.
  local number = params:getHeader("Hunt-Destination-Number")
  if type(number) ~= "string" or #number > 64 then
    return nil
  end
  local digits = string.match(number, "^%+?([0-9]+)$") or string.match(number, "^pbxc%-did%-([0-9]+)$")
  if digits == nil or #digits < ${BUCKET_DIGITS} or #digits > 32 then
    return nil
  end
  local dir = pbxc_dir("${DIDS_DIR}")
  if dir == nil then
    return nil
  end
  -- The bucket: the number's last digits (every form of a DID ends in the DID's own).
  local bucket = pbxc_read(dir .. string.sub(digits, -${BUCKET_DIGITS}) .. ".xml")
  if bucket == nil then
    return nil
  end
  for line in string.gmatch(bucket, "[^\n]+") do
    local _, stop, forms, tenant = string.find(line, '^<did forms="([^"]*)" tenant="([a-z0-9][a-z0-9-]*)">')
    if forms ~= nil and string.find(forms, " " .. number .. " ", 1, true) and #tenant <= 31
        and string.sub(line, -6) == "</did>" then
      local filters = string.match(pbxc_read(dir .. "filters/" .. tenant .. ".xml") or "", "^<filters>(.*)</filters>%s*$")
      return pbxc_expand('<document type="freeswitch/xml"><section name="dialplan"><context name="${PUBLIC}">'
        .. [==[${guard}]==] .. (filters or "") .. string.sub(line, stop + 1, -7)
        .. "</context></section></document>")
    end
  end
  return nil
end

if XML_STRING == nil then
  XML_STRING = did_lookup()
end
`;
}
