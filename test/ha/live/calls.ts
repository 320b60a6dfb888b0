import { fileURLToPath } from 'node:url';
import type { SipMessage, SippResult, SippRun } from '../../live/harness/sipp.js';
import { PHONE, PHONE_2, SERVICE, type TwoNodes } from './two-nodes.js';

/**
 * Issue 21 "calls survive a failover", measured: `calls` established calls from a phone (sipp UAC,
 * extension 101 at PHONE) through the service address to another phone (sipp UAS, extension 102
 * registered at PHONE_2), both sides playing RTP all the time (uac-media.xml / uas-media.xml: again
 * after every re-INVITE). Then a fault (kill -9 of the active, a planned switchover, ...). A call
 * CONTINUES when, after the fault, RTP from the service address reaches both phones on that call's
 * ports (nft counters in the LAN namespace, per phone address and FreeSWITCH's source port, counted
 * in a window after the new active answers) and its BYE (sent by the caller after the fault) is
 * answered 200 and reaches the called phone.
 */
const SIPP_DIR = fileURLToPath(new URL('./sipp/', import.meta.url));
const PCAP = '/usr/share/sip-tester/g711a.pcap';
const UAC_PORT = 7300;
const UAS_PORT = 7290;
const REPLAY_MS = 5000;
/** RTP packets (30 ms each) a leg must receive in the counting window to count as media flowing. */
export const MEDIA_MIN_PACKETS = 50;

export interface CallsRun {
  readonly uac: SippRun;
  readonly uas: SippRun;
}

export interface LegFigures {
  readonly calls: number;
  /** Calls whose leg got RTP from the service address in the window after the fault. */
  readonly media: number;
  /** Calls whose BYE came after the fault and was answered 200 (caller) / received (callee). */
  readonly cleanBye: number;
  /** Both of the above. */
  readonly continued: number;
}

export interface CallsFigures {
  readonly established: number;
  readonly caller: LegFigures;
  readonly callee: LegFigures;
  /** The smaller of the two sides: a call continues only if both of its legs do. */
  readonly continued: number;
  readonly reinvites: number;
}

const NFT_TABLE = `table ip hacalls {
  set rtp { type ipv4_addr . inet_service; flags dynamic; counter; size 8192; }
  chain in { type filter hook input priority 0; policy accept;
    ip saddr ${SERVICE} udp sport != 5060 add @rtp { ip daddr . udp sport };
  }
}
`;

/** Installs the RTP counters in the LAN namespace (idempotent: the table is replaced). */
export async function installRtpCounters(two: TwoNodes): Promise<void> {
  await two.lanExec('/usr/sbin/nft', ['delete', 'table', 'ip', 'hacalls']);
  const r = await two.lanExec('/usr/bin/sh', ['-c', `printf '%s' '${NFT_TABLE}' | /usr/sbin/nft -f -`]);
  if (r.code !== 0) throw new Error(`nft: ${r.stderr}`);
}

/** Forgets every counter (the start of a counting window). */
export async function resetRtpCounters(two: TwoNodes): Promise<void> {
  await two.lanExec('/usr/sbin/nft', ['flush', 'set', 'ip', 'hacalls', 'rtp']);
}

/** Packets from the service address by `phone:port` (FreeSWITCH's source port) since the reset. */
export async function readRtpCounters(two: TwoNodes): Promise<Map<string, number>> {
  const r = await two.lanExec('/usr/sbin/nft', ['-j', 'list', 'set', 'ip', 'hacalls', 'rtp']);
  const out = new Map<string, number>();
  const json = JSON.parse(r.stdout || '{"nftables":[]}') as {
    nftables: {
      set?: { elem?: { elem: { val: { concat: [string, number] }; counter: { packets: number } } }[] };
    }[];
  };
  for (const item of json.nftables)
    for (const e of item.set?.elem ?? []) {
      const [ip, port] = e.elem.val.concat;
      out.set(`${ip}:${port}`, e.elem.counter.packets);
    }
  return out;
}

/** Starts the callee (102 at PHONE_2) and then `calls` calls from 101; resolves once they are placed. */
export async function startCalls(two: TwoNodes, calls: number, holdS: number): Promise<CallsRun> {
  const callee = await two.register('abc-company', '102', PHONE_2, UAS_PORT);
  if (callee.statuses.at(-1) !== 200) throw new Error(`102 did not register: ${callee.statuses}`);
  const caller = await two.register('abc-company', '101', PHONE, UAC_PORT);
  if (caller.statuses.at(-1) !== 200) throw new Error(`101 did not register: ${caller.statuses}`);
  // FreeSWITCH writes the registration through its SQL queue: under load the row lands after the
  // 200, and a call placed before it finds 102 unregistered (voicemail answers, then hangs up).
  for (let i = 0; i < 50; i++) {
    const rows = await two.db
      .query<{ n: number }>(
        "SELECT count(*)::int AS n FROM sip_registrations WHERE sip_user = '102' AND network_ip = $1",
        [PHONE_2],
      )
      .catch(() => [{ n: 0 }]);
    if ((rows[0]?.n ?? 0) > 0) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const loops = Math.ceil((holdS * 1000) / REPLAY_MS);
  const uas = two.lanSipp(`${SIPP_DIR}uas-media.xml`, {
    from: PHONE_2,
    port: UAS_PORT,
    uas: true,
    calls,
    keys: { pcap: PCAP },
    template: { replay_ms: REPLAY_MS, invites: calls },
    timeoutS: holdS + 60,
  });
  await new Promise((r) => setTimeout(r, 500));
  const uac = two.lanSipp(`${SIPP_DIR}uac-media.xml`, {
    from: PHONE,
    port: UAC_PORT,
    calls,
    service: '102',
    keys: {
      to_user: '102',
      caller: '101',
      from_domain: caller.domain,
      domain: caller.domain,
      pcap: PCAP,
    },
    template: { replay_ms: REPLAY_MS, loops },
    auth: { username: '101', password: caller.password },
    timeoutS: holdS + 60,
  });
  return { uac, uas };
}

/** Call-ID → the messages of that call. */
function byCall(messages: readonly SipMessage[]): Map<string, SipMessage[]> {
  const out = new Map<string, SipMessage[]>();
  for (const m of messages) {
    const id = m.header('Call-ID');
    if (!id) continue;
    out.set(id, [...(out.get(id) ?? []), m]);
  }
  return out;
}

/** The RTP port in the last SDP FreeSWITCH sent on this call (its source port for this leg). */
function freeswitchPort(messages: readonly SipMessage[]): number | undefined {
  const sdp = messages.filter((m) => m.direction === 'received' && /\nm=audio \d+/.test(m.text)).at(-1);
  const m = sdp ? /\nm=audio (\d+)/.exec(sdp.text) : null;
  return m ? Number(m[1]) : undefined;
}

function leg(
  result: SippResult,
  phone: string,
  counters: ReadonlyMap<string, number>,
  faultAt: number,
  side: 'caller' | 'callee',
): LegFigures & { established: number; reinvites: number } {
  let established = 0;
  let media = 0;
  let cleanBye = 0;
  let continued = 0;
  let reinvites = 0;
  for (const msgs of byCall(result.messages).values()) {
    const answered =
      side === 'caller'
        ? msgs.some((m) => m.direction === 'received' && m.status === 200 && m.method === 'INVITE')
        : msgs.some(
            (m) => m.direction === 'sent' && m.firstLine.startsWith('SIP/2.0 200') && m.method === 'INVITE',
          );
    if (!answered) continue;
    established++;
    reinvites += msgs.filter(
      (m) =>
        m.direction === 'received' && m.method === 'INVITE' && m.status === undefined && m.time > faultAt,
    ).length;
    const port = freeswitchPort(msgs);
    const flowing = port !== undefined && (counters.get(`${phone}:${port}`) ?? 0) >= MEDIA_MIN_PACKETS;
    const bye =
      side === 'caller'
        ? msgs.some(
            (m) => m.direction === 'sent' && m.method === 'BYE' && m.status === undefined && m.time > faultAt,
          ) &&
          msgs.some(
            (m) => m.direction === 'received' && m.method === 'BYE' && m.status === 200 && m.time > faultAt,
          )
        : msgs.some(
            (m) =>
              m.direction === 'received' && m.method === 'BYE' && m.status === undefined && m.time > faultAt,
          );
    if (flowing) media++;
    if (bye) cleanBye++;
    if (flowing && bye) continued++;
  }
  return { calls: established, established, media, cleanBye, continued, reinvites };
}

/** The figures of a finished run; `counters` were read in the window after the fault. */
export function callsFigures(
  uac: SippResult,
  uas: SippResult,
  counters: ReadonlyMap<string, number>,
  faultAt: number,
): CallsFigures {
  const a = leg(uac, PHONE, counters, faultAt, 'caller');
  const b = leg(uas, PHONE_2, counters, faultAt, 'callee');
  return {
    established: a.established,
    caller: { calls: a.calls, media: a.media, cleanBye: a.cleanBye, continued: a.continued },
    callee: { calls: b.calls, media: b.media, cleanBye: b.cleanBye, continued: b.continued },
    continued: Math.min(a.continued, b.continued),
    reinvites: a.reinvites + b.reinvites,
  };
}

/** Rows of FreeSWITCH's shared `recovery` table (track-calls), by host name. */
export async function recoveryRows(two: TwoNodes): Promise<{ hostname: string; n: number }[]> {
  return two.db
    .query<{ hostname: string; n: number }>(
      'SELECT hostname, count(*)::int AS n FROM recovery GROUP BY hostname ORDER BY hostname',
    )
    .catch(() => []);
}
