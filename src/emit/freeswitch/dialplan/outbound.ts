// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here is FreeSWITCH variable syntax, not JavaScript.

import { typeRegex } from '../../../model/phone-numbers.js';
import type { OutboundRouteModel, TenantModel, TrunkModel } from '../../../model/types.js';
import { escapeRegex } from '../../../util/escape.js';
import { callerIdVar } from '../directory.js';
import { fsToken } from '../fs-text.js';
import type { XmlElement } from '../xml.js';
import { toBusy } from './busy.js';
import { action, antiAction, cond, exactly, ext, transfer } from './dp.js';

/**
 * Dialled numbers in the tenant's national and international formats are rewritten to E.164 and
 * hunted again; routes then match E.164 prefixes, longest first.
 */
export function normalizeExtensions(tenant: TenantModel): XmlElement[] {
  const { countryCode, nationalPrefix, internationalPrefix } = tenant.dialing;
  const out = [
    ext('normalize-international', [
      cond('destination_number', `^${escapeRegex(internationalPrefix)}([1-9][0-9]{6,14})$`, [
        transfer('+$1', tenant.context),
      ]),
    ]),
  ];
  // After the international rule, which wins where the prefixes overlap ("00" vs "0").
  if (nationalPrefix !== '') {
    out.push(
      ext('normalize-national', [
        cond('destination_number', `^${escapeRegex(nationalPrefix)}([1-9][0-9]{4,13})$`, [
          transfer(`+${countryCode}$1`, tenant.context),
        ]),
      ]),
    );
  }
  // National numbers dialled without the national prefix (NANP 10-digit dialling), by length.
  for (const digits of tenant.dialing.nationalWithoutPrefix)
    out.push(
      ext(`normalize-national-${digits}`, [
        cond('destination_number', `^([1-9][0-9]{${digits - 1}})$`, [
          transfer(`+${countryCode}$1`, tenant.context),
        ]),
      ]),
    );
  return out;
}

/** Route names as toll_allow tokens (the directory writes the same tokens). */
export function tollToken(route: OutboundRouteModel): string {
  return fsToken(route.name);
}

/**
 * Caller ID, then the bridge. The number is matched again in the last condition because $1 is
 * scoped to the condition its action sits in.
 */
function bridgeConditions(tenant: TenantModel, trunk: TrunkModel, numberRegex: string): XmlElement[] {
  // The extension's line on this trunk, else the trunk's own caller ID (calls forwarded from outside).
  const cid = cond(
    `\${${callerIdVar(trunk.id)}}`,
    '^(\\+?[0-9]+)$',
    [
      action('set', 'effective_caller_id_number=$1'),
      ...(trunk.callerId ? [antiAction('set', `effective_caller_id_number=${trunk.callerId}`)] : []),
    ],
    { break: 'never' },
  );
  return [
    cid,
    cond('destination_number', numberRegex, [
      action('set', 'hangup_after_bridge=true'),
      // A busy far end: the caller hears the busy tone if answered, else gets 486 (busy.ts); any
      // other failure ends the call with its cause, as before.
      action('set', 'continue_on_fail=USER_BUSY'),
      action('bridge', `sofia/gateway/${trunk.gateway}/$1`),
      toBusy(tenant),
    ]),
  ];
}

interface RouteMatch {
  readonly route: OutboundRouteModel;
  readonly prefix: string;
  readonly order: number;
}

/**
 * The emergency route, tried right after the tenant set-up and before every internal number, feature
 * code and number rewrite: a call to an emergency number always leaves on it (validate also keeps
 * internal numbers clear of emergency numbers, PBX3110).
 */
export function emergencyExtensions(tenant: TenantModel): XmlElement[] {
  const trunks = new Map(tenant.trunks.map((t) => [t.id, t]));
  const out: XmlElement[] = [];
  for (const route of tenant.outboundRoutes.filter((r) => r.kind === 'emergency')) {
    const trunk = trunks.get(route.trunk);
    if (!trunk || route.prefixes.length === 0) continue;
    // Emergency numbers pass every toll restriction and keep their short form.
    out.push(
      ext(`outbound-${fsToken(route.name)}`, [
        cond('destination_number', exactly(route.prefixes)),
        ...bridgeConditions(tenant, trunk, `^(${route.prefixes.map(escapeRegex).join('|')})$`),
      ]),
    );
  }
  return out;
}

/** Not allowed: rejected here rather than falling through to another route. */
function tollCondition(route: OutboundRouteModel): XmlElement[] {
  if (!route.allow) return [];
  const token = escapeRegex(tollToken(route));
  return [
    cond('${toll_allow}|${pbxc_trusted}', `(?:^|,)${token}(?:,|\\|)|\\|true$`, [
      antiAction('hangup', 'CALL_REJECTED'),
    ]),
  ];
}

/**
 * The number-type routes in spec order: each type compiled to the regular expression
 * libphonenumber's metadata implies for the tenant's country (phone-numbers.ts), so the decision is
 * made at call time by FreeSWITCH alone.
 */
export function typeRouteExtensions(tenant: TenantModel): XmlElement[] {
  const trunks = new Map(tenant.trunks.map((t) => [t.id, t]));
  const out: XmlElement[] = [];
  for (const route of tenant.outboundRoutes.filter((r) => r.kind === 'types')) {
    const trunk = trunks.get(route.trunk);
    const sources = route.types
      .map((type) => typeRegex(tenant.dialing.countryCode, type))
      .filter((x) => x !== undefined);
    if (!trunk || sources.length === 0) continue;
    // Each source is anchored "^…$": the whole number is $1.
    const number = `^(${sources.map((x) => `(?:${x.slice(1, -1)})`).join('|')})$`;
    out.push(
      ext(`outbound-${fsToken(route.name)}-types`, [
        cond('destination_number', number),
        ...tollCondition(route),
        ...bridgeConditions(tenant, trunk, number),
      ]),
    );
  }
  return out;
}

/** Number-type routes, then prefix routes, longest prefix first (emergency comes first of all). */
export function outboundExtensions(tenant: TenantModel): XmlElement[] {
  const trunks = new Map(tenant.trunks.map((t) => [t.id, t]));
  const out: XmlElement[] = typeRouteExtensions(tenant);
  const matches: RouteMatch[] = tenant.outboundRoutes
    .filter((r) => r.kind === 'prefix')
    .flatMap((route, order) => route.prefixes.map((prefix) => ({ route, prefix, order })));
  matches.sort((a, b) => b.prefix.length - a.prefix.length || a.order - b.order);
  for (const { route, prefix } of matches) {
    const trunk = trunks.get(route.trunk);
    if (!trunk) continue;
    const digits = prefix.slice(1);
    const number = `^(\\+${escapeRegex(digits)}[0-9]*)$`;
    const conditions: XmlElement[] = [cond('destination_number', number), ...tollCondition(route)];
    out.push(
      ext(`outbound-${fsToken(route.name)}-${digits || 'any'}`, [
        ...conditions,
        ...bridgeConditions(tenant, trunk, number),
      ]),
    );
  }
  return out;
}
