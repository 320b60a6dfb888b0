// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here is FreeSWITCH variable syntax, not JavaScript.

import type { ExtensionModel, TenantModel } from '../../model/types.js';
import type { EmitContext } from '../target.js';
import { voicemailGreetingPath } from './dialplan/announcements.js';
import { targetOf } from './dialplan/targets.js';
import { DEFAULT_RING_SECONDS, USER_VARS } from './dialplan/user-settings.js';
import { fsText, fsToken } from './fs-text.js';
import { splitDefaults } from './shared-defaults.js';
import { el, param, renderCompact, renderXml, variable } from './xml.js';

/**
 * How long FreeSWITCH keeps a looked-up user (the `cacheable` attribute, in ms: switch_xml.c caches the
 * merged user of switch_xml_locate_user_merged). One registration looks its user up several times
 * (the authenticated REGISTER, then voicemail's message-waiting query and presence), each a run of
 * the Lua handler in a fresh Lua state; with the cache the handler runs once (measured in a storm:
 * 5.9 → 3.8 ms of FreeSWITCH CPU per registration). reloadxml does not clear this cache (only
 * `xml_flush_cache` does, switch_xml_clear_user_cache): the agent flushes it whenever a directory file
 * changes (classify.ts flushUserCache); anything else sees a change within 10 s.
 */
export const USER_CACHE_MS = 10_000;

/** Every registration of the user, on any profile: desk phone, softphone and mobile ring together. */
const DIAL_STRING =
  '{^^:sip_invite_domain=${dialed_domain}:presence_id=${dialed_user}@${dialed_domain}}${sofia_contact(*/${dialed_user}@${dialed_domain})}';

/** WebRTC clients: DTLS-SRTP only, Opus first (the `^^:` separator lets the codec list keep its commas). */
const WEBRTC_DIAL_STRING =
  '{^^:sip_invite_domain=${dialed_domain}:presence_id=${dialed_user}@${dialed_domain}:media_webrtc=true:rtp_secure_media=mandatory:absolute_codec_string=$${webrtc_codec_prefs}}${sofia_contact(*/${dialed_user}@${dialed_domain})}';

/**
 * Users with a desk phone that requires SRTP (tls, provisioning.srtp auto): calls to them offer
 * SRTP (SDES, "optional": FreeSWITCH 1.11 offers an RTP/SAVP audio line with a=crypto suites and a
 * plain RTP/AVP line after it, so the user's other devices without SRTP still answer; proven live
 * in test/live/srtp.test.ts). Calls from such phones offer SRTP themselves, which FreeSWITCH
 * answers with crypto by default.
 */
const SRTP_DIAL_STRING =
  '{^^:sip_invite_domain=${dialed_domain}:presence_id=${dialed_user}@${dialed_domain}:rtp_secure_media_outbound=optional}${sofia_contact(*/${dialed_user}@${dialed_domain})}';

/** Extensions that are a line on a phone with SRTP on. */
export function srtpExtensions(tenant: TenantModel): ReadonlySet<string> {
  return new Set(tenant.devices.filter((d) => d.srtp !== 'off').flatMap((d) => d.lines));
}

/** Per-trunk caller ID variable; trunk ids are [a-z0-9-], FreeSWITCH variable names prefer "_". */
export function callerIdVar(trunkId: string): string {
  return `pbxc_cid_${trunkId.replaceAll('-', '_')}`;
}

type Pairs = [string, string][];

/** Secrets: always the user's own. */
function secretParams(ctx: EmitContext, ext: ExtensionModel): Pairs {
  return [
    ['password', ctx.secret(ext.password)],
    ['vm-password', ctx.secret(ext.pin)],
  ];
}

/** Params that many users share (a shared value moves to the domain). */
function sharedParams(ext: ExtensionModel, srtp: ReadonlySet<string>): Pairs {
  const mail = ext.voicemail && ext.email;
  return [
    ['vm-mailto', mail ? fsText(ext.email!) : ''],
    // Without vm-mailto mod_voicemail sends no mail, whatever these say.
    ['vm-email-all-messages', mail ? 'true' : ''],
    ['vm-attach-file', mail ? 'true' : ''],
    ['dial-string', ext.webrtc ? WEBRTC_DIAL_STRING : srtp.has(ext.number) ? SRTP_DIAL_STRING : DIAL_STRING],
  ];
}

/**
 * The user's variables. Sofia sets them on the channel of every call the user places; the tenant's
 * generic extension block reads a callee's with `user_data` (USER_VARS). An empty value means
 * "not set" (FreeSWITCH drops empty channel variables, user_data returns nothing).
 */
function userVariables(tenant: TenantModel, ext: ExtensionModel): Pairs {
  const target = (d: Parameters<typeof targetOf>[0] | undefined) => (d ? targetOf(d) : '');
  const vars: Pairs = [
    ['user_context', tenant.context],
    // Set only by authentication against this directory: feature codes trust it, never the From header.
    ['pbxc_extension', ext.number],
    ['effective_caller_id_name', fsText(ext.callerIdName)],
    ['toll_allow', ext.tollAllow.map(fsToken).join(',')],
    [USER_VARS.record, ext.record ? 'true' : 'false'],
    [USER_VARS.dnd, ext.dnd ? 'true' : 'false'],
    [USER_VARS.webrtc, ext.webrtc ? 'true' : 'false'],
    [USER_VARS.voicemail, ext.voicemail ? 'true' : 'false'],
    [USER_VARS.voicemailGreeting, voicemailGreetingPath(tenant, ext)],
    [USER_VARS.ringSeconds, String(ext.forward.noAnswer?.after ?? DEFAULT_RING_SECONDS)],
    [USER_VARS.forwardAlways, target(ext.forward.always)],
    [USER_VARS.forwardBusy, target(ext.forward.busy)],
    [USER_VARS.forwardNoAnswer, target(ext.forward.noAnswer?.to)],
    [USER_VARS.forwardUnregistered, target(ext.forward.unregistered)],
    ['outbound_caller_id_number', ext.outboundCallerId?.number ?? ''],
  ];
  for (const trunk of [...tenant.trunks].map((t) => t.id).sort()) {
    vars.push([callerIdVar(trunk), ext.callerIdByTrunk[trunk] ?? '']);
  }
  // Pickup (*8) answers calls of the first group.
  vars.push([USER_VARS.callGroups, ext.callGroups.join(',')]);
  return vars;
}

const toParams = (pairs: Pairs) => pairs.map(([k, v]) => param(k, v));
const toVariables = (pairs: Pairs) => pairs.map(([k, v]) => variable(k, v));

/**
 * One domain per tenant. FreeSWITCH merges the domain's params and variables into each user on every
 * lookup (the user's own win), so the values of an extension without settings of its own
 * (baselineExtension) are written once, on the domain, and only the users that differ carry their
 * own — an empty value where they have none. The domain depends on the tenant alone: adding or
 * removing an extension changes its one line and nothing else.
 *
 * The domain goes to the static tree (directory/<tenant>.xml, no users); each user is a file of its
 * own (directory/<tenant>/<number>.xml, one line), read at lookup time (directory-lookup.ts).
 */
export interface TenantDirectory {
  /** The <domain> with its params and variables and no users. */
  readonly domain: string;
  /** Extension number → its `<user>` element, one line. */
  readonly users: ReadonlyMap<string, string>;
}

/**
 * The extension a tenant's domain describes: one with no settings of its own (no mail, forwards,
 * lines, groups or toll allowances; WebRTC, recording, DND and voicemail off), calling out with
 * each trunk's own caller ID. Built from the tenant alone, so the domain never depends on which
 * extensions exist: a one-extension change is a one-line change of the tree.
 */
function baselineExtension(tenant: TenantModel): ExtensionModel {
  const callerIdByTrunk = Object.create(null) as Record<string, string>;
  for (const trunk of tenant.trunks) if (trunk.callerId) callerIdByTrunk[trunk.id] = trunk.callerId;
  const first = tenant.trunks.find((t) => t.callerId)?.callerId;
  const none = { kind: 'derived', id: '', format: 'password', rev: 0 } as const;
  return {
    number: '',
    name: '',
    callerIdName: '',
    voicemail: false,
    record: false,
    webrtc: false,
    dnd: false,
    kind: 'extension',
    forward: {},
    callGroups: [],
    lines: [],
    ...(first ? { outboundCallerId: { number: first, name: '' } } : {}),
    callerIdByTrunk,
    tollAllow: [],
    password: none,
    pin: none,
    origin: tenant.origin,
  };
}

export function tenantDirectory(ctx: EmitContext, tenant: TenantModel): TenantDirectory {
  const baseline = baselineExtension(tenant);
  const srtp = srtpExtensions(tenant);
  const params = splitDefaults(
    tenant.extensions.map((ext) => sharedParams(ext, srtp)),
    sharedParams(baseline, srtp),
  );
  const vars = splitDefaults(
    tenant.extensions.map((e) => userVariables(tenant, e)),
    userVariables(tenant, baseline),
  );
  const domainVars: Pairs = [
    ['domain_name', tenant.domain],
    ['pbxc_tenant', tenant.id],
    ['timezone', tenant.timezone],
    ['default_language', tenant.language],
    ...vars.shared,
  ];
  const domain = renderXml(
    el('include', {}, [
      el('domain', { name: tenant.domain }, [
        el('params', {}, toParams(params.shared)),
        el('variables', {}, toVariables(domainVars)),
      ]),
    ]),
  );
  const users = new Map<string, string>();
  tenant.extensions.forEach((ext, i) => {
    const user = el('user', { id: ext.number, cacheable: USER_CACHE_MS }, [
      el('params', {}, toParams([...secretParams(ctx, ext), ...params.own[i]!])),
      vars.own[i]!.length > 0 ? el('variables', {}, toVariables(vars.own[i]!)) : undefined,
    ]);
    users.set(ext.number, `${renderCompact(user)}\n`);
  });
  return { domain, users };
}
