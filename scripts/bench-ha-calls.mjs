#!/usr/bin/env node
// Issue 21's call and network scenarios on two REAL FreeSWITCH nodes with their pbxc ha lease loops
// and a REAL PostgreSQL 15 in network namespaces (test/ha/live/two-nodes.ts):
// - 10 established calls (RTP both ways) across a planned switchover, then across kill -9 of the
//   active: how many continue (RTP on both legs after the fault, and a BYE answered 200 after it;
//   test/ha/live/calls.ts);
// - the active's link cut for 30 s with the database reached over TCP through that link: time to
//   answer again, nodes serving at once, role changes including the link's return.
// Writes bench/results.json's "haLiveCalls" section (keeping the rest). Needs root (ip netns),
// FreeSWITCH, sipp and PostgreSQL; skips loudly without them.  node --import tsx this
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { callsScenario } from '../test/ha/live/calls-scenario.ts';
import { netCutScenario } from '../test/ha/live/netcut-scenario.ts';
import { startTwoNodes } from '../test/ha/live/two-nodes.ts';
import { postgresUnavailable } from '../test/helpers/postgres.ts';
import { liveUnavailable } from '../test/live/harness/tools.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const why = postgresUnavailable() ?? liveUnavailable();
if (why) {
  console.warn(`SKIPPED: bench-ha-calls because ${why}`);
  process.exit(0);
}
const GROUP = 'voice-example/production';
const rows = [];
const failures = [];
const row = (scenario, r) => {
  const out = { scenario, ...r };
  console.log(JSON.stringify(out));
  rows.push(out);
};

let two;
try {
  two = await startTwoNodes({ pgPort: 5444 });
  const { switchover } = await import('../src/ha/switchover.ts');
  const { pgLeaseStore } = await import('../src/ha/lease-store.ts');
  const s = await callsScenario(two, 'pbx-1', 'pbx-2', async () => {
    const r = await switchover(two.pool(), pgLeaseStore(two.pool(), GROUP), GROUP, { to: 'pbx-2' });
    if (!r.ok) throw new Error(r.message);
  });
  row('planned switchover, 10 calls held', s);
  const k = await callsScenario(two, 'pbx-2', 'pbx-1', async () => {
    two.killNode('pbx-2');
    await two.stopNetwork('pbx-2');
  });
  row('kill -9 the active, 10 calls held', k);
} catch (error) {
  console.error(`calls: ${error.message}`);
  failures.push(`calls: ${error.message}`);
} finally {
  await two?.stop();
}
try {
  two = await startTwoNodes({ pgPort: 5445, dbOverTcp: true });
  const cut = await netCutScenario(two, 'pbx-1', 'pbx-2');
  row('network cut of the active 30 s (database over TCP), then back', cut);
  // The expected end: pbx-2 holds and serves. Anything else keeps both loops' logs in the results.
  if (cut.holderAfterReturn !== 'pbx-2' || cut.servingAfterReturn.join() !== 'pbx-2')
    failures.push(`network cut: unexpected end state\n${two.log('pbx-1')}\n${two.log('pbx-2')}`);
} catch (error) {
  console.error(`network cut: ${error.message}`);
  failures.push(`network cut: ${error.message}`);
} finally {
  await two?.stop();
}
const haLiveCalls = {
  measured: new Date().toISOString(),
  note: "two real FreeSWITCH 1.11.1 nodes + pbxc ha lease loops + PostgreSQL 15 in network namespaces on a loaded 2-core machine, one run. calls: 101 → 102 through the service address, RTP both ways; continued = RTP from the service address on BOTH legs in an 8 s window after the new active answers (nft counters, ≥ 50 packets) AND the caller's BYE after the fault answered 200 and delivered to the callee; unansweredSeconds from OPTIONS every 200 ms",
  failures,
  rows,
};
const path = join(ROOT, 'bench', 'results.json');
const all = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {};
writeFileSync(path, `${JSON.stringify({ ...all, haLiveCalls }, null, 2)}\n`);
console.log(JSON.stringify(haLiveCalls, null, 2));
