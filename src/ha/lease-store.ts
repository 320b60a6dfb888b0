import type pg from 'pg';
import { LEASE_TIMING, type LeaseRow, type LeaseTiming } from './lease.js';

/**
 * The lease of src/ha/lease.ts in PostgreSQL: one row per group, every time computed by the
 * database's clock, every change one UPDATE guarded by the epoch (the fencing token), so two nodes
 * can never both succeed. The same database FreeSWITCH keeps its state in.
 */
export const LEASE_TABLE = 'pbxc_ha_lease';

export interface LeaseStore {
  read(): Promise<LeaseRow>;
  /** Extends my lease; false when it is no longer mine (other holder or epoch, or already expired). */
  renew(me: string, epoch: number): Promise<boolean>;
  /** Takes the lease if it is still at `seenEpoch` and free or expired past the margin: the new epoch. */
  acquire(me: string, seenEpoch: number): Promise<number | undefined>;
  /** Gives my lease back (after fencing myself), so a standby takes it at once. */
  release(me: string, epoch: number): Promise<boolean>;
}

/** What `pbxc ha switchover` found when it asked (src/ha/switchover.ts). */
export type SwitchoverAsk =
  | { readonly ok: true; readonly holder: string; readonly epoch: number }
  | { readonly ok: false; readonly reason: string };

/**
 * Asks the holder to hand the lease over (to `to`, or SWITCHOVER_ANY): one UPDATE of the row, which
 * the holder's loop reads within a tick. Refused when nobody holds a live lease or `to` holds it.
 */
export async function requestSwitchover(db: Queryable, group: string, to: string): Promise<SwitchoverAsk> {
  const r = await db.query<{ holder: string; epoch: string }>(
    `UPDATE ${LEASE_TABLE} SET switchover_to = $2, switchover_at = now(), switchover_from = NULL
      WHERE grp = $1 AND holder IS NOT NULL AND holder <> $2 AND expires_at > now()
      RETURNING holder, epoch`,
    [group, to],
  );
  const row = r.rows[0];
  if (row) return { ok: true, holder: row.holder, epoch: Number(row.epoch) };
  const now = await db.query<{ holder: string | null; live: boolean }>(
    `SELECT holder, expires_at > now() AS live FROM ${LEASE_TABLE} WHERE grp = $1`,
    [group],
  );
  const seen = now.rows[0];
  if (!seen) return { ok: false, reason: `no lease row for group ${group}: no node has run pbxc ha yet` };
  if (seen.holder === to && seen.live) return { ok: false, reason: `${to} already holds the lease` };
  return { ok: false, reason: 'no node holds the lease now: nothing to switch over' };
}

/** Anything with pg's query(): a Client or a Pool. */
export interface Queryable {
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

export const LEASE_DDL = `CREATE TABLE IF NOT EXISTS ${LEASE_TABLE} (
  grp text PRIMARY KEY,
  holder text,
  epoch bigint NOT NULL DEFAULT 0,
  expires_at timestamptz NOT NULL DEFAULT to_timestamp(0),
  changed_at timestamptz NOT NULL DEFAULT to_timestamp(0),
  renewed_at timestamptz
)`;

/** Columns added after the first release of the table (a planned switchover); safe to repeat. */
export const LEASE_DDL_SWITCHOVER = `ALTER TABLE ${LEASE_TABLE}
  ADD COLUMN IF NOT EXISTS switchover_to text,
  ADD COLUMN IF NOT EXISTS switchover_at timestamptz,
  ADD COLUMN IF NOT EXISTS switchover_from text`;

/** Creates the table and the group's row when missing (safe to repeat, also concurrently). */
export async function ensureLease(db: Queryable, group: string): Promise<void> {
  try {
    await db.query(LEASE_DDL);
  } catch (error) {
    // Two nodes creating the table at once: one wins, the other sees a duplicate type or key.
    if (!/already exists|duplicate key/.test((error as Error).message)) throw error;
  }
  try {
    await db.query(LEASE_DDL_SWITCHOVER);
  } catch (error) {
    if (!/already exists|duplicate key|concurrently updated/.test((error as Error).message)) throw error;
  }
  await db.query(`INSERT INTO ${LEASE_TABLE} (grp) VALUES ($1) ON CONFLICT (grp) DO NOTHING`, [group]);
}

export function pgLeaseStore(db: Queryable, group: string, t: LeaseTiming = LEASE_TIMING): LeaseStore {
  return {
    async read() {
      const r = await db.query<{
        holder: string | null;
        epoch: string;
        expires_in_ms: number;
        changed_ago_ms: number;
        switchover_to: string | null;
        switchover_ago_ms: number | null;
        switchover_from: string | null;
      }>(
        `SELECT holder, epoch,
                (extract(epoch FROM expires_at - now()) * 1000)::float8 AS expires_in_ms,
                (extract(epoch FROM now() - changed_at) * 1000)::float8 AS changed_ago_ms,
                switchover_to, switchover_from,
                (extract(epoch FROM now() - switchover_at) * 1000)::float8 AS switchover_ago_ms
           FROM ${LEASE_TABLE} WHERE grp = $1`,
        [group],
      );
      const row = r.rows[0];
      if (!row) throw new Error(`no lease row for group ${group} (ensureLease first)`);
      return {
        holder: row.holder,
        epoch: Number(row.epoch),
        expiresInMs: row.expires_in_ms,
        changedAgoMs: row.changed_ago_ms,
        ...(row.switchover_to !== null && row.switchover_ago_ms !== null
          ? {
              switchover: {
                to: row.switchover_to,
                agoMs: row.switchover_ago_ms,
                from: row.switchover_from,
              },
            }
          : {}),
      };
    },
    async renew(me, epoch) {
      const r = await db.query(
        `UPDATE ${LEASE_TABLE} SET expires_at = now() + make_interval(secs => $4), renewed_at = now()
          WHERE grp = $1 AND holder = $2 AND epoch = $3 AND expires_at > now()`,
        [group, me, epoch, t.ttlSeconds],
      );
      return r.rowCount === 1;
    },
    async acquire(me, seenEpoch) {
      const r = await db.query<{ epoch: string }>(
        `UPDATE ${LEASE_TABLE}
            SET holder = $2, epoch = epoch + 1, expires_at = now() + make_interval(secs => $4),
                changed_at = now(), renewed_at = now(),
                switchover_to = NULL, switchover_at = NULL, switchover_from = NULL
          WHERE grp = $1 AND epoch = $3
            AND (holder IS NULL OR now() > expires_at + make_interval(secs => $5))
          RETURNING epoch`,
        [group, me, seenEpoch, t.ttlSeconds, t.marginSeconds],
      );
      return r.rows[0] ? Number(r.rows[0].epoch) : undefined;
    },
    async release(me, epoch) {
      const r = await db.query(
        // Handing over for a switchover: remember who gave it back, so it goes to another node.
        `UPDATE ${LEASE_TABLE} SET holder = NULL, expires_at = now(),
                switchover_from = CASE WHEN switchover_to IS NULL THEN NULL ELSE holder END
          WHERE grp = $1 AND holder = $2 AND epoch = $3`,
        [group, me, epoch],
      );
      return r.rowCount === 1;
    },
  };
}
