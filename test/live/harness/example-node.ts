import { type LiveOptions, LiveSwitch } from './live-switch.js';
import { sleep } from './proc.js';
import type { SipMessage, SippRun } from './sipp.js';

/** Carriers of the example spec's trunks, inside their inbound_from ranges; trunk hosts resolve to them. */
export const CARRIERS = {
  telekom: '192.0.2.17',
  gamma: '192.0.2.18',
  backup: '192.0.2.20',
  twilio: '192.0.2.66',
} as const;

type Carrier = 'twilio' | 'backup' | 'gamma';

export interface ExampleNode {
  readonly live: LiveSwitch;
  /** The INVITEs a carrier received since the last call of this function. */
  carrierInvites(name: Carrier): Promise<SipMessage[]>;
  /** Request lines the telekom TLS registrar saw. */
  telekomSeen(): string[];
  stop(): Promise<void>;
}

/**
 * The example spec on a node as the deploy step leaves it: with its TLS certificate, and every
 * trunk's far end answering (sipp carriers for UDP/TCP, a TLS registrar for telekom), so the
 * switch starts and runs without any error line.
 */
export async function startExampleNode(options: LiveOptions = {}): Promise<ExampleNode> {
  const carriers: Partial<Record<Carrier, SippRun>> = {};
  const returned: Record<Carrier, number> = { twilio: 0, backup: 0, gamma: 0 };
  let tls: Awaited<ReturnType<LiveSwitch['tlsRegistrar']>> | undefined;
  const start = (live: LiveSwitch, name: Carrier): SippRun => {
    const port = name === 'gamma' ? 5070 : 5060;
    return live.sippStart('carrier', {
      from: CARRIERS[name],
      port,
      uas: true,
      calls: 1000,
      timeoutS: 300,
      transport: name === 'gamma' ? 't1' : 'u1',
    });
  };
  const live = await LiveSwitch.start({
    certs: true,
    sounds: true,
    addresses: Object.values(CARRIERS),
    hosts: {
      'reg.sip-trunk.telekom.de': CARRIERS.telekom,
      'sip.gamma-trunk.example.net': CARRIERS.gamma,
      'abc-company.pstn.twilio.com': CARRIERS.twilio,
    },
    ...options,
    beforeStart: async (l) => {
      for (const name of ['twilio', 'backup', 'gamma'] as const) carriers[name] = start(l, name);
      // Listening before FreeSWITCH sends its first REGISTER (a refused one marks the gateway down).
      await Promise.all([
        l.bound(CARRIERS.twilio, 5060),
        l.bound(CARRIERS.backup, 5060),
        l.bound(CARRIERS.gamma, 5070),
      ]);
      tls = await l.tlsRegistrar(CARRIERS.telekom);
      await options.beforeStart?.(l);
    },
  });
  return {
    live,
    async carrierInvites(name) {
      // The carrier keeps running (a restart would break the TCP connection the gamma gateway
      // reuses): read its message log and return the INVITEs not returned before.
      await sleep(300);
      const all = carriers[name]!.peek().filter(
        (m) => m.direction === 'received' && m.method === 'INVITE' && m.status === undefined,
      );
      const fresh = all.slice(returned[name]);
      returned[name] = all.length;
      return fresh;
    },
    telekomSeen: () => tls?.seen() ?? [],
    async stop() {
      for (const c of Object.values(carriers)) await c?.stop();
      await live.stop();
    },
  };
}
