import { describe, expect, it } from 'vitest';
import { LEASE_TIMING } from '../../src/ha/lease.js';
import { runScenario, SCENARIOS } from './lease-sim.js';

/**
 * The failover scenarios on the real lease tick, two nodes and a database with the SQL's
 * semantics on a virtual clock (lease-sim.ts); the same runs give the `bench:ha` figures. The live
 * counterpart with real FreeSWITCH and PostgreSQL is test/ha/pgsql-live.test.ts.
 */
describe('the lease keeps one active through every fault', () => {
  it.each(Object.keys(SCENARIOS))(
    '%s: never two nodes answering SIP, at most one role change',
    async (name) => {
      const r = await runScenario(name);
      expect(r.maxServing, r.log.join('\n')).toBe(1);
      expect(r.roleChanges, r.log.join('\n')).toBeLessThanOrEqual(1);
    },
  );

  it('the service answers again within 15 s of the active dying, being cut off or frozen', async () => {
    for (const name of [
      'kill -9 the active',
      'stop the active network (cut from the database and peers) for 10 min',
      'freeze the active (SIGSTOP) 30 s',
    ]) {
      const r = await runScenario(name);
      expect(r.roleChanges, name).toBe(1);
      // Lease time alone (the node then needs its address move and `sofia recover`: docs/ha.md).
      expect(r.longestGapMs, name).toBeLessThanOrEqual(
        (LEASE_TIMING.ttlSeconds + LEASE_TIMING.marginSeconds + LEASE_TIMING.tickSeconds) * 1000,
      );
    }
  });

  it('a cut probe path changes nothing; a database outage stops the service only for its length', async () => {
    const probe = await runScenario('partition the probe path both ways for 10 min');
    expect(probe.roleChanges).toBe(0);
    expect(probe.gaps).toEqual([]);
    const db = await runScenario('stop PostgreSQL 20 s');
    expect(db.gaps).toHaveLength(1);
    const [from, to] = db.gaps[0]!;
    expect(from).toBeGreaterThan(30_000);
    expect(to).toBeLessThanOrEqual(
      50_000 + (LEASE_TIMING.marginSeconds + 2 * LEASE_TIMING.tickSeconds) * 1000,
    );
  });

  it('a failing health check hands over once; the new holder failing too is damped', async () => {
    const r = await runScenario('health check fails on the active (hand-over), then on the new one (damped)');
    expect(r.roleChanges).toBe(1);
    expect(r.longestGapMs).toBeLessThanOrEqual(2 * LEASE_TIMING.tickSeconds * 1000);
  });
});
