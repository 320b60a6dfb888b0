import type { DidModel, Model, TenantModel } from '../../../model/types.js';
import { TRUNK_ACL } from '../acl.js';
import type { DidEntry } from '../did-lookup.js';
import { ringbackTone } from '../locale.js';
import { el, renderXml, type XmlElement } from '../xml.js';
import { blacklistRegex, didForms, didRegex } from './did-forms.js';
import { action, cond, ext, transfer } from './dp.js';
import { scheduleExtensions } from './schedules.js';
import { goTo } from './targets.js';

export const PUBLIC_CONTEXT = 'public';

function tenantVars(tenant: TenantModel): XmlElement[] {
  return [
    action('set', `domain_name=${tenant.domain}`),
    action('set', `pbxc_tenant=${tenant.id}`),
    action('set', `timezone=${tenant.timezone}`),
    action('set', 'call_direction=inbound'),
    // Trunk callers hear the tenant country's ringback, also after a transfer (IVR → group).
    action('set', `ringback=${ringbackTone(tenant)}`),
    action('set', `transfer_ringback=${ringbackTone(tenant)}`),
  ];
}

/**
 * The tenant's blacklist filters. The lookup serves them only in front of the tenant's own DIDs, so
 * they test the caller alone (the static context of old also tested the called number).
 */
export function filterExtensions(tenant: TenantModel): XmlElement[] {
  if (tenant.dids.length === 0) return [];
  return tenant.callFilters
    .filter((f) => f.type === 'blacklist')
    .map((f, i) => {
      const act =
        f.action === 'voicemail' && f.voicemail
          ? [...tenantVars(tenant), goTo(tenant, { type: 'voicemail', box: f.voicemail })]
          : f.action === 'hangup'
            ? [action('answer'), action('hangup', 'NORMAL_CLEARING')]
            : [action('hangup', 'CALL_REJECTED')];
      return ext(`filter-${tenant.id}-${i + 1}`, [cond('caller_id_number', blacklistRegex(tenant, f), act)]);
    });
}

function scheduleTarget(did: DidModel): string {
  return `pbxc-did-${did.number.slice(1)}`;
}

function didExtensions(tenant: TenantModel, did: DidModel): XmlElement[] {
  const schedule = did.schedule ? tenant.schedules.find((s) => s.id === did.schedule) : undefined;
  const routed = schedule && did.closed;
  const main = ext(`did-${did.number.slice(1)}`, [
    cond('destination_number', didRegex(tenant, [did.number]), [
      ...tenantVars(tenant),
      // A schedule is checked after a transfer: time conditions only see a timezone set before the hunt.
      routed ? transfer(scheduleTarget(did), PUBLIC_CONTEXT) : goTo(tenant, did.to),
    ]),
  ]);
  if (!routed) return [main];
  return [main, ...scheduleExtensions(tenant, schedule, scheduleTarget(did), did.to, did.closed!)];
}

/** Calls from outside the trunk ACL end here, before any lookup. */
export function publicGuard(): XmlElement {
  return ext('trunk-acl-only', [
    cond(`\${acl(\${network_addr} ${TRUNK_ACL})}`, '^false$', [action('hangup', 'CALL_REJECTED')]),
  ]);
}

/**
 * The static public context: the guard alone. The DIDs are served by the lookup (did-lookup.ts); a
 * number that is no DID finds nothing here either (no route).
 */
export function publicContextXml(): string {
  return renderXml(el('include', {}, [el('context', { name: PUBLIC_CONTEXT }, [publicGuard()])]));
}

/** Every DID with the forms it answers and its extensions, in spec order (first form wins). */
export function didEntries(model: Model): DidEntry[] {
  return model.tenants.flatMap((t) =>
    t.dids.map((d) => {
      const forms = didForms(t, d.number.slice(1));
      const extensions = didExtensions(t, d);
      // A DID routed by a schedule hunts the public context again as pbxc-did-<digits>.
      const scheduled = extensions.length > 1;
      return {
        number: d.number,
        tenant: t,
        forms: scheduled ? [...forms, scheduleTarget(d)] : forms,
        extensions,
      };
    }),
  );
}
