import {
  type CallsFigures,
  callsFigures,
  installRtpCounters,
  readRtpCounters,
  recoveryRows,
  resetRtpCounters,
  startCalls,
} from './calls.js';
import { figures, type TwoNodes } from './two-nodes.js';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface CallsScenarioResult {
  readonly calls: CallsFigures;
  readonly failover: ReturnType<typeof figures>;
  /** `recovery` rows by host name just before the fault (track-calls). */
  readonly trackedBefore: { hostname: string; n: number }[];
  /** Calls the new active had up in the counting window (`show calls count`). */
  readonly callsOnNewActive: number;
}

async function steadyOn(two: TwoNodes, who: string, tries = 300): Promise<void> {
  for (let i = 0; i < tries; i++) {
    const l = two.samples.slice(-3);
    if (l.length === 3 && l.every((s) => s.answered && s.serving.join() === who)) return;
    await wait(200);
  }
  throw new Error(
    `no steady state with ${who} serving (holder ${await two.holder()}; last samples ${JSON.stringify(two.samples.slice(-5))})`,
  );
}

/**
 * Calls (two sessions each) up in this node's FreeSWITCH: `status` counts its own sessions in
 * memory (`show calls` reads the core database, which both nodes share).
 */
async function callsUp(two: TwoNodes, node: string): Promise<number> {
  const out = await two.fsCli(node, 'status').catch(() => '');
  return Math.floor(Number(/^(\d+) session\(s\) - peak/m.exec(out)?.[1] ?? 0) / 2);
}

/**
 * 10 calls held on `from` (the active), then `act` (the fault), then: the new active `to` answers,
 * RTP is counted for 8 s from 2 s after that, and the calls end by the caller's BYE.
 */
export async function callsScenario(
  two: TwoNodes,
  from: string,
  to: string,
  act: () => Promise<void>,
  calls = 10,
): Promise<CallsScenarioResult> {
  await steadyOn(two, from);
  await installRtpCounters(two);
  const run = await startCalls(two, calls, 45);
  for (let i = 0; i < 100 && (await callsUp(two, from)) < calls; i++) await wait(200);
  // track-calls writes through FreeSWITCH's SQL queue: let the rows land.
  let trackedBefore = await recoveryRows(two);
  for (let i = 0; i < 25 && trackedBefore.reduce((n, r) => n + r.n, 0) < 2 * calls; i++) {
    await wait(200);
    trackedBefore = await recoveryRows(two);
  }
  const faultAt = Date.now();
  const fromSample = two.samples.at(-1)!.t;
  await act();
  for (let i = 0; i < 150 && (await two.holder()) !== to; i++) await wait(200);
  await steadyOn(two, to, 150).catch(() => undefined);
  await wait(2000);
  await resetRtpCounters(two);
  await wait(8000);
  const counters = await readRtpCounters(two);
  const callsOnNewActive = await callsUp(two, to);
  const [uac, uas] = await Promise.all([run.uac.done, run.uas.done]);
  return {
    calls: callsFigures(uac, uas, counters, faultAt),
    failover: figures(two.samples, fromSample),
    trackedBefore,
    callsOnNewActive,
  };
}
