import type { LiveSwitch } from './live-switch.js';
import type { SipMessage, SippResult, SippRun } from './sipp.js';

export interface Phone {
  readonly tenant: string;
  readonly extension: string;
  readonly domain: string;
  readonly password: string;
  readonly address: string;
  /** The port in the registered Contact, where answer() listens. */
  readonly contactPort: number;
}

/** Registers an extension from `address` with its real credentials; the Contact names contactPort. */
export async function register(
  live: LiveSwitch,
  tenant: string,
  extension: string,
  address: string,
  options: {
    password?: string;
    expires?: number;
    contactPort?: number;
    contactHost?: string;
    port?: number;
  } = {},
): Promise<{ phone: Phone; result: SippResult }> {
  const c = await live.credentials(tenant, extension);
  const password = options.password ?? c.password;
  const contactPort = options.contactPort ?? live.port();
  const result = await live.sipp('register', {
    from: address,
    keys: { user: c.username, domain: c.domain, contact_port: contactPort, expires: options.expires ?? 300 },
    ...(options.contactHost ? { template: { contact_host: options.contactHost } } : {}),
    ...(options.port ? { port: options.port } : {}),
    auth: { username: c.username, password },
  });
  return {
    phone: { tenant, extension, domain: c.domain, password, address, contactPort },
    result,
  };
}

/** A registered phone that must succeed. */
export async function phone(
  live: LiveSwitch,
  tenant: string,
  extension: string,
  address: string,
): Promise<Phone> {
  const { phone: p, result } = await register(live, tenant, extension, address);
  if (result.statuses.at(-1) !== 200)
    throw new Error(`${extension}@${tenant} did not register: ${result.statuses.join(',')} ${result.errors}`);
  return p;
}

/** Unregisters (Expires: 0), so later tests see the extension as not registered. */
export async function unregister(live: LiveSwitch, p: Phone): Promise<void> {
  await live.sipp('register', {
    from: p.address,
    keys: { user: p.extension, domain: p.domain, contact_port: p.contactPort, expires: 0 },
    auth: { username: p.extension, password: p.password },
  });
}

/**
 * The phone's UAS on its Contact port: `scenario` decides how it answers (uas-answer, uas-busy).
 * `calls`: the INVITE dialogs it takes before it ends (requests outside a call, such as the MWI
 * NOTIFY a phone gets right after it registers, are answered 200 and not counted). Start it before
 * the call, await done afterwards.
 */
export async function listen(
  live: LiveSwitch,
  p: Phone,
  scenario = 'uas-answer',
  options: { timeoutS?: number; calls?: number; ringMs?: number } = {},
): Promise<SippRun> {
  const run = live.sippStart(scenario, {
    from: p.address,
    port: p.contactPort,
    uas: true,
    timeoutS: options.timeoutS ?? 20,
    // sipp's -m counts every new Call-ID, also the phone's MWI NOTIFYs and keep-alive OPTIONS: the
    // scenario answers those and ends itself after `calls` INVITE dialogs (template `invites`).
    calls: 100,
    template: { ring_ms: options.ringMs ?? 300, invites: options.calls ?? 1 },
  });
  // Bound before the caller dials: else the INVITE can reach a closed port (ICMP → 503).
  try {
    await live.bound(p.address, p.contactPort);
  } catch (e) {
    const r = await run.stop();
    throw new Error(`${(e as Error).message}; sipp ${scenario} exited ${r.code}: ${r.stderr.slice(0, 500)}`);
  }
  return run;
}

/** The same as listen() (kept for the callers written against that name). */
export const listenReady = listen;

export const PCAP = {
  audio: '/usr/share/sip-tester/g711a.pcap',
  dtmf: (digit: string) =>
    `/usr/share/sip-tester/dtmf_2833_${digit === '#' ? 'pound' : digit === '*' ? 'star' : digit}.pcap`,
};

export interface DialOptions {
  /** How long to stay on an answered call before hanging up (ms); the far end may hang up first. */
  readonly holdMs?: number;
  /** RTP to play once answered, after mediaDelayMs. */
  readonly pcap?: string;
  readonly mediaDelayMs?: number;
  readonly timeoutS?: number;
}

/** A registered phone dials `number` (INVITE with digest auth). */
export function dial(live: LiveSwitch, p: Phone, number: string, o: DialOptions = {}): Promise<SippResult> {
  return live.sipp('call', {
    from: p.address,
    service: number,
    keys: {
      to_user: number,
      caller: p.extension,
      from_domain: p.domain,
      domain: p.domain,
      pcap: o.pcap ?? PCAP.audio,
    },
    template: { hold_ms: o.holdMs ?? 1000, media_delay_ms: o.mediaDelayMs ?? 1 },
    auth: { username: p.extension, password: p.password },
    timeoutS: o.timeoutS ?? 20,
  });
}

/** A carrier at `from` sends a call for `did` from `caller` to the external profile (port 5080). */
export function inbound(
  live: LiveSwitch,
  from: string,
  did: string,
  caller: string,
  o: DialOptions & { port?: number; requestUser?: string } = {},
): Promise<SippResult> {
  return live.sipp('call', {
    from,
    target: `${live.pbx}:${o.port ?? 5080}`,
    // The Request-URI user: the DID, or (over a registration) the contact the PBX registered.
    service: o.requestUser ?? did,
    keys: { to_user: did, caller, from_domain: from, domain: live.pbx, pcap: o.pcap ?? PCAP.audio },
    template: { hold_ms: o.holdMs ?? 1000, media_delay_ms: o.mediaDelayMs ?? 1 },
    timeoutS: o.timeoutS ?? 20,
  });
}

/** The INVITEs a UAS saw, by Request-URI user. */
export function invites(r: SippResult): SipMessage[] {
  return r.requests.filter((m) => m.method === 'INVITE');
}
