/**
 * Names of stacks, nodes and constructs. Every id is derived from spec names, never from a counter
 * or the order resources were created in, so adding a rule or a node never renames the others (a
 * rename in Terraform means destroy and re-create).
 */

/** The Terraform stack (and cdktf.out folder) of one environment. */
export function stackName(platform: string, environment: string): string {
  return `pbxc-${platform}-${environment}`;
}

/** Node n (1-based), as it appears in construct ids, Name tags and DNS labels. */
export function nodeName(n: number): string {
  return `pbx-${n}`;
}

/** A CIDR as an id part: "192.0.2.16/28" → "192-0-2-16-28", "2001:db8::/32" → "2001-db8--32". */
export function cidrId(cidr: string): string {
  if (cidr === '0.0.0.0/0') return 'anywhere-ipv4';
  if (cidr === '::/0') return 'anywhere-ipv6';
  return cidr.replace(/[.:/]/g, '-');
}

/** The fully qualified name of a node ("pbx-1") in a DNS zone. */
export function nodeFqdn(node: string, zone: string): string {
  return `${node}.${zone}`;
}
