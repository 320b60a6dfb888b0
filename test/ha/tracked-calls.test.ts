import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaseNodeActions } from '../../src/ha/lease-node.js';
import {
  CORE_UUID_COMMAND,
  coreUuid,
  pgTrackedCalls,
  type RecoveryRow,
  sessionCount,
  type TrackedCallsStore,
} from '../../src/ha/tracked-calls.js';
import { type Postgres, skipPostgres, startPostgres } from '../helpers/postgres.js';

const RUN = 'caf1108a-8e53-4e5e-89c7-26b0a70040e8';
const OTHER = '0b9d2f44-1111-4e5e-89c7-26b0a70040e8';

describe('parsers', () => {
  it.each([
    [`${RUN}\n`, RUN],
    [`  ${RUN.toUpperCase()}  `, RUN.toUpperCase()],
    ['-ERR no reply', undefined],
    ['', undefined],
  ])('coreUuid(%j)', (reply, want) => {
    expect(coreUuid(reply)).toBe(want);
  });
  it.each([
    ['UP 0 years\n38 session(s) since startup\n18 session(s) - peak 20, last 5min 20 \n', 18],
    ['0 session(s) - peak 0, last 5min 0\n', 0],
    ['-ERR', undefined],
  ])('sessionCount(%#)', (status, want) => {
    expect(sessionCount(status)).toBe(want);
  });
});

/**
 * A node carrying two calls (four tracked legs) whose profile stop hangs them up, and each hangup
 * deletes its `recovery` row, as FreeSWITCH does (switch_core_recovery_untrack). Another run's row
 * (a call another node carries) must not be touched.
 */
function node(opts: { dbDown?: boolean } = {}) {
  const leg = (uuid: string, run = RUN): RecoveryRow => ({
    runtime_uuid: run,
    technology: 'sofia',
    profile_name: 'internal',
    hostname: 'pbxc-voice-example',
    uuid,
    metadata: `<cdr uuid="${uuid}"/>`,
  });
  let table: RecoveryRow[] = [leg('a1'), leg('a2'), leg('b1'), leg('b2'), leg('x1', OTHER)];
  let sessions = 4;
  const steps: string[] = [];
  const calls: TrackedCallsStore = {
    snapshot: async (run) => {
      steps.push('snapshot');
      if (opts.dbDown) return new Promise(() => {}); // never answers
      return table.filter((r) => r.runtime_uuid === run);
    },
    restore: async (rows) => {
      steps.push('restore');
      const missing = rows.filter((r) => !table.some((t) => t.uuid === r.uuid));
      table = [...table, ...missing];
      return missing.length;
    },
  };
  const actions = leaseNodeActions({
    address: { take: async () => {}, drop: async () => void steps.push('address drop') },
    api: async (commands) =>
      commands.map((c) => {
        if (c === CORE_UUID_COMMAND) return `${RUN}\n`;
        if (c === 'status') return `${sessions} session(s) - peak 4, last 5min 4\n`;
        if (/^sofia profile \S+ stop$/.test(c)) {
          steps.push(c);
          // The hangups: every channel of this run ends and deletes its row.
          table = table.filter((r) => r.runtime_uuid !== RUN);
          sessions = 0;
        }
        return '+OK\n';
      }),
    log: () => {},
    role: () => 'active',
    calls,
    sleep: async () => {},
  });
  return { actions, steps, table: () => table };
}

describe('a fence keeps the calls it carries recoverable', () => {
  it('the rows the profile stop deleted are back before the fence returns (and only those)', async () => {
    const n = node();
    await n.actions.fence();
    expect(
      n
        .table()
        .map((r) => r.uuid)
        .sort(),
    ).toEqual(['a1', 'a2', 'b1', 'b2', 'x1']);
    // Order: address first (nothing can leave from it), then read, stop, put back.
    expect(n.steps.slice(0, 3)).toEqual(['address drop', 'snapshot', 'sofia profile internal stop']);
    expect(n.steps).toContain('restore');
  });
  it('a database that does not answer does not hold the fence: the profiles still stop', async () => {
    const n = node({ dbDown: true });
    const started = Date.now();
    await n.actions.fence();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(n.steps).toContain('sofia profile internal stop');
    expect(n.steps).not.toContain('restore');
  });
});

/** The store on a real PostgreSQL with FreeSWITCH's own `recovery` table (switch_core_sqldb.c). */
describe.skipIf(skipPostgres('ha/tracked-calls (PostgreSQL part)'))('pgTrackedCalls on PostgreSQL 15', () => {
  let db: Postgres;
  beforeAll(async () => {
    db = startPostgres({ port: 5442 });
    await db.query(`CREATE TABLE recovery (
      runtime_uuid VARCHAR(255), technology VARCHAR(255), profile_name VARCHAR(255),
      hostname VARCHAR(255), uuid VARCHAR(255), metadata text)`);
  }, 60_000);
  afterAll(() => db?.stop());

  it('reads one run, puts back only what is missing, and repeating changes nothing', async () => {
    const row = (uuid: string, run: string) => [
      run,
      'sofia',
      'internal',
      'pbxc-x',
      uuid,
      `<cdr a="'${uuid}'"/>`,
    ];
    for (const r of [row('a1', RUN), row('a2', RUN), row('x1', OTHER)])
      await db.query('INSERT INTO recovery VALUES ($1, $2, $3, $4, $5, $6)', r);
    const c = db.client();
    await c.connect();
    try {
      const store = pgTrackedCalls(c);
      const mine = await store.snapshot(RUN);
      expect(mine.map((r) => r.uuid).sort()).toEqual(['a1', 'a2']);
      await db.query("DELETE FROM recovery WHERE uuid = 'a1'");
      expect(await store.restore(mine)).toBe(1);
      expect(await store.restore(mine)).toBe(0);
      const all = await db.query<{ uuid: string; metadata: string }>(
        'SELECT uuid, metadata FROM recovery ORDER BY uuid',
      );
      expect(all.map((r) => r.uuid)).toEqual(['a1', 'a2', 'x1']);
      expect(all[0]!.metadata).toBe(`<cdr a="'a1'"/>`);
    } finally {
      await c.end();
    }
  });
});
