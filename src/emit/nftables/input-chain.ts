import type { Model, PlatformModel } from '../../model/types.js';
import { fetchesOverTftp } from '../../model/vendors.js';
import { banScopes, phonePorts } from './ban-scopes.js';
import { hasHaGroup } from './ha-peers.js';
import { banSet, FAMILY_SYNTAX, HA_PEERS_SET, IP_FAMILIES, whitelistSet } from './names.js';
import { dport, dportMatches } from './ports.js';
import { sipClientWhitelists, trunkWhitelists, uniqueNames } from './sources.js';

// Neighbour discovery runs before conntrack has any state; without it IPv6 stops working at all.
const ICMPV6_ND = 'nd-neighbor-solicit, nd-neighbor-advert, nd-router-solicit, nd-router-advert';
const ICMPV6_ERRORS = 'destination-unreachable, packet-too-big, time-exceeded, parameter-problem';
const ICMP_ERRORS = 'destination-unreachable, time-exceeded, parameter-problem';
const ECHO_LIMIT = 'limit rate 5/second burst 10 packets';

/** The input chain: default drop, then what the spec opens, each group headed by a comment. */
export function renderInputChain(model: Model): string {
  const { platform } = model;
  const rules: string[] = [
    'type filter hook input priority filter; policy drop;',
    '',
    'iif "lo" accept',
    `icmpv6 type { ${ICMPV6_ND} } accept`,
    'ct state invalid drop',
    '',
    '# fail2ban bans, before established traffic so a ban also ends open TCP sessions',
    ...banRules(platform),
    '',
    'ct state established,related accept',
    '',
    `icmp type { ${ICMP_ERRORS} } accept`,
    `icmp type echo-request ${ECHO_LIMIT} accept`,
    `icmpv6 type { ${ICMPV6_ERRORS} } accept`,
    `icmpv6 type echo-request ${ECHO_LIMIT} accept`,
    '',
    ...sipRules(model),
    '',
    "# trunk signalling (external profile), from the trunks' inbound_from only",
    ...fromWhitelists(platform, trunkWhitelists(model.tenants), [
      dport('udp', [platform.sip.externalPort])!,
      dport('tcp', [platform.sip.externalPort, platform.sip.externalTlsPort])!,
    ]),
    '',
    '# RTP',
    `udp dport ${platform.sip.rtp.from}-${platform.sip.rtp.to} accept`,
    '',
    ...provisioningRules(platform),
    '',
    ...tftpRules(model),
    '# SSH and admin ports, from admin_access only',
    ...fromWhitelists(platform, uniqueNames(platform.firewall.adminAccess), [
      dport('tcp', platform.firewall.adminPorts)!,
    ]),
  ];
  return ['\tchain input {', ...rules.map((r) => (r === '' ? '' : `\t\t${r}`)), '\t}'].join('\n');
}

function banRules(platform: PlatformModel): string[] {
  return banScopes(platform).flatMap((scope) =>
    IP_FAMILIES.flatMap((family) => {
      const source = `${FAMILY_SYNTAX[family].saddr} @${banSet(scope.jail, family)}`;
      if (!scope.ports) return [`${source} drop`];
      return dportMatches(scope.ports).map((match) => `${match} ${source} drop`);
    }),
  );
}

function sipRules(model: Model): string[] {
  const { platform } = model;
  const matches = dportMatches(phonePorts(platform));
  if (platform.firewall.sipAccess === 'open') {
    return [
      '# SIP for phones and softphones: open to all, fail2ban guards it',
      ...matches.map((m) => `${m} accept`),
    ];
  }
  return [
    '# SIP for phones and softphones: sip_whitelists, trunks and Ringotel only',
    ...fromWhitelists(platform, sipClientWhitelists(platform, model.tenants), matches),
    ...(hasHaGroup(platform)
      ? [
          '# the HA health check (SIP OPTIONS) between the nodes of an active/standby group',
          `${FAMILY_SYNTAX.v4.saddr} @${HA_PEERS_SET} ${dport('udp', [platform.sip.ports.udp])!} accept`,
        ]
      : []),
  ];
}

function provisioningRules(platform: PlatformModel): string[] {
  const match = dport('tcp', [platform.provisioning.port])!;
  // The node's certificate for tenant domains outside the DNS zone comes by ACME HTTP-01
  // (docs/deploy.md, TLS): nginx answers /.well-known/acme-challenge/ on port 80 and nothing else.
  const acme = [
    '# ACME HTTP-01 challenges for the node certificate (nginx serves nothing else on 80)',
    `${dport('tcp', [80])!} accept`,
  ];
  if (platform.provisioning.allow.length === 0) {
    return ['# phone provisioning (HTTPS, HTTP authentication)', `${match} accept`, ...acme];
  }
  return [
    '# phone provisioning (HTTPS), from provisioning.allow only',
    ...fromWhitelists(platform, uniqueNames(platform.provisioning.allow), [match]),
    ...acme,
  ];
}

/**
 * TFTP (UDP 69) for phones that fetch over TFTP only (Cisco 79x0), when the spec has such phones:
 * from provisioning.tftp.allow, else open (validate warns, PBX3401). The server answers from an
 * ephemeral port, so the phone's acknowledgements are established traffic.
 */
function tftpRules(model: Model): string[] {
  if (!model.tenants.some((t) => t.devices.some(fetchesOverTftp))) return [];
  const { platform } = model;
  const match = dport('udp', [69])!;
  const allow = platform.provisioning.tftpAllow;
  if (allow.length === 0) return ['# TFTP for Cisco 79x0 phones (no authentication)', `${match} accept`, ''];
  return [
    '# TFTP for Cisco 79x0 phones, from provisioning.tftp.allow only',
    ...fromWhitelists(platform, uniqueNames(allow), [match]),
    '',
  ];
}

/** An accept rule per whitelist, address family with addresses, and port match. */
function fromWhitelists(
  platform: PlatformModel,
  names: readonly string[],
  matches: readonly string[],
): string[] {
  const rules: string[] = [];
  for (const name of names) {
    const whitelist = platform.firewall.whitelists.find((w) => w.name === name);
    if (!whitelist) continue;
    for (const family of IP_FAMILIES) {
      if ((family === 'v4' ? whitelist.ipv4 : whitelist.ipv6).length === 0) continue;
      const source = `${FAMILY_SYNTAX[family].saddr} @${whitelistSet(name, family)}`;
      for (const match of matches) rules.push(`${source} ${match} accept`);
    }
  }
  return rules;
}
