import type { Destination, TenantModel } from '../../../model/types.js';
import { compareStrings } from '../../../util/text.js';
import type { XmlElement } from '../xml.js';
import { action, dest, ext, transfer } from './dp.js';

/**
 * Every destination becomes a transfer to a number in the tenant's context. External numbers and
 * SIP URIs get one helper extension each, for exactly the values the spec names: a phone cannot
 * dial its way around toll restriction through them.
 */
export function targetOf(d: Destination): string {
  switch (d.type) {
    case 'extension':
    case 'ring_group':
    case 'conference':
    case 'queue':
      return d.number;
    case 'ivr':
      return `pbxc-ivr-${d.id}`;
    case 'voicemail':
      return `pbxc-vm-${d.box}`;
    case 'external':
      return `pbxc-out-${d.number.slice(1)}`;
    case 'sip_uri':
      return `pbxc-uri-${uriKey(d.uri)}`;
  }
}

export function goTo(tenant: TenantModel, d: Destination): XmlElement {
  return transfer(targetOf(d), tenant.context);
}

/**
 * A stable, dialplan-safe key for a URI (the schema limits it to [A-Za-z0-9._~+-@:;=]). Injective:
 * letters, digits, "." and "-" stay, every other character (including "_") becomes "_" and its
 * two hex digits, so sip:a_b@h, sip:a+b@h and sip:a~b@h get three different targets.
 */
export function uriKey(uri: string): string {
  return uri.replace(/[^A-Za-z0-9.-]/g, (c) => `_${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function allDestinations(tenant: TenantModel): Destination[] {
  const found: Destination[] = [];
  const add = (d: Destination | undefined) => {
    if (d) found.push(d);
  };
  for (const d of tenant.dids) {
    add(d.to);
    add(d.closed);
  }
  for (const g of tenant.ringGroups) add(g.onNoAnswer);
  for (const q of tenant.queues) add(q.onTimeout);
  for (const m of tenant.ivrMenus) {
    add(m.onTimeout);
    for (const o of m.options) add(o.to);
  }
  for (const e of tenant.extensions) {
    add(e.forward.always);
    add(e.forward.busy);
    add(e.forward.noAnswer?.to);
    add(e.forward.unregistered);
  }
  for (const a of tenant.aliases) add(a.to);
  return found;
}

/** The helper extensions for external numbers and SIP URIs named in the spec, sorted. */
export function targetExtensions(tenant: TenantModel): XmlElement[] {
  const out = new Map<string, XmlElement>();
  for (const d of allDestinations(tenant)) {
    const target = targetOf(d);
    if (d.type === 'external') {
      // Spec-approved forward: outbound routes let it pass their toll restriction.
      out.set(
        target,
        ext(target, [dest(target, [action('set', 'pbxc_trusted=true'), transfer(d.number, tenant.context)])]),
      );
    } else if (d.type === 'sip_uri') {
      out.set(
        target,
        ext(target, [
          dest(target, [
            action('set', 'hangup_after_bridge=true'),
            action('bridge', `sofia/external/${d.uri}`),
          ]),
        ]),
      );
    }
  }
  return [...out.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, x]) => x);
}
