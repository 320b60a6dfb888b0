import { serves } from '../model/environment-view.js';
import type { EnvironmentModel, Model } from '../model/types.js';

/**
 * The DNS an environment needs, as data: the stacks create the records inside the environment's
 * zone, and `pbxc synth` prints the ones a customer must create for a tenant domain outside it.
 * Phones, trunks and DNS use only the service address (the floating Elastic IP), never a node's.
 */

/** Short, so a changed address does not linger in caches. */
export const DNS_TTL = 300;

/** The address a record answers with: filled in by Terraform (or read from its outputs). */
export type DnsAddress = 'service-ipv4' | 'service-ipv6';

export type DnsRecord =
  | { readonly name: string; readonly type: 'A' | 'AAAA'; readonly address: DnsAddress }
  | {
      readonly name: string;
      readonly type: 'SRV';
      readonly priority: number;
      readonly weight: number;
      readonly port: number;
      readonly target: string;
    }
  | { readonly name: string; readonly type: 'CNAME'; readonly target: string };

export interface DnsPlan {
  /** The name phones and trunks use ("sip.<zone>"); absent without dns_zone. */
  readonly serviceName?: string;
  /** Records pbxc creates in dns_zone (sorted by name, then type). */
  readonly inZone: readonly DnsRecord[];
  /** Records the owner of each outside tenant domain creates, by domain. */
  readonly customer: readonly { readonly domain: string; readonly records: readonly DnsRecord[] }[];
}

export function serviceName(zone: string): string {
  return `sip.${zone}`;
}

export function inZone(host: string, zone: string): boolean {
  return host === zone || host.endsWith(`.${zone}`);
}

/**
 * A service AAAA only with one node: IPv6 addresses cannot follow the Elastic IP to another node
 * (they belong to one subnet, and the nodes stand in different availability zones), and an AAAA
 * naming only one node would send IPv6 phones to a standby after a failover.
 */
export function servesIpv6(env: EnvironmentModel): boolean {
  return env.nodes === 1;
}

/** The SIP domains an environment serves: its tenants' domains there (its own mapping first). */
export function environmentDomains(model: Model, env: EnvironmentModel): string[] {
  return [
    ...new Set(model.tenants.filter((t) => serves(env, t)).map((t) => env.domains[t.id] ?? t.domain)),
  ].sort();
}

export function dnsPlan(model: Model, env: EnvironmentModel): DnsPlan {
  const { ports } = model.platform.sip;
  const domains = environmentDomains(model, env);
  const addresses = (name: string): DnsRecord[] => [
    { name, type: 'A', address: 'service-ipv4' },
    ...(servesIpv6(env) ? [{ name, type: 'AAAA' as const, address: 'service-ipv6' as const }] : []),
  ];
  const srv = (domain: string, target: string): DnsRecord[] => [
    { name: `_sip._tcp.${domain}`, type: 'SRV', priority: 10, weight: 10, port: ports.tcp, target },
    { name: `_sip._udp.${domain}`, type: 'SRV', priority: 10, weight: 10, port: ports.udp, target },
    { name: `_sips._tcp.${domain}`, type: 'SRV', priority: 10, weight: 10, port: ports.tls, target },
  ];
  if (env.nodes === 0) return { inZone: [], customer: [] };
  const zone = env.dnsZone;
  if (!zone) {
    // No zone: every domain is the customer's, pointing straight at the service address.
    return {
      inZone: [],
      customer: domains.map((d) => ({ domain: d, records: [...addresses(d), ...srv(d, d)] })),
    };
  }
  const service = serviceName(zone);
  const records: DnsRecord[] = [...addresses(service), ...srv(service, service)];
  const provisioning = model.platform.provisioning.host;
  const named = new Set([service]);
  for (const d of domains.filter((d) => inZone(d, zone))) {
    if (!named.has(d)) records.push(...addresses(d));
    named.add(d);
    records.push(...srv(d, service));
  }
  if (inZone(provisioning, zone) && !named.has(provisioning)) records.push(...addresses(provisioning));
  return {
    serviceName: service,
    inZone: sortRecords(records),
    customer: domains
      .filter((d) => !inZone(d, zone))
      .map((d) => ({
        domain: d,
        records: [{ name: d, type: 'CNAME', target: service }, ...srv(d, service)],
      })),
  };
}

function sortRecords(records: readonly DnsRecord[]): DnsRecord[] {
  const key = (r: DnsRecord) => `${r.name} ${r.type}`;
  return [...records].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** A record as a zone-file line; addresses come from `known` or stay a named placeholder. */
export function zoneLine(r: DnsRecord, known: Partial<Record<DnsAddress, string>> = {}): string {
  const head = `${r.name}. ${DNS_TTL} IN ${r.type}`;
  switch (r.type) {
    case 'A':
    case 'AAAA':
      return `${head} ${known[r.address] ?? `<${r.address}>`}`;
    case 'SRV':
      return `${head} ${r.priority} ${r.weight} ${r.port} ${r.target}.`;
    case 'CNAME':
      return `${head} ${r.target}.`;
  }
}

/**
 * What `pbxc synth` prints for the customer-managed domains of an environment. Each environment
 * names only the domains it serves (validate refuses a domain served by two), so a customer is
 * never asked to point a production name at staging.
 */
export function customerDnsText(envName: string, plan: DnsPlan): string {
  if (plan.customer.length === 0) return '';
  const lines = [
    `Tenant domains of environment ${envName} outside its DNS zone: their owners create these records`,
    '(<service-ipv4>/<service-ipv6>: `terraform output service-address` after apply;',
    ' a domain that is a zone apex or has other records takes A/AAAA instead of the CNAME):',
  ];
  for (const c of plan.customer) {
    lines.push('', `; ${c.domain}`);
    for (const r of c.records) lines.push(zoneLine(r));
  }
  return `${lines.join('\n')}\n`;
}
