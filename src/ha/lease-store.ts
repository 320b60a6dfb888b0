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

/** Creates the table and the group's row when missing (safe to repeat, also concurrently). */
export async function ensureLease(db: Queryable, group: string): Promise<void> {
  try {
    await db.query(LEASE_DDL);
  } catch (error) {
    // Two nodes creating the table at once: one wins, the other sees a duplicate type or key.
    if (!/already exists|duplicate key/.test((error as Error).message)) throw error;
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
      }>(
        `SELECT holder, epoch,
                (extract(epoch FROM expires_at - now()) * 1000)::float8 AS expires_in_ms,
                (extract(epoch FROM now() - changed_at) * 1000)::float8 AS changed_ago_ms
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
                changed_at = now(), renewed_at = now()
          WHERE grp = $1 AND epoch = $3
            AND (holder IS NULL OR now() > expires_at + make_interval(secs => $5))
          RETURNING epoch`,
        [group, me, seenEpoch, t.ttlSeconds, t.marginSeconds],
      );
      return r.rows[0] ? Number(r.rows[0].epoch) : undefined;
    },
    async release(me, epoch) {
      const r = await db.query(
        `UPDATE ${LEASE_TABLE} SET holder = NULL, expires_at = now()
          WHERE grp = $1 AND holder = $2 AND epoch = $3`,
        [group, me, epoch],
      );
      return r.rowCount === 1;
    },
  };
}
