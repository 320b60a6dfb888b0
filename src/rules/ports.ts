import type { PlatformScope } from '../bind/symbols.js';
import { diag, type Location } from '../diag/diagnostic.js';
import { DEFAULTS } from '../model/defaults.js';
import type { Rule } from './rule.js';

/** A listening socket: protocol, port, what it is for, and where it is written (none: a default). */
interface Socket {
  readonly proto: 'udp' | 'tcp';
  readonly port: number;
  readonly what: string;
  readonly at?: Location;
}

/**
 * The platform's sockets. SIP over UDP and TCP may share a port (5060); the external (trunk)
 * profile listens on both protocols; TLS, WSS and admin ports are TCP.
 */
export function sockets(platform: PlatformScope): Socket[] {
  const ports = platform.spec.sip.ports;
  const at = (key: string) => platform.locate(['sip', 'ports', key]);
  const external = ports.external ?? DEFAULTS.externalPort;
  const externalAt = ports.external === undefined ? {} : { at: at('external') };
  const externalTls = ports.external_tls ?? external + 1;
  const externalTlsAt = ports.external_tls === undefined ? externalAt : { at: at('external_tls') };
  const out: Socket[] = [
    { proto: 'udp', port: ports.udp, what: 'sip.ports.udp', at: at('udp') },
    { proto: 'udp', port: external, what: 'sip.ports.external', ...externalAt },
    { proto: 'tcp', port: ports.tcp, what: 'sip.ports.tcp', at: at('tcp') },
    { proto: 'tcp', port: ports.tls, what: 'sip.ports.tls', at: at('tls') },
    { proto: 'tcp', port: ports.wss, what: 'sip.ports.wss', at: at('wss') },
    { proto: 'tcp', port: external, what: 'sip.ports.external', ...externalAt },
    { proto: 'tcp', port: externalTls, what: 'sip.ports.external_tls', ...externalTlsAt },
  ];
  if (!platform.broken.has('firewall')) {
    (platform.spec.firewall.admin_ports ?? DEFAULTS.adminPorts).forEach((port, i) => {
      const written = platform.spec.firewall.admin_ports
        ? { at: platform.locate(['firewall', 'admin_ports', i]) }
        : {};
      out.push({ proto: 'tcp', port, what: 'admin port', ...written });
    });
  }
  // A port that failed the schema was left out; it is not a collision.
  return out.filter((s) => typeof s.port === 'number');
}

/** Two sockets of one protocol cannot listen on one port. */
export const portsDistinct: Rule = {
  name: 'ports-distinct',
  check(ctx) {
    const platform = ctx.bound.platform;
    if (!platform || platform.broken.has('sip')) return;
    const all = sockets(platform);
    const reported = new Set<string>();
    all.forEach((b, k) => {
      for (const a of all.slice(0, k)) {
        if (a.proto !== b.proto || a.port !== b.port || a.what === b.what) continue;
        const here = b.at ?? a.at;
        const key = `${a.what}|${b.what}`;
        if (!here || reported.has(key)) continue;
        reported.add(key);
        const other = here === b.at ? a : b;
        const related = other.at ? [{ location: other.at, message: `${other.what} is set here` }] : undefined;
        const mine = here === b.at ? b : a;
        ctx.report(
          diag('PBX3044', { port: b.port, a: mine.what, b: other.what, proto: b.proto }, here, related),
        );
      }
    });
  },
};

/** RTP uses unprivileged ports, from < to, apart from the SIP ports. */
export const rtpRange: Rule = {
  name: 'rtp-range',
  check(ctx) {
    const platform = ctx.bound.platform;
    if (!platform || platform.broken.has('sip')) return;
    const { from, to } = platform.spec.sip.rtp;
    if (from < 1024 || to > 65535 || from >= to) {
      const key = from < 1024 || from >= to ? 'from' : 'to';
      ctx.report(diag('PBX3045', { from, to }, platform.locate(['sip', 'rtp', key])));
      return;
    }
    const inside = sockets(platform).filter(
      (s) => s.what.startsWith('sip.') && s.port >= from && s.port <= to,
    );
    if (inside.length === 0) return;
    const ports = [...new Set(inside.map((s) => `${s.port} (${s.what})`))].join(', ');
    const related = inside.flatMap((s) =>
      s.at ? [{ location: s.at, message: `${s.what} is set here` }] : [],
    );
    ctx.report(diag('PBX3049', { from, to, ports }, platform.locate(['sip', 'rtp']), related));
  },
};

/** One Sofia profile listens for SIP over UDP and TCP on the same port. */
export const tcpSharesUdpPort: Rule = {
  name: 'tcp-shares-udp-port',
  check(ctx) {
    const platform = ctx.bound.platform;
    const ports = platform?.spec.sip?.ports;
    if (!platform || !ports || typeof ports.tcp !== 'number' || typeof ports.udp !== 'number') return;
    if (ports.tcp !== ports.udp) {
      const related = [
        { location: platform.locate(['sip', 'ports', 'udp']), message: 'sip.ports.udp is set here' },
      ];
      ctx.report(
        diag(
          'PBX3091',
          { tcp: ports.tcp, udp: ports.udp },
          platform.locate(['sip', 'ports', 'tcp']),
          related,
        ),
      );
    }
  },
};

/** With no admin whitelist the firewall lets nobody reach SSH: say so before a lock-out. */
export const adminAccessNamed: Rule = {
  name: 'admin-access-named',
  check(ctx) {
    const platform = ctx.bound.platform;
    const firewall = platform?.spec.firewall;
    if (!platform || !firewall || platform.broken.has('firewall')) return;
    if ((firewall.admin_access ?? []).length > 0) return;
    const at = firewall.admin_access
      ? platform.locate(['firewall', 'admin_access'])
      : platform.locate(['firewall'], 'key');
    const ports = (firewall.admin_ports ?? DEFAULTS.adminPorts).join(', ');
    ctx.report(diag('PBX3090', { ports }, at));
  },
};

/** An environment deploys at least one node. */
export const environmentNodes: Rule = {
  name: 'environment-nodes',
  check(ctx) {
    const platform = ctx.bound.platform;
    if (!platform || platform.broken.has('environments')) return;
    for (const [name, env] of Object.entries(platform.spec.environments ?? {})) {
      if (env.nodes < 1)
        ctx.report(diag('PBX3046', { name }, platform.locate(['environments', name, 'nodes'])));
    }
  },
};

export const PORT_RULES: readonly Rule[] = [
  portsDistinct,
  tcpSharesUdpPort,
  rtpRange,
  adminAccessNamed,
  environmentNodes,
];
