import type { Model } from '../../model/types.js';
import { compareStrings } from '../../util/text.js';
import { configuration, el, renderXml } from './xml.js';

/** The external profile's inbound ACL: sources inside it reach the public context without a challenge. */
export const TRUNK_ACL = 'trunks';

/**
 * Every CIDR of the whitelists named in some trunk's inbound_from — and nothing else: a softphone
 * relay (Ringotel) must authenticate like any phone, so its whitelist never lands here.
 */
export function trunkCidrs(model: Model): string[] {
  const names = new Set(model.tenants.flatMap((t) => t.trunks.flatMap((tr) => tr.inboundFrom)));
  const cidrs = new Set<string>();
  for (const list of model.platform.firewall.whitelists) {
    if (!names.has(list.name)) continue;
    for (const cidr of [...list.ipv4, ...list.ipv6]) cidrs.add(cidr);
  }
  return [...cidrs].sort(compareStrings);
}

export function aclConf(model: Model): string {
  const nodes = trunkCidrs(model).map((cidr) => el('node', { type: 'allow', cidr }));
  return renderXml(
    configuration('acl', 'Network Lists', [
      el('network-lists', {}, [el('list', { name: TRUNK_ACL, default: 'deny' }, nodes)]),
    ]),
  );
}
