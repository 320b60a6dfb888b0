import type { PlatformModel } from '../../model/types.js';

/**
 * What a ban from each pbxc jail blocks. The fail2ban target writes the jails (and their `port`) from
 * this list and the nftables target writes the matching drop rules, so a jail never claims ports its
 * ban does not close.
 */
export interface BanScope {
  /** The jail's short name; the fail2ban jail is "pbxc-<jail>". */
  readonly jail: 'sip' | 'provisioning' | 'recidive';
  /** Ports the ban closes; undefined: every port (repeat offenders lose all access). */
  readonly ports?: { readonly udp: readonly number[]; readonly tcp: readonly number[] };
}

export function banScopes(platform: PlatformModel): readonly BanScope[] {
  const sip = sipPorts(platform);
  return [
    { jail: 'sip', ports: sip },
    { jail: 'provisioning', ports: { udp: [], tcp: [platform.provisioning.port] } },
    { jail: 'recidive' },
  ];
}

/** The phone-facing SIP ports (UDP, TCP, TLS, WSS), by transport protocol. */
export function phonePorts(platform: PlatformModel): { udp: number[]; tcp: number[] } {
  const { ports } = platform.sip;
  return { udp: [ports.udp], tcp: uniqueSorted([ports.tcp, ports.tls, ports.wss]) };
}

/** Every SIP signalling port, phone-facing and trunk-facing, by transport protocol. */
export function sipPorts(platform: PlatformModel): { udp: number[]; tcp: number[] } {
  const { ports, externalPort, externalTlsPort } = platform.sip;
  return {
    udp: uniqueSorted([ports.udp, externalPort]),
    tcp: uniqueSorted([ports.tcp, ports.tls, ports.wss, externalPort, externalTlsPort]),
  };
}

/** Every port of a scope, once, ascending (fail2ban's `port` list). */
export function scopePorts(scope: BanScope): number[] {
  return scope.ports ? uniqueSorted([...scope.ports.udp, ...scope.ports.tcp]) : [];
}

export function uniqueSorted(values: readonly number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}
