import { writeFileSync } from 'node:fs';

/**
 * RFC 2833/4733 DTMF as a pcap sipp can play (`play_pcap_audio`): sipp plays one pcap per action,
 * and its shipped `dtmf_2833_<digit>.pcap` files each hold one digit from an unrelated capture (their
 * RTP timestamps and sequence numbers do not follow on from each other). A PIN needs several digits
 * in one RTP stream, so this writes them deterministically: one SSRC, sequence numbers and
 * timestamps that only go up, each digit a new event (marker bit on its first packet, 7 progress
 * packets 20 ms apart, the end packet sent three times as RFC 4733 §2.5.1.4 asks).
 *
 * `entries` are digit strings played one after another, `gapMs` of silence between them (e.g. a
 * wrong PIN, then a retry after the bad-PIN tone). Payload type 101, as the call scenario's SDP
 * offers. sipp rewrites addresses and ports; the RTP header it sends as written here.
 */
export interface DtmfPcapOptions {
  /** Pause between two digits of one entry (ms). Default 200. */
  readonly interDigitMs?: number;
  /** Pause between entries (ms). Default 2000. */
  readonly gapMs?: number;
}

const EVENTS: Readonly<Record<string, number>> = {
  '0': 0,
  '1': 1,
  '2': 2,
  '3': 3,
  '4': 4,
  '5': 5,
  '6': 6,
  '7': 7,
  '8': 8,
  '9': 9,
  '*': 10,
  '#': 11,
};

const PT = 101;
const SSRC = 0x0e05384e;
const PACKET_MS = 20;
const PROGRESS = 7;

interface Packet {
  readonly atMs: number;
  readonly rtp: Buffer;
}

function rtpEvent(
  seq: number,
  ts: number,
  marker: boolean,
  event: number,
  end: boolean,
  duration: number,
): Buffer {
  const b = Buffer.alloc(16);
  b[0] = 0x80;
  b[1] = (marker ? 0x80 : 0) | PT;
  b.writeUInt16BE(seq & 0xffff, 2);
  b.writeUInt32BE(ts >>> 0, 4);
  b.writeUInt32BE(SSRC, 8);
  b[12] = event;
  b[13] = (end ? 0x80 : 0) | 10; // volume -10 dBm0
  b.writeUInt16BE(duration, 14);
  return b;
}

/** The RTP packets (with their send time) of the digits. */
export function dtmfPackets(entries: readonly string[], o: DtmfPcapOptions = {}): Packet[] {
  const out: Packet[] = [];
  // sipp starts a pcap at its first packet: a pause before the digits belongs in the scenario.
  let at = 0;
  let seq = 1000;
  let ts = 8000;
  entries.forEach((entry, i) => {
    if (i > 0) at += o.gapMs ?? 2000;
    [...entry].forEach((digit, j) => {
      const event = EVENTS[digit];
      if (event === undefined) throw new Error(`not a DTMF digit: ${JSON.stringify(digit)}`);
      if (j > 0) at += o.interDigitMs ?? 200;
      for (let k = 0; k < PROGRESS; k++)
        out.push({
          atMs: at + k * PACKET_MS,
          rtp: rtpEvent(seq++, ts, k === 0, event, false, (k + 1) * 160),
        });
      at += PROGRESS * PACKET_MS;
      for (let k = 0; k < 3; k++)
        out.push({ atMs: at + k, rtp: rtpEvent(seq++, ts, false, event, true, (PROGRESS + 1) * 160) });
      // The next event starts later in the 8 kHz clock than this one's end.
      ts += 8 * (PROGRESS * PACKET_MS + (o.interDigitMs ?? 200));
    });
    ts += 8 * (o.gapMs ?? 2000);
  });
  return out;
}

function checksum16(buf: Buffer): number {
  let sum = 0;
  for (let i = 0; i + 1 < buf.length; i += 2) sum += buf.readUInt16BE(i);
  if (buf.length % 2) sum += buf[buf.length - 1]! << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return ~sum & 0xffff;
}

/** One Ethernet/IPv4/UDP frame around an RTP packet (addresses and ports are placeholders sipp replaces). */
function frame(rtp: Buffer): Buffer {
  const udpLen = 8 + rtp.length;
  const eth = Buffer.alloc(14);
  eth.writeUInt16BE(0x0800, 12);
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + udpLen, 2);
  ip[8] = 64;
  ip[9] = 17;
  Buffer.from([10, 0, 0, 1]).copy(ip, 12);
  Buffer.from([10, 0, 0, 2]).copy(ip, 16);
  ip.writeUInt16BE(checksum16(ip), 10);
  const udp = Buffer.alloc(8);
  udp.writeUInt16BE(40000, 0);
  udp.writeUInt16BE(40002, 2);
  udp.writeUInt16BE(udpLen, 4);
  return Buffer.concat([eth, ip, udp, rtp]);
}

/** The pcap file bytes (classic libpcap, Ethernet link type, microsecond stamps from a fixed epoch). */
export function dtmfPcap(entries: readonly string[], o: DtmfPcapOptions = {}): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16);
  header.writeUInt32LE(1, 20);
  const base = 1_700_000_000;
  const records = dtmfPackets(entries, o).map(({ atMs, rtp }) => {
    const f = frame(rtp);
    const rec = Buffer.alloc(16);
    rec.writeUInt32LE(base + Math.floor(atMs / 1000), 0);
    rec.writeUInt32LE((atMs % 1000) * 1000, 4);
    rec.writeUInt32LE(f.length, 8);
    rec.writeUInt32LE(f.length, 12);
    return Buffer.concat([rec, f]);
  });
  return Buffer.concat([header, ...records]);
}

/** Writes the pcap to `path` and returns the path. */
export function writeDtmfPcap(path: string, entries: readonly string[], o: DtmfPcapOptions = {}): string {
  writeFileSync(path, dtmfPcap(entries, o));
  return path;
}
