/**
 * Which names the node's certificate should cover and how to get them (pure; tables in
 * test/deploy/agent-cert-plan.test.ts). FreeSWITCH presents one certificate per SIP profile (sofia
 * has no SNI), so every name clients use — the node's name, the service name, the provisioning name
 * and every tenant domain the active bundle serves — goes into ONE certificate, requested by the
 * agent (the tenant domains come from the bundle, so a tenant change never touches user data).
 *
 * Validation: names inside the environment's DNS zone by DNS-01 through the zone (tls.acme
 * "dns-route53"), which works on every node of an HA group whatever DNS points at; names outside the
 * zone (a customer's own domain) only by HTTP-01 through the node's nginx (port 80,
 * /.well-known/acme-challenge/), which needs the name to resolve to this node — the agent probes
 * that itself before asking. One ACME order has one method (certbot), so the order is HTTP-01 for
 * every reachable name when that covers all the zone's names and more, else DNS-01 for the zone's.
 * A name no order covers falls back (the node serves the certificate it has; status lists it).
 */
export type AcmeMethod = 'dns-route53' | 'http' | 'none';

export interface CertificateInput {
  /** Every name clients use, node-level (agent.json tls.names) and the bundle's tenant domains. */
  readonly wanted: readonly string[];
  /** The environment's DNS zone (names in it validate by DNS-01), if any. */
  readonly zone?: string;
  readonly acme: AcmeMethod;
  /** Names whose HTTP probe reached this node's nginx (port 80). */
  readonly reachable: ReadonlySet<string>;
  /** Names the installed certificate covers (empty for the agent's self-signed stand-in). */
  readonly covered: ReadonlySet<string>;
  /** The last failed ACME order, for backoff. */
  readonly lastFailure?: AcmeFailure;
  readonly now: Date;
}

export interface AcmeFailure {
  readonly names: readonly string[];
  readonly failures: number;
  readonly retryAt: string;
  readonly message: string;
}

export interface NameCoverage {
  readonly name: string;
  readonly covered: boolean;
  /** Why it is not covered (absent when covered). */
  readonly why?: string;
}

export interface CertificatePlan {
  /** The order to place now, or none (everything obtainable is covered, or waiting for backoff). */
  readonly request?: { readonly method: 'dns-route53' | 'http'; readonly names: readonly string[] };
  readonly names: readonly NameCoverage[];
}

export const inZone = (name: string, zone: string | undefined): boolean =>
  zone !== undefined && (name === zone || name.endsWith(`.${zone}`));

export function certificatePlan(i: CertificateInput): CertificatePlan {
  const wanted = [...new Set(i.wanted.map((n) => n.toLowerCase()))].sort();
  const dns = i.acme === 'dns-route53' ? wanted.filter((n) => inZone(n, i.zone)) : [];
  const http = i.acme === 'none' ? [] : wanted.filter((n) => i.reachable.has(n));
  const httpCoversMore = dns.every((n) => http.includes(n)) && http.length > dns.length;
  const order =
    i.acme === 'none'
      ? undefined
      : httpCoversMore || dns.length === 0
        ? http.length > 0
          ? { method: 'http' as const, names: http }
          : undefined
        : { method: 'dns-route53' as const, names: dns };
  const missing = order ? order.names.filter((n) => !i.covered.has(n)) : [];
  const sameOrder =
    i.lastFailure !== undefined &&
    order !== undefined &&
    i.lastFailure.names.join(' ') === order.names.join(' ') &&
    i.now.getTime() < Date.parse(i.lastFailure.retryAt);
  const request = missing.length > 0 && !sameOrder ? order : undefined;
  const names = wanted.map((name): NameCoverage => {
    if (i.covered.has(name)) return { name, covered: true };
    return {
      name,
      covered: false,
      why: notCovered(name, i, order?.names.includes(name) ?? false, sameOrder),
    };
  });
  return { ...(request ? { request } : {}), names };
}

function notCovered(name: string, i: CertificateInput, ordered: boolean, backingOff: boolean): string {
  if (i.acme === 'none') return 'no ACME on this node (agent.json tls.acme): self-signed stand-in';
  if (ordered && backingOff)
    return `the ACME order failed (${i.lastFailure!.message}); retried after ${i.lastFailure!.retryAt}`;
  if (ordered) return 'requested now';
  if (inZone(name, i.zone) && i.acme === 'dns-route53')
    return 'left out of this order: HTTP-01 covers more names here, and this one does not resolve to this node';
  return i.zone && !inZone(name, i.zone)
    ? `outside the zone ${i.zone}: HTTP-01 needs it to resolve to this node (it does not yet)`
    : 'HTTP-01 needs it to resolve to this node (it does not yet)';
}

/**
 * Backoff after the n-th failed order for the same names: 10, 20, 40 … minutes, at most 6 hours
 * (Let's Encrypt allows 5 failed validations per name and hour; the timer runs every minute).
 */
export function acmeBackoffSeconds(failures: number): number {
  return Math.min(600 * 2 ** Math.max(0, failures - 1), 6 * 3600);
}

/** The failure record after a failed order. */
export function acmeFailure(
  previous: AcmeFailure | undefined,
  names: readonly string[],
  message: string,
  now: Date,
): AcmeFailure {
  const same = previous?.names.join(' ') === names.join(' ');
  const failures = same ? previous!.failures + 1 : 1;
  return {
    names: [...names],
    failures,
    retryAt: new Date(now.getTime() + acmeBackoffSeconds(failures) * 1000).toISOString(),
    message,
  };
}

/** One status line per node: what the certificate covers and what falls back. */
export function coverageSummary(names: readonly NameCoverage[]): string {
  const covered = names.filter((n) => n.covered).map((n) => n.name);
  const fallback = names.filter((n) => !n.covered).map((n) => `${n.name} (${n.why})`);
  return [
    `covers ${covered.length > 0 ? covered.join(', ') : 'none of the names clients use'}`,
    ...(fallback.length > 0 ? [`not covered: ${fallback.join('; ')}`] : []),
  ].join('; ');
}
