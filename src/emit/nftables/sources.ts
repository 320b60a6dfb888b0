import type { PlatformModel, TenantModel } from '../../model/types.js';
import { compareStrings } from '../../util/text.js';

/** Whitelists whose addresses signal trunk calls: every trunk's inbound_from. */
export function trunkWhitelists(tenants: readonly TenantModel[]): string[] {
  return uniqueNames(tenants.flatMap((t) => t.trunks.flatMap((trunk) => trunk.inboundFrom)));
}

/**
 * With sip_access whitelist, who reaches the phone-facing SIP ports: the listed whitelists plus every
 * trunk's and Ringotel's, since both connect to those ports too.
 */
export function sipClientWhitelists(platform: PlatformModel, tenants: readonly TenantModel[]): string[] {
  return uniqueNames([
    ...platform.firewall.sipWhitelists,
    ...trunkWhitelists(tenants),
    ...tenants.flatMap((t) => (t.ringotel ? [t.ringotel.whitelist] : [])),
  ]);
}

export function uniqueNames(names: readonly string[]): string[] {
  return [...new Set(names)].sort(compareStrings);
}
