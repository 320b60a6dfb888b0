import { HA_PEERS_SET, NFT_FAMILY, NFT_TABLE } from '../emit/nftables/names.js';
import type { HaConfig } from './config.js';

/**
 * What a node of an active/standby group needs from its own network before the watcher can work,
 * as pure decisions over the text `ip` prints; `pbxc ha` runs the commands.
 *
 * - Its service-bind address (PBXC_SIP_BIND_IPV4, the node's secondary private address, the one
 *   the floating Elastic IP is associated with while it is active) must be on an interface:
 *   FreeSWITCH binds to it and the health checks come from it. Debian does not configure an EC2
 *   secondary address by itself.
 * - The nftables table must let the other nodes' health checks in (sip_access: whitelist drops
 *   everyone else): their addresses go into the HA peers set, which every reload of the ruleset
 *   empties again, so the watcher refills it on every tick.
 */

/** The network device of the IPv4 default route in `ip -4 route show default` output. */
export function defaultRouteDevice(routes: string): string | undefined {
  for (const line of routes.split('\n')) {
    const m = /^default\b.*\bdev (\S+)/.exec(line.trim());
    if (m) return m[1];
  }
  return undefined;
}

/** Whether `ip -4 -o addr show` output lists the address (any prefix length, any device). */
export function hasAddress(addresses: string, ip: string): boolean {
  return addresses.split('\n').some((line) => {
    const m = /\binet (\d{1,3}(?:\.\d{1,3}){3})\//.exec(line);
    return m?.[1] === ip;
  });
}

/** `ip` arguments that add the service-bind address to the default route's device. */
export function addAddressArgs(ip: string, device: string): string[] {
  return ['-4', 'addr', 'add', `${ip}/32`, 'dev', device];
}

/** This node's own entry: the address it binds SIP to and probes from. */
export function ownAddress(config: HaConfig): string {
  return config.nodes.find((n) => n.name === config.node)!.ip;
}

/**
 * `nft` arguments that put the other nodes' addresses into the HA peers set. `add element` is
 * idempotent (an address already there is no error). Undefined when there is nobody else.
 */
export function peersArgs(config: HaConfig): string[] | undefined {
  const others = config.nodes.filter((n) => n.name !== config.node).map((n) => n.ip);
  if (others.length === 0) return undefined;
  return ['add', 'element', NFT_FAMILY, NFT_TABLE, HA_PEERS_SET, `{ ${others.join(', ')} }`];
}
