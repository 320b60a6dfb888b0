#!/usr/bin/env node
// Issue 21's failover scenarios on two REAL FreeSWITCH nodes with their pbxc ha lease loops and a
// REAL PostgreSQL 15, in network namespaces (test/ha/live/two-nodes.ts): planned switchover, the
// active frozen 30 s, PostgreSQL stopped 20 s, kill -9 of the active (host gone). Each scenario
// starts from a steady state; the figures come from OPTIONS to the service address every 200 ms
// from a third namespace and a per-node "holds the address and answers SIP" sample. Writes
// bench/results.json's "haLive" section (keeping the rest). Needs root (ip netns), FreeSWITCH and
// PostgreSQL; skips loudly without them.  npm run bench:ha -- --live   (or node --import tsx this)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { figures, startTwoNodes, steadySample } from '../test/ha/live/two-nodes.ts';
import { postgresUnavailable } from '../test/helpers/postgres.ts';
import { liveUnavailable } from '../test/live/harness/tools.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const why = postgresUnavailable() ?? liveUnavailable();
if (why) {
  console.warn(`SKIPPED: bench-ha-live because ${why}`);
  process.exit(0);
}
const wait = (ms) => new Promise((r) => setTimeout(r, ms));
/** The time of the last sample once `who` serves steadily (throws when it never does). */
async function steadyFrom(two, who) {
  const last = await steadySample(two, who);
  if (!last?.answered || last.serving.join() !== who) throw new Error(`no steady state with ${who} serving`);
  return last.t;
}
const repeat = Number(process.env.HA_LIVE_REPEAT ?? 1);
const runs = [];
const failures = [];
for (let k = 0; k < repeat; k++) {
  let two;
  try {
    two = await startTwoNodes({ pgPort: 5438 });
    const steady = (who) => steadyFrom(two, who);
    const scenario = async (name, who, act, settleMs) => {
      await steady(who);
      const from = two.samples.at(-1).t;
      const t = Date.now();
      await act();
      await wait(settleMs - (Date.now() - t));
      const f = { scenario: name, ...figures(two.samples, from), holder: await two.holder() };
      console.log(JSON.stringify(f));
      runs.push(f);
    };
    const { switchover } = await import('../src/ha/switchover.ts');
    const { pgLeaseStore } = await import('../src/ha/lease-store.ts');
    const pg = (await import('pg')).default;
    const pool = new pg.Pool({
      host: two.db.socketDir,
      port: two.db.port,
      user: two.db.user,
      database: two.db.database,
    });
    const group = 'voice-example/production';
    await scenario(
      'planned switchover',
      'pbx-1',
      async () => {
        const r = await switchover(pool, pgLeaseStore(pool, group), group, { to: 'pbx-2' });
        console.log(r.message);
      },
      12_000,
    );
    await scenario(
      'SIGSTOP the active 30 s, then SIGCONT',
      'pbx-2',
      async () => {
        two.freezeNode('pbx-2', 'STOP');
        await wait(30_000);
        two.freezeNode('pbx-2', 'CONT');
      },
      45_000,
    );
    const holder = await two.holder();
    await scenario(
      'stop PostgreSQL 20 s',
      holder ?? 'pbx-1',
      async () => {
        two.db.stopServer();
        await wait(20_000);
        two.db.startServer();
      },
      40_000,
    );
    await pool.end();
    const active = (await two.holder()) ?? 'pbx-1';
    await scenario(
      'kill -9 the active (host gone)',
      active,
      async () => {
        two.killNode(active);
        await two.stopNetwork(active);
      },
      25_000,
    );
  } catch (error) {
    // A run that cannot reach a steady state (the loaded machine) is reported, not hidden.
    console.error(`run ${k + 1}: ${error.message}`);
    failures.push(`run ${k + 1}: ${error.message}`);
  } finally {
    await two?.stop();
  }
  // A FreeSWITCH crash on the active with its pbxc ha running (a fresh pair: it leaves one node
  // without FreeSWITCH, and lands inside the damping interval of the boot claim on purpose).
  let pair;
  try {
    pair = await startTwoNodes({ pgPort: 5438 });
    const from = await steadyFrom(pair, 'pbx-1');
    pair.signalFreeswitch('pbx-1', 'SIGKILL');
    await wait(15_000);
    const f = {
      scenario: 'kill -9 FreeSWITCH only on the active (pbxc ha running)',
      ...figures(pair.samples, from),
      holder: await pair.holder(),
    };
    console.log(JSON.stringify(f));
    runs.push(f);
  } catch (error) {
    console.error(`run ${k + 1} (FreeSWITCH crash): ${error.message}`);
    failures.push(`run ${k + 1} (FreeSWITCH crash): ${error.message}`);
  } finally {
    await pair?.stop();
  }
}
const byName = new Map();
for (const r of runs) byName.set(r.scenario, [...(byName.get(r.scenario) ?? []), r]);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const haLive = {
  measured: new Date().toISOString(),
  note: 'two real FreeSWITCH 1.11.1 nodes + pbxc ha lease loops + PostgreSQL 15 in network namespaces on a loaded 2-core machine; unanswered = from the fault until OPTIONS to the service address are answered again (200 ms probes); LAN ARP re-resolution tuned to ~1 s (no gratuitous ARP sender); maxServing = nodes holding the address with a SIP socket on it, maxAnswering = nodes holding it whose FreeSWITCH answers OPTIONS to it (checked inside each node every 200 ms: the kernel gate counts)',
  repeats: repeat,
  failures,
  rows: [...byName.entries()].map(([scenario, rs]) => ({
    scenario,
    medianUnansweredSeconds: median(rs.map((r) => r.unansweredSeconds)),
    unansweredSeconds: rs.map((r) => r.unansweredSeconds),
    maxServing: Math.max(...rs.map((r) => r.maxServing)),
    maxAnswering: Math.max(...rs.map((r) => r.maxAnswering)),
    samplesWithTwoAnswering: rs.reduce((n, r) => n + r.twoAnswering.length, 0),
    roleChanges: rs.map((r) => r.roleChanges),
  })),
};
const path = join(ROOT, 'bench', 'results.json');
const all = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {};
writeFileSync(path, `${JSON.stringify({ ...all, haLive }, null, 2)}\n`);
console.log(JSON.stringify(haLive, null, 2));
