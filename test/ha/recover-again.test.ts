import { describe, expect, it } from 'vitest';
import { leaseNodeActions, RECOVER_AGAIN_TICKS } from '../../src/ha/lease-node.js';

/**
 * A take-over's `sofia recover` runs in the same round trip as `sofia profile … start`; under load
 * the profile was not registered yet and the recover found nothing ("No calls to recover", measured
 * in the bench: 0 of 10 calls after kill -9, their rows still in the table). The next health checks
 * of the new holder run it again and the calls come back.
 */
function node() {
  const sent: string[] = [];
  let role: 'active' | 'standby' = 'standby';
  let profileUp = false;
  let rows = 20;
  const logs: string[] = [];
  const actions = leaseNodeActions({
    address: { take: async () => {}, drop: async () => {} },
    api: async (commands) =>
      commands.map((c) => {
        sent.push(c);
        if (c === 'sofia recover') {
          if (!profileUp || rows === 0) return 'No calls to recover.\n';
          const n = rows;
          rows = 0;
          return `Recovered ${n} call(s)\n`;
        }
        if (c === 'sofia status')
          return ['internal', 'external']
            .map((p) => `${p}\tprofile\tsip:mod_sofia@192.0.2.1:5060\tRUNNING (0)`)
            .join('\n');
        return '+OK\n';
      }),
    log: (l) => logs.push(l),
    role: () => role,
  });
  return {
    actions,
    recovers: () => sent.filter((c) => c === 'sofia recover').length,
    logs,
    setRole: (r: 'active' | 'standby') => (role = r),
    profileUp: () => (profileUp = true),
    rows: () => rows,
  };
}

describe('sofia recover is repeated on the health checks after a take-over', () => {
  it('a profile registered late: the next check recovers the calls the first recover missed', async () => {
    const n = node();
    await n.actions.activate(2);
    expect(n.recovers()).toBe(1);
    expect(n.rows()).toBe(20);
    n.setRole('active');
    n.profileUp();
    expect(await n.actions.healthy()).toBe(true);
    expect(n.rows()).toBe(0);
    expect(n.logs.at(-1)).toMatch(/sofia recover \(again\): Recovered 20 call/);
  });
  it('only for a bounded number of checks, only while active, never after a fence', async () => {
    const n = node();
    await n.actions.activate(2);
    n.setRole('active');
    for (let i = 0; i < RECOVER_AGAIN_TICKS + 5; i++) await n.actions.healthy();
    expect(n.recovers()).toBe(1 + RECOVER_AGAIN_TICKS);
    const m = node();
    await m.actions.activate(3);
    await m.actions.healthy(); // still standby by role: no repeat
    m.setRole('active');
    await m.actions.fence();
    await m.actions.healthy();
    expect(m.recovers()).toBe(1);
  });
});
