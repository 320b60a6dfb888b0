import { type NumberType, typesOf } from '../model/phone-numbers.js';
import type { ExtensionModel, OutboundRouteModel, TenantModel } from '../model/types.js';
import type { Walker } from './walker.js';

/** National and international numbers the dialplan rewrites to E.164 (digit counts as emitted). */
const INTERNATIONAL_DIGITS = /^[1-9][0-9]{6,14}$/;
const NATIONAL_DIGITS = /^[1-9][0-9]{4,13}$/;

/** dialled → E.164 by the tenant's prefixes; undefined when the number is in neither format. */
export function toE164(t: TenantModel, dialled: string): { e164: string; how: string } | undefined {
  const { internationalPrefix: intl, nationalPrefix: national, countryCode } = t.dialing;
  if (dialled.startsWith(intl) && INTERNATIONAL_DIGITS.test(dialled.slice(intl.length)))
    return { e164: `+${dialled.slice(intl.length)}`, how: `international prefix ${intl}` };
  if (national !== '' && dialled.startsWith(national) && NATIONAL_DIGITS.test(dialled.slice(national.length)))
    return {
      e164: `+${countryCode}${dialled.slice(national.length)}`,
      how: `national prefix ${national}, country code ${countryCode}`,
    };
  if (/^[1-9][0-9]*$/.test(dialled) && t.dialing.nationalWithoutPrefix.includes(dialled.length))
    return {
      e164: `+${countryCode}${dialled}`,
      how: `national number dialled without prefix (${dialled.length} digits), country code ${countryCode}`,
    };
  return undefined;
}

/**
 * The route for an E.164 number, as the dialplan hunts: number-type routes in spec order (by the
 * same compiled expressions the dialplan carries), then the longest prefix, spec order among equals.
 * `prefix` names what matched: the prefix, or the number type.
 */
export function routeFor(
  t: TenantModel,
  e164: string,
): { route: OutboundRouteModel; prefix: string; type?: NumberType } | undefined {
  for (const route of t.outboundRoutes) {
    if (route.kind !== 'types' || !t.trunks.some((k) => k.id === route.trunk)) continue;
    const [type] = typesOf(t.dialing.countryCode, e164, route.types);
    if (type) return { route, prefix: e164, type };
  }
  let best: { route: OutboundRouteModel; prefix: string } | undefined;
  for (const route of t.outboundRoutes) {
    if (route.kind !== 'prefix' || !t.trunks.some((k) => k.id === route.trunk)) continue;
    for (const prefix of route.prefixes)
      if (e164.startsWith(prefix) && /^\+[0-9]*$/.test(e164) && (!best || prefix.length > best.prefix.length))
        best = { route, prefix };
  }
  return best;
}

function callerId(
  t: TenantModel,
  trunk: string,
  from: ExtensionModel | undefined,
): { number?: string; why: string } {
  const own = from?.callerIdByTrunk[trunk];
  const k = t.trunks.find((x) => x.id === trunk);
  if (own) {
    const line = from!.lines.find((l) => l.trunk === trunk && l.did === own);
    return { number: own, why: line ? `line of ${from!.number} on ${trunk}` : `caller ID of trunk ${trunk}` };
  }
  if (k?.callerId) return { number: k.callerId, why: `caller ID of trunk ${trunk}` };
  // Nothing to set: the channel keeps the directory's effective caller ID, the extension number.
  if (from)
    return {
      number: from.number,
      why: `no line on ${trunk} and no trunk caller ID: only the internal number ${from.number}`,
    };
  return { why: 'the caller number as received' };
}

function bridge(
  w: Walker,
  t: TenantModel,
  trunk: string,
  number: string,
  from: ExtensionModel | undefined,
  depth: number,
  main: boolean,
) {
  const k = t.trunks.find((x) => x.id === trunk)!;
  const cid = callerId(t, trunk, from);
  w.step(
    depth,
    `trunk ${trunk} (gateway ${k.gateway}, ${k.transport}://${k.host}:${k.port}) dials ${number}, caller ID ${cid.number ?? 'unchanged'} (${cid.why})`,
  );
  if (main) w.reach({ kind: 'trunk', trunk, number, ...(cid.number ? { callerId: cid.number } : {}) });
}

/** The emergency route for a dialled number, when the number is one and its trunk exists. */
export function emergencyRouteFor(t: TenantModel, dialled: string): OutboundRouteModel | undefined {
  return t.outboundRoutes.find(
    (r) => r.kind === 'emergency' && r.prefixes.includes(dialled) && t.trunks.some((k) => k.id === r.trunk),
  );
}

/**
 * A number that matched nothing internal: emergency numbers first (unrestricted, before any
 * rewrite, as the dialplan tries them before everything else), then the national/international
 * rewrite, then the longest-prefix route with its toll restriction.
 * `trusted`: a destination the spec names (a forward to an external number) passes the restriction.
 */
export function dialOut(
  w: Walker,
  t: TenantModel,
  dialled: string,
  from: ExtensionModel | undefined,
  trusted: boolean,
  depth: number,
  main: boolean,
): void {
  const emergency = emergencyRouteFor(t, dialled);
  if (emergency) {
    w.step(
      depth,
      `${dialled} is an emergency number: route ${emergency.name}, before every internal number, never restricted, sent as dialled`,
    );
    bridge(w, t, emergency.trunk, dialled, from, depth, main);
    return;
  }
  const rewritten = toE164(t, dialled);
  if (rewritten) {
    w.step(depth, `${dialled}: ${rewritten.how} → E.164 ${rewritten.e164}`);
    dialOut(w, t, rewritten.e164, from, trusted, depth, main);
    return;
  }
  const match = dialled.startsWith('+') ? routeFor(t, dialled) : undefined;
  if (!match) {
    w.step(
      depth,
      `${dialled}: no extension, feature code or outbound route matches → rejected (NO_ROUTE_DESTINATION)`,
    );
    if (main) w.reach({ kind: 'no_route' });
    return;
  }
  const { route, prefix } = match;
  const why = match.type
    ? `${dialled} is ${/^[aeiou]/.test(match.type) ? 'an' : 'a'} ${match.type.replaceAll('_', ' ')} number for country code +${t.dialing.countryCode} (libphonenumber metadata)`
    : `prefix ${prefix}`;
  w.step(depth, `outbound route ${route.name} (${why}) → trunk ${route.trunk}`);
  if (route.allow && !trusted) {
    const allowed = from ? route.allow.includes(from.number) : false;
    if (!allowed) {
      w.step(
        depth,
        `toll restriction: route ${route.name} is ${route.allow.length ? `only for ${route.allow.join(', ')}` : 'for nobody'}; ${from ? `${from.number} is blocked` : 'callers without an extension are blocked'} (CALL_REJECTED)`,
      );
      if (main) w.reach({ kind: 'rejected', reason: `toll restriction of route ${route.name}` });
      return;
    }
    w.step(depth, `toll restriction: ${from!.number} is allowed on ${route.name}`);
  }
  bridge(w, t, route.trunk, dialled, from, depth, main);
}
