import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipPostgres } from '../helpers/postgres.js';
import { skipLive } from '../live/harness/tools.js';
import { netCutScenario } from './live/netcut-scenario.js';
import { startTwoNodes, type TwoNodes } from './live/two-nodes.js';

/**
 * Issue 21 §4 "stop its network": the active's link goes down while its FreeSWITCH and pbxc ha keep
 * running, and the nodes reach PostgreSQL over TCP through their own link (dbOverTcp), so the cut
 * node cannot renew the lease: it must fence itself, the standby take over within 15 s, never two
 * nodes serving the address, one role change; when the link comes back nothing moves again.
 */
const skip = skipLive('ha/netcut-live') || skipPostgres('live test ha/netcut-live');

describe.skipIf(skip)('live: network cut of the active (database over TCP)', () => {
  let two: TwoNodes;
  beforeAll(async () => {
    two = await startTwoNodes({ pgPort: 5443, dbOverTcp: true });
  }, 240_000);
  afterAll(async () => {
    await two?.stop();
  }, 60_000);

  it('the cut active fences itself, the standby takes over ≤ 15 s, the return changes nothing', async () => {
    const r = await netCutScenario(two, 'pbx-1', 'pbx-2');
    console.log(`network cut: ${JSON.stringify(r)}\n${two.log('pbx-1')}\n${two.log('pbx-2')}`);
    expect(r.fencedItself).toBe(true);
    expect(r.cut.answersAgain).toBe(true);
    expect(r.cut.unansweredSeconds).toBeLessThanOrEqual(15);
    expect(r.whole.maxServing).toBe(1);
    expect(r.whole.roleChanges).toBe(1);
    expect(r.holderAfterReturn).toBe('pbx-2');
    expect(r.servingAfterReturn).toEqual(['pbx-2']);
  }, 240_000);
});
