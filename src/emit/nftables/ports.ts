/** nft port matches: "udp dport 5060", "tcp dport { 5060, 5061 }"; undefined for no ports. */
export function dport(protocol: 'udp' | 'tcp', ports: readonly number[]): string | undefined {
  if (ports.length === 0) return undefined;
  return ports.length === 1 ? `${protocol} dport ${ports[0]}` : `${protocol} dport { ${ports.join(', ')} }`;
}

/** One match per protocol that has ports. */
export function dportMatches(ports: {
  readonly udp: readonly number[];
  readonly tcp: readonly number[];
}): string[] {
  return [dport('udp', ports.udp), dport('tcp', ports.tcp)].filter((m) => m !== undefined);
}
