import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INITIAL_LEASE_STATE, LEASE_TIMING, type LeaseState } from '../../src/ha/lease.js';
import { ensureLease, pgLeaseStore, requestSwitchover } from '../../src/ha/lease-store.js';
import { type LeaseDeps, leaseTick } from '../../src/ha/lease-watch.js';
import { switchover } from '../../src/ha/switchover.js';
import { run as runCli, specCopy } from '../helpers/cli.js';
import { type Postgres, skipPostgres, startPostgres } from '../helpers/postgres.js';

/**
 * `pbxc ha switchover` on a real PostgreSQL 15: three nodes run the real lease tick against the
 * real SQL; the request moves the role to the named node (or to any other), the old holder fences
 * BEFORE the new one activates, and a request nobody can honour fails with a known end.
 */
const skip = skipPostgres('test/ha/switchover.test.ts');
const T = { ...LEASE_TIMING, ttlSeconds: 2, fenceSeconds: 0.5, marginSeconds: 0.5, tickSeconds: 0.1 };

interface Node {
  name: string;
  state: LeaseState;
  healthy: boolean;
  running: boolean;
}

describe.skipIf(skip)('planned switchover through the lease row', () => {
  let db: Postgres;
  let pool: pg.Pool;
  const events: string[] = [];
  let nodes: Node[];
  let stop = false;
  let loops: Promise<void>[] = [];
  const group = 'acme/prod';

  function run(node: Node): Promise<void> {
    const deps: LeaseDeps = {
      me: node.name,
      store: pgLeaseStore(pool, group, T),
      nowMs: () => performance.now(),
      healthy: async () => node.healthy,
      activate: async (epoch) => {
        events.push(`activate ${node.name} ${epoch}`);
      },
      fence: async () => {
        if (node.state.role === 'active') events.push(`fence ${node.name}`);
      },
      log: (l) => process.env.SW_DEBUG && console.log(node.name, l),
    };
    return (async () => {
      while (!stop) {
        if (node.running) node.state = await leaseTick(deps, node.state, T);
        await new Promise((r) => setTimeout(r, T.tickSeconds * 1000));
      }
    })();
  }
  const holder = async () => (await pgLeaseStore(pool, group, T).read()).holder;
  const until = async (what: () => Promise<boolean>, ms = 8000) => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (await what()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('timed out');
  };

  beforeAll(async () => {
    db = startPostgres({ port: 5435, tcp: true, password: 'sw-pass-1' });
    pool = new pg.Pool({ host: db.socketDir, port: db.port, user: db.user, database: db.database, max: 10 });
    await ensureLease(pool, group);
    nodes = ['pbx-1', 'pbx-2', 'pbx-3'].map((name) => ({
      name,
      state: INITIAL_LEASE_STATE,
      healthy: true,
      running: name === 'pbx-1',
    }));
    loops = nodes.map(run);
    await until(async () => (await holder()) === 'pbx-1');
    nodes[1]!.running = true;
    nodes[2]!.running = true;
  }, 60_000);
  afterAll(async () => {
    stop = true;
    await Promise.all(loops);
    await pool?.end();
    db?.stop();
  });

  it('moves the role to the named node; the old holder fences before the new one starts', async () => {
    events.length = 0;
    const r = await switchover(pool, pgLeaseStore(pool, group, T), group, {
      to: 'pbx-3',
      waitMs: 8000,
      pollMs: 50,
    });
    expect(r.ok, r.message).toBe(true);
    expect(await holder()).toBe('pbx-3');
    expect(events.indexOf('fence pbx-1')).toBeGreaterThanOrEqual(0);
    expect(events.indexOf('fence pbx-1')).toBeLessThan(
      events.findIndex((e) => e.startsWith('activate pbx-3')),
    );
    expect(events.filter((e) => e.startsWith('activate'))).toHaveLength(1);
    // The request is used up: the new holder keeps the lease.
    await new Promise((r2) => setTimeout(r2, 500));
    expect(await holder()).toBe('pbx-3');
    expect((await pgLeaseStore(pool, group, T).read()).switchover).toBeUndefined();
  }, 20_000);

  it('without --to, any OTHER node takes it (never the one that handed over)', async () => {
    events.length = 0;
    const r = await switchover(pool, pgLeaseStore(pool, group, T), group, { waitMs: 8000, pollMs: 50 });
    expect(r.ok, r.message).toBe(true);
    expect(['pbx-1', 'pbx-2']).toContain(await holder());
    expect(events.filter((e) => e.startsWith('activate pbx-3'))).toEqual([]);
  }, 20_000);

  it('refuses when the target already holds it, and says why when no node can take it', async () => {
    const now = (await holder())!;
    expect(await requestSwitchover(pool, group, now)).toMatchObject({
      ok: false,
      reason: `${now} already holds the lease`,
    });
    for (const n of nodes) if (n.name !== now) n.healthy = false;
    const r = await switchover(pool, pgLeaseStore(pool, group, T), group, { waitMs: 1500, pollMs: 50 });
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/released it, but no other node took it/);
    for (const n of nodes) n.healthy = true;
    // The request lapses only after switchoverSeconds; meanwhile the giver waits. Clear it by hand
    // (what the lapse does) and the group is served again.
    await pool.query("UPDATE pbxc_ha_lease SET switchover_at = now() - interval '1 hour'");
    await until(async () => (await holder()) !== null);
  }, 20_000);

  it('pbxc ha switchover --env: the URI comes from the named secret, never printed', async () => {
    const spec = specCopy({
      'platform.yaml': (t) =>
        t
          .replace(/^ {2}production:\n(?: {4}.*\n)*/m, '')
          .replace(
            /^environments:\n/m,
            'environments:\n  prod:\n    provider: generic\n    nodes: 3\n    freeswitch: { source: image }\n    storage: { bucket: pbx-prod }\n    database: { dsn_secret: db-dsn }\n',
          ),
    });
    const platformId = /^platform: (\S+)/m.exec(readFileSync(join(spec, 'platform.yaml'), 'utf8'))?.[1];
    const secrets = join(mkdtempSync(join(tmpdir(), 'pbxc-sw-')), 'secrets.yaml');
    const uri = `postgresql://${db.user}:sw-pass-1@127.0.0.1:${db.port}/${db.database}?sslmode=disable`;
    writeFileSync(secrets, `db-dsn: "${uri}"\n`);
    // The nodes' group is <platform>/<env>: run three nodes on that group's row.
    const g = `${platformId}/prod`;
    await ensureLease(pool, g);
    await pool.query(
      "UPDATE pbxc_ha_lease SET holder = $2, epoch = 1, expires_at = now() + interval '1 hour' WHERE grp = $1",
      [g, 'pbx-1'],
    );
    const r = await runCli([
      'ha',
      'switchover',
      '--env',
      'prod',
      '--spec',
      spec,
      '--secrets',
      secrets,
      '--to',
      'pbx-2',
      '--wait',
      '1',
    ]);
    // Nobody runs on that group: the holder never honours it; a known end, exit 1, and the request is there.
    expect(r.code, r.stderr + r.stdout).toBe(1);
    expect(r.stderr).toMatch(/no hand-over within 1 s: pbx-1 still holds it/);
    expect(r.stdout).toMatch(/pbx-1 \(active\)\s+lease epoch 1/);
    expect(r.stdout).toMatch(/pbx-2 \(standby\)/);
    const [row] = (await pool.query('SELECT switchover_to FROM pbxc_ha_lease WHERE grp = $1', [g])).rows;
    expect(row).toEqual({ switchover_to: 'pbx-2' });
    expect(r.stdout + r.stderr).not.toContain('sw-pass-1');
    // A wrong password is refused by PostgreSQL (the URI really is what connects), without echoing it.
    writeFileSync(secrets, `db-dsn: "${uri.replace('sw-pass-1', 'wrong-pass')}"\n`);
    const bad = await runCli(['ha', 'switchover', '--env', 'prod', '--spec', spec, '--secrets', secrets]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/cannot reach the database: .*password authentication failed/);
    expect(bad.stderr).not.toContain('wrong-pass');
    // Missing secret: exit 2, names the secret.
    const missing = await runCli(['ha', 'switchover', '--env', 'prod', '--spec', spec]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing secret "db-dsn"/);
  }, 30_000);

  it('pbxc ha switchover --node-env: on a node, through its passfile and node.env', async () => {
    const before = await holder();
    const dir = mkdtempSync(join(tmpdir(), 'pbxc-sw-'));
    const r = await runCli(['ha', 'switchover', '--node-env', nodeEnv(dir), '--wait', '8']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`${before} handed over: pbx-\\d active at epoch \\d+`));
  }, 30_000);

  function nodeEnv(dir: string): string {
    const f = join(dir, 'node.env');
    writeFileSync(
      f,
      `PBXC_PLATFORM=acme\nPBXC_ENVIRONMENT=prod\nPBXC_DB_HOST=${db.socketDir}\nPBXC_DB_PORT=${db.port}\nPBXC_DB_NAME=${db.database}\nPBXC_DB_USER=${db.user}\nPBXC_DB_SSLMODE=disable\n`,
    );
    return f;
  }
});
