import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgLeaseStore } from '../../src/ha/lease-store.js';
import { switchover } from '../../src/ha/switchover.js';
import { skipPostgres } from '../helpers/postgres.js';
import { skipLive } from '../live/harness/tools.js';
import { callsScenario } from './live/calls-scenario.js';
import { startTwoNodes, type TwoNodes } from './live/two-nodes.js';

const GROUP = 'voice-example/production';

/**
 * Issue 21 §2/§4 "≥ 9 of 10 established calls continue (media and a clean BYE after the failover)",
 * on two REAL FreeSWITCH nodes with their pbxc ha lease loops and a REAL PostgreSQL 15 in network
 * namespaces (test/ha/live/two-nodes.ts): 10 calls 101 → 102 through the service address, RTP both
 * ways all the time, then a planned switchover, then kill -9 of the active (FreeSWITCH, its pbxc ha,
 * link down). How a call is judged: test/ha/live/calls.ts.
 */
/**
 * The target is about calls that were up when the fault came: ≥ 90 % of them continue. On a loaded
 * machine one of the 10 set-ups can miss the window before the fault (measured once in a full
 * parallel suite); that call is not "established", so 9 of 9 is the same target as 9 of 10.
 */
function expectNineInTen(calls: { established: number; continued: number }): void {
  expect(calls.established).toBeGreaterThanOrEqual(9);
  expect(calls.continued).toBeGreaterThanOrEqual(Math.ceil(0.9 * calls.established));
}

const skip = skipLive('ha/calls-live') || skipPostgres('live test ha/calls-live');

describe.skipIf(skip)('live: established calls continue across a failover', () => {
  let two: TwoNodes;
  beforeAll(async () => {
    two = await startTwoNodes({ pgPort: 5439 });
  }, 240_000);
  afterAll(async () => {
    await two?.stop();
  }, 60_000);

  it('planned switchover with 10 calls held: ≥ 9 continue on the new active', async () => {
    const r = await callsScenario(two, 'pbx-1', 'pbx-2', async () => {
      const s = await switchover(two.pool(), pgLeaseStore(two.pool(), GROUP), GROUP, { to: 'pbx-2' });
      expect(s.ok, s.message).toBe(true);
    });
    console.log(`switchover with calls: ${JSON.stringify(r)}`);
    expectNineInTen(r.calls);
    expect(r.failover.maxServing).toBe(1);
  }, 240_000);

  it('kill -9 of the active with 10 calls held: ≥ 9 continue (media and a clean BYE after it)', async () => {
    const r = await callsScenario(two, 'pbx-2', 'pbx-1', async () => {
      two.killNode('pbx-2');
      await two.stopNetwork('pbx-2');
    });
    console.log(`kill -9 with calls: ${JSON.stringify(r)}`);
    expectNineInTen(r.calls);
    expect(r.failover.unansweredSeconds).toBeLessThanOrEqual(15);
    expect(r.failover.maxServing).toBe(1);
  }, 240_000);
});
