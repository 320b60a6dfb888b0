import type { PlatformModel } from '../../model/types.js';
import { type BanScope, banScopes } from './ban-scopes.js';
import { hasHaGroup } from './ha-peers.js';
import { banSet, FAMILY_SYNTAX, HA_PEERS_SET, IP_FAMILIES, type IpFamily, whitelistSet } from './names.js';

/** The set declarations of the pbxc table: two per whitelist, two per jail, the HA peers. */
export function renderSets(platform: PlatformModel): string[] {
  const blocks: string[] = [];
  for (const whitelist of platform.firewall.whitelists) {
    for (const family of IP_FAMILIES) {
      const elements = family === 'v4' ? whitelist.ipv4 : whitelist.ipv6;
      blocks.push(intervalSet(whitelistSet(whitelist.name, family), family, elements));
    }
  }
  for (const scope of banScopes(platform)) {
    for (const family of IP_FAMILIES) blocks.push(banSetBlock(scope, family));
  }
  if (hasHaGroup(platform)) blocks.push(haPeersBlock());
  return blocks;
}

// auto-merge: a whitelist may list a network and an address inside it; without it nft rejects the
// overlap instead of merging.
function intervalSet(name: string, family: IpFamily, elements: readonly string[]): string {
  const lines = [
    `\tset ${name} {`,
    `\t\ttype ${FAMILY_SYNTAX[family].type}`,
    '\t\tflags interval',
    '\t\tauto-merge',
  ];
  if (elements.length > 0) lines.push(`\t\telements = { ${elements.join(', ')} }`);
  lines.push('\t}');
  return lines.join('\n');
}

// Filled and emptied by fail2ban at run time (action.d/pbxc-nftables.conf), one address per ban.
function banSetBlock(scope: BanScope, family: IpFamily): string {
  return [
    `\tset ${banSet(scope.jail, family)} {`,
    `\t\ttype ${FAMILY_SYNTAX[family].type}`,
    `\t\tcomment "fail2ban jail pbxc-${scope.jail}"`,
    '\t}',
  ].join('\n');
}

// Filled at run time by pbxc ha (src/ha/peers.ts) with the group's node addresses.
function haPeersBlock(): string {
  return [
    `\tset ${HA_PEERS_SET} {`,
    `\t\ttype ${FAMILY_SYNTAX.v4.type}`,
    '\t\tcomment "nodes of the active/standby group, filled by pbxc ha"',
    '\t}',
  ].join('\n');
}
