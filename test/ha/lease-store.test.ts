import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEASE_TIMING } from '../../src/ha/lease.js';
import { ensureLease, type LeaseStore, pgLeaseStore } from '../../src/ha/lease-store.js';
import { type Postgres, skipPostgres, startPostgres } from '../helpers/postgres.js';

/** The lease's SQL on a real PostgreSQL 15, with a short ttl (1 s) and margin (0.5 s). */
const skip = skipPostgres('test/ha/lease-store.test.ts');
const T = { ...LEASE_TIMING, ttlSeconds: 1, marginSeconds: 0.5 };

describe.skipIf(skip)('the lease in PostgreSQL', () => {
  let db: Postgres;
  let pool: pg.Pool;
  let store: LeaseStore;
  beforeAll(async () => {
    db = startPostgres({ port: 5433 });
    pool = new pg.Pool({ host: db.socketDir, port: db.port, user: db.user, database: db.database, max: 20 });
    // Two nodes creating it at once: both succeed.
    await Promise.all([ensureLease(pool, 'g'), ensureLease(pool, 'g')]);
    store = pgLeaseStore(pool, 'g', T);
  }, 60_000);
  afterAll(async () => {
    await pool?.end();
    db?.stop();
  });

  it('starts free; exactly one of many racing nodes takes it', async () => {
    expect((await store.read()).holder).toBeNull();
    const racers = Array.from({ length: 10 }, (_, i) => store.acquire(`pbx-${i + 1}`, 0));
    const won = (await Promise.all(racers)).filter((e) => e !== undefined);
    expect(won).toEqual([1]);
  });

  it('the holder renews; nobody else can renew or take a live lease', async () => {
    const { holder, epoch } = await store.read();
    expect(epoch).toBe(1);
    const other = holder === 'pbx-1' ? 'pbx-2' : 'pbx-1';
    expect(await store.renew(holder!, 1)).toBe(true);
    expect(await store.renew(other, 1)).toBe(false);
    expect(await store.acquire(other, 1)).toBeUndefined();
    const r = await store.read();
    expect(r.expiresInMs).toBeGreaterThan(500);
    expect(r.expiresInMs).toBeLessThanOrEqual(1000);
  });

  it('an expired lease is taken only past the margin, with a new epoch; the old holder can no longer renew', async () => {
    const { holder } = await store.read();
    await sleep(1100); // expired, but within the 0.5 s margin
    expect(await store.renew(holder!, 1)).toBe(false); // an expired lease is never renewed
    expect(await store.acquire('pbx-x', 1)).toBeUndefined();
    await sleep(600);
    expect(await store.acquire('pbx-x', 1)).toBe(2);
    expect(await store.renew(holder!, 1)).toBe(false);
    expect(await store.renew('pbx-x', 2)).toBe(true);
    expect((await store.read()).changedAgoMs).toBeLessThan(1000);
  }, 10_000);

  it('a released lease (after the holder fenced itself) is taken at once; a stale release does nothing', async () => {
    expect(await store.release('pbx-1', 1)).toBe(false);
    expect(await store.release('pbx-x', 2)).toBe(true);
    expect(await store.acquire('pbx-y', 2)).toBe(3);
    expect(await store.read()).toMatchObject({ holder: 'pbx-y', epoch: 3 });
  });
});
