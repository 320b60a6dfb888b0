// Inbound calls on the real switch for `npm run bench`: FreeSWITCH CPU per call to the first and the
// last DID (DID lookup must not grow with the DID count), and a calls-per-second run.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { type RunningSwitch, startSwitch } from '../test/live/lean-switch.ts';
import { type FootprintRow, renderedTree } from './fs-footprint.ts';

const SIPP = '/usr/bin/sipp';
const SCENARIO = fileURLToPath(new URL('../test/live/sipp/bench-call.xml', import.meta.url));
/** The node's SIP address and a carrier inside the footprint spec's twilio-signalling range. */
const PBX = '192.0.2.1';
const CARRIER = '192.0.2.65';

export const CALL_TARGETS = {
  /** CPU per call to the last DID over the first's. */
  lastOverFirst: 1.1,
  cps: 40,
};

export interface CallRun {
  readonly ok: number;
  readonly failed: number;
  readonly cpuMs: number;
  readonly wallMs: number;
}

let runs = 0;

/** `calls` INVITEs to `did` from the carrier: `rate` per second (0: one after another). */
export async function placeCalls(fs: RunningSwitch, did: string, calls: number, rate = 0): Promise<CallRun> {
  const stat = join(fs.base, `calls-${++runs}.csv`);
  const args = ['-sf', SCENARIO, '-i', CARRIER, '-p', String(5060 + (runs % 50)), '-m', String(calls)];
  args.push('-s', did, '-t', 'u1', '-nostdin', '-timeout', `${Math.ceil(calls / Math.max(rate, 5)) + 60}s`);
  args.push(
    '-trace_stat',
    '-stf',
    stat,
    '-fd',
    '1',
    '-recv_timeout',
    '10000',
    '-trace_err',
    '-error_file',
    join(fs.base, `calls-${runs}.err`),
  );
  if (rate > 0) args.push('-r', String(rate), '-l', String(rate * 20));
  else args.push('-l', '1', '-r', '1000');
  args.push(`${PBX}:5080`);
  const cpu0 = fs.cpuMs();
  const t0 = performance.now();
  const r = await fs.exec(SIPP, args, (Math.ceil(calls / Math.max(rate, 5)) + 90) * 1000);
  const wallMs = Math.round(performance.now() - t0);
  const cpuMs = fs.cpuMs() - cpu0;
  const { ok, failed } = statsOf(stat);
  if (ok + failed === 0) throw new Error(`sipp placed no call (exit ${r.code}): ${r.stderr.slice(-500)}`);
  return { ok, failed, cpuMs, wallMs };
}

function statsOf(csv: string): { ok: number; failed: number } {
  if (!existsSync(csv)) return { ok: 0, failed: 0 };
  const lines = readFileSync(csv, 'utf8').trim().split('\n');
  const head = lines[0]!.split(';');
  const last = lines.at(-1)!.split(';');
  const get = (name: string) => Number(last[head.indexOf(name)] ?? 0);
  return { ok: get('SuccessfulCall(C)'), failed: get('FailedCall(C)') };
}

export async function startCallSwitch(files: ReadonlyMap<string, string>): Promise<RunningSwitch> {
  const fs = await startSwitch({
    tag: 'calls',
    files,
    addresses: [PBX, CARRIER],
    nodeEnv: { PBXC_SIP_BIND_IPV4: PBX, PBXC_PUBLIC_IPV4: PBX },
    readyTimeoutMs: 240_000,
  });
  const until = performance.now() + 30_000;
  while (!/external\s.*RUNNING/.test(await fs.cli('sofia status')) && performance.now() < until)
    await new Promise((r) => setTimeout(r, 200));
  return fs;
}

/**
 * CPU per call to the first and the last DID, measured alternately in `rounds` blocks of `calls`
 * sequential calls each (back to back, so the machine's load falls on both alike).
 */
export async function firstVsLast(
  fs: RunningSwitch,
  first: string,
  last: string,
  label: string,
  calls = 25,
  rounds = 2,
): Promise<FootprintRow[]> {
  await placeCalls(fs, first, 5); // warm-up: the Lua state, sound files, caches
  await placeCalls(fs, last, 5);
  const sum = { first: { cpu: 0, ok: 0, failed: 0 }, last: { cpu: 0, ok: 0, failed: 0 } };
  for (let i = 0; i < rounds; i++) {
    for (const [key, did] of [
      ['first', first],
      ['last', last],
    ] as const) {
      const r = await placeCalls(fs, did, calls);
      sum[key].cpu += r.cpuMs;
      sum[key].ok += r.ok;
      sum[key].failed += r.failed;
    }
  }
  const per = (k: 'first' | 'last') => sum[k].cpu / (sum[k].ok + sum[k].failed);
  const ratio = per('last') / per('first');
  const n = calls * rounds;
  return [
    {
      name: `${label}: CPU/call first DID`,
      value: `${per('first').toFixed(1)} ms (${first}, ${sum.first.ok}/${n} set up)`,
    },
    {
      name: `${label}: CPU/call last DID`,
      value: `${per('last').toFixed(1)} ms (${last}, ${sum.last.ok}/${n} set up)`,
    },
    {
      name: `${label}: last/first CPU`,
      value: `${ratio.toFixed(2)}×`,
      target: `≤ ${CALL_TARGETS.lastOverFirst}×, every call set up`,
      ok: ratio <= CALL_TARGETS.lastOverFirst && sum.first.failed + sum.last.failed === 0,
      before: '2.8× (51.4 / 18.5 ms, 2,000 DIDs in one regex list)',
    },
  ];
}

/** `rate` new calls per second for `seconds` to one DID: every setup must complete. */
export async function cpsRun(
  fs: RunningSwitch,
  did: string,
  rate: number,
  seconds: number,
): Promise<FootprintRow> {
  const r = await placeCalls(fs, did, rate * seconds, rate);
  const total = r.ok + r.failed;
  return {
    name: `CPS ${rate}/s for ${seconds} s`,
    value: `${r.ok}/${total} set up, ${r.failed} failed, ${(r.cpuMs / total).toFixed(1)} ms CPU/call, ${(total / (r.wallMs / 1000)).toFixed(1)}/s achieved`,
    target: `≥ ${CALL_TARGETS.cps}/s, 0 failed`,
    ok: rate >= CALL_TARGETS.cps && r.failed === 0 && r.ok === rate * seconds,
    before: '40/s: 210 of 800 failed (Throttle Error, sessions-per-second 30)',
  };
}

/** reloadxml time and RSS on a running switch (the 20,000-DID variant's footprint). */
export async function reloadAndRss(fs: RunningSwitch, label: string): Promise<FootprintRow[]> {
  const t0 = performance.now();
  const reply = await fs.cli('reloadxml', 120_000);
  const ms = Math.round(performance.now() - t0);
  const mib = Math.round(fs.memory().rssKiB / 1024);
  return [
    {
      name: `${label}: reloadxml`,
      value: `${ms} ms`,
      target: '≤ 500 ms',
      ok: reply.includes('+OK') && ms <= 500,
    },
    { name: `${label}: RSS after calls`, value: `${mib} MiB`, target: '≤ 150 MiB', ok: mib <= 150 },
  ];
}

/**
 * Renders the spec at `specRoot`, starts a switch on it and measures the first against the last DID
 * of one route (`pair`), then whatever `more` measures on the same switch.
 */
export async function callRows(
  specRoot: string,
  pair: DidPair,
  more: (fs: RunningSwitch, lastDid: string) => Promise<FootprintRow[]>,
): Promise<FootprintRow[]> {
  const { files } = await renderedTree(specRoot);
  const fs = await startCallSwitch(files);
  try {
    const rows = await firstVsLast(fs, pair.first, pair.last, pair.label);
    return [...rows, ...(await more(fs, pair.last))];
  } finally {
    await fs.stop();
  }
}

export interface DidPair {
  readonly first: string;
  readonly last: string;
  readonly label: string;
}

/** A DID of writeFootprintSpec's spec: tenant `t`'s DID `i`. */
export const footprintDid = (t: number, i: number) => `+1${2000000000 + t * 100 + i}`;

/**
 * The first and last DID of one route in writeFootprintSpec's spec: with 10 DIDs per tenant, line 9
 * (line → unregistered extension 1009 → voicemail) of the first and the last tenant; with more, the
 * first tenant's DID 10 and the last tenant's last DID (both straight to extension 1009). Same
 * route, only the place among the DIDs (and tenants) differs.
 */
export function didPair(tenants: number, dids: number): DidPair {
  const label = `${tenants * dids} DIDs (${tenants} × ${dids})`;
  if (dids <= 10) return { first: footprintDid(0, 9), last: footprintDid(tenants - 1, 9), label };
  return { first: footprintDid(0, 10), last: footprintDid(tenants - 1, dids - 1), label };
}
