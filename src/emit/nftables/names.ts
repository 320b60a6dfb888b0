/**
 * Names inside the nftables table pbxc owns. fail2ban's ban action adds to the ban sets by these same
 * names, so both targets import them from here.
 */
export const NFT_FAMILY = 'inet';
export const NFT_TABLE = 'pbxc';

export type IpFamily = 'v4' | 'v6';

export const IP_FAMILIES: readonly IpFamily[] = ['v4', 'v6'];

/** nft's address type and the payload expression that selects a packet's source of that family. */
export const FAMILY_SYNTAX: Readonly<Record<IpFamily, { readonly type: string; readonly saddr: string }>> = {
  v4: { type: 'ipv4_addr', saddr: 'ip saddr' },
  v6: { type: 'ipv6_addr', saddr: 'ip6 saddr' },
};

/** Whitelist names are [a-z0-9-], so the prefix keeps them apart from the ban sets. */
export function whitelistSet(whitelist: string, family: IpFamily): string {
  return `wl-${whitelist}-${family}`;
}

/** Base name of a jail's ban sets; the fail2ban action appends "-v4" / "-v6" itself. */
export function banSetBase(jail: string): string {
  return `ban-${jail}`;
}

export function banSet(jail: string, family: IpFamily): string {
  return `${banSetBase(jail)}-${family}`;
}

/**
 * The addresses of the other nodes of an active/standby group (environments with nodes > 1). The
 * ruleset declares it empty; `pbxc ha` on each node fills it from node.env (PBXC_HA_NODES) and
 * refills it after every reload of the ruleset, so the nodes' SIP health checks pass whatever
 * sip_access says. IPv4 only: the nodes probe each other on their private IPv4 addresses.
 */
export const HA_PEERS_SET = 'ha-peers-v4';
