import { fetchesOverTftp, type Model, type PlatformModel } from '../src/index.js';
import { cidrId } from './names.js';

/**
 * The EC2 security group as a plain list, mirroring the nftables policy the firewall target writes
 * (issue 5): SIP to everyone or to whitelists, trunk signalling from the trunks' inbound_from, RTP
 * to everyone, provisioning HTTPS, admin ports from admin_access only, ICMP essentials. Pure, so the
 * policy is tested without loading cdktf.
 */
export interface IngressRule {
  /** Deterministic construct id: protocol, ports and source. */
  readonly id: string;
  readonly protocol: 'tcp' | 'udp' | 'icmp' | 'icmpv6';
  /** For ICMP: type and code (-1 = any), as EC2 encodes them. */
  readonly fromPort: number;
  readonly toPort: number;
  readonly cidr: string;
  readonly family: 4 | 6;
  /** What the rule is for and which whitelists asked for it, sorted. */
  readonly description: string;
}

interface Source {
  readonly cidr: string;
  readonly family: 4 | 6;
  /** Whitelist name, or "any". */
  readonly from: string;
}

interface Opening {
  readonly purpose: string;
  readonly protocol: IngressRule['protocol'];
  readonly fromPort: number;
  readonly toPort: number;
  readonly sources: readonly Source[];
}

const ANYWHERE_V4: Source = { cidr: '0.0.0.0/0', family: 4, from: 'any' };
const ANYWHERE_V6: Source = { cidr: '::/0', family: 6, from: 'any' };
const ANYWHERE: readonly Source[] = [ANYWHERE_V4, ANYWHERE_V6];

export function ingressRules(model: Model): IngressRule[] {
  const { platform } = model;
  const { ports, externalPort, externalTlsPort, rtp } = platform.sip;
  const trunkLists = unique(model.tenants.flatMap((t) => t.trunks.flatMap((k) => k.inboundFrom)));
  const ringotelLists = model.tenants.flatMap((t) => (t.ringotel ? [t.ringotel.whitelist] : []));
  // With sip_access whitelist, trunks and Ringotel reach the phone-facing ports without being listed.
  const sipSources =
    platform.firewall.sipAccess === 'open'
      ? ANYWHERE
      : sources(platform, [...platform.firewall.sipWhitelists, ...trunkLists, ...ringotelLists]);
  const trunkSources = sources(platform, trunkLists);
  const tlsTrunkLists = model.tenants.flatMap((t) =>
    t.trunks.filter((k) => k.transport === 'tls').flatMap((k) => k.inboundFrom),
  );
  const provisioningSources =
    platform.provisioning.allow.length > 0 ? sources(platform, platform.provisioning.allow) : ANYWHERE;
  const tftpSources =
    platform.provisioning.tftpAllow.length > 0
      ? sources(platform, platform.provisioning.tftpAllow)
      : ANYWHERE;
  const port = (purpose: string, protocol: 'tcp' | 'udp', p: number, from: readonly Source[]): Opening => ({
    purpose,
    protocol,
    fromPort: p,
    toPort: p,
    sources: from,
  });
  const openings: Opening[] = [
    port('sip-udp', 'udp', ports.udp, sipSources),
    port('sip-tcp', 'tcp', ports.tcp, sipSources),
    port('sip-tls', 'tcp', ports.tls, sipSources),
    port('sip-wss', 'tcp', ports.wss, sipSources),
    // The external profile listens on one port for UDP and TCP; a trunk's transport may be either.
    port('trunk-udp', 'udp', externalPort, trunkSources),
    port('trunk-tcp', 'tcp', externalPort, trunkSources),
    // A TLS trunk that does not register, or whose connection dropped, connects to the external
    // profile's TLS port, which FreeSWITCH (and the FreeSWITCH target) puts right above its SIP port.
    port('trunk-tls', 'tcp', externalTlsPort, sources(platform, tlsTrunkLists)),
    // Media comes from wherever the far end's media server is, which no whitelist can predict.
    { purpose: 'rtp', protocol: 'udp', fromPort: rtp.from, toPort: rtp.to, sources: ANYWHERE },
    port('provisioning', 'tcp', platform.provisioning.port, provisioningSources),
    // TFTP for Cisco 79x0 (src/emit/tftp), only when the spec has such phones.
    ...(model.tenants.some((t) => t.devices.some(fetchesOverTftp))
      ? [port('tftp', 'udp', 69, tftpSources)]
      : []),
    ...platform.firewall.adminPorts.map((p) =>
      port('admin', 'tcp', p, sources(platform, platform.firewall.adminAccess)),
    ),
    // Destination unreachable carries "fragmentation needed": without it path MTU discovery fails.
    { purpose: 'icmp-unreachable', protocol: 'icmp', fromPort: 3, toPort: -1, sources: [ANYWHERE_V4] },
    { purpose: 'icmp-echo', protocol: 'icmp', fromPort: 8, toPort: -1, sources: [ANYWHERE_V4] },
    // ICMPv6 carries packet-too-big and neighbour discovery; nftables accepts its essentials too.
    { purpose: 'icmpv6', protocol: 'icmpv6', fromPort: -1, toPort: -1, sources: [ANYWHERE_V6] },
  ];
  return merge(openings);
}

/**
 * EC2 rejects two rules with the same protocol, ports and CIDR, and the same CIDR may come from
 * several whitelists or purposes (an office that is also a SIP whitelist; admin port 443). So rules
 * are keyed by what EC2 compares, and the description collects every reason.
 */
function merge(openings: readonly Opening[]): IngressRule[] {
  const byKey = new Map<string, { rule: Omit<IngressRule, 'description'>; reasons: Set<string> }>();
  for (const o of openings) {
    for (const s of o.sources) {
      const id = `${o.protocol}-${portsId(o.fromPort, o.toPort)}-${cidrId(s.cidr)}`;
      const entry = byKey.get(id) ?? {
        rule: {
          id,
          protocol: o.protocol,
          fromPort: o.fromPort,
          toPort: o.toPort,
          cidr: s.cidr,
          family: s.family,
        },
        reasons: new Set<string>(),
      };
      entry.reasons.add(s.from === 'any' ? o.purpose : `${o.purpose} from ${s.from}`);
      byKey.set(id, entry);
    }
  }
  return (
    [...byKey.values()]
      // EC2 caps descriptions at 255 characters; the id already says what the rule is.
      .map(({ rule, reasons }) => ({
        ...rule,
        description: `pbxc ${[...reasons].sort().join(', ')}`.slice(0, 255),
      }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  );
}

/** "5060", "16384-32768", ICMP "3-any" (EC2 writes "any code" as -1). */
function portsId(from: number, to: number): string {
  const p = (n: number) => (n < 0 ? 'any' : `${n}`);
  return from === to ? p(from) : `${p(from)}-${p(to)}`;
}

/** The CIDRs of the named whitelists, IPv4 then IPv6 (names are checked to exist by validate). */
function sources(platform: PlatformModel, names: readonly string[]): Source[] {
  return unique(names).flatMap((name) => {
    const list = platform.firewall.whitelists.find((w) => w.name === name);
    if (!list) return [];
    return [
      ...list.ipv4.map((cidr) => ({ cidr, family: 4 as const, from: name })),
      ...list.ipv6.map((cidr) => ({ cidr, family: 6 as const, from: name })),
    ];
  });
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names)].sort();
}
