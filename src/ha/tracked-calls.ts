import type { Queryable } from './lease-store.js';
import { withTimeout } from './with-timeout.js';

/**
 * Calls a fencing node carries stay recoverable by the next active (docs/ha.md, "What a failover
 * drops"). FreeSWITCH's track-calls keeps one row per answered call leg in the shared `recovery`
 * table, tagged with the tracking FreeSWITCH's run id (`core_uuid`); the next active's
 * `sofia recover` resurrects every row of another run id. But stopping the profiles hangs up every
 * channel of this node, and each hangup DELETES its row (switch_core_recovery_untrack, by call
 * uuid): a fence that only stops the profiles throws the calls away (measured: 0 of 10 across a
 * planned switchover). So the fence, after dropping the service address (no BYE or RTP can leave
 * from it any more), reads this run's rows, stops the profiles, waits for the channels to end and
 * puts back the rows the hangups deleted, before the lease is given up.
 *
 * On EC2 the fence does not move the Elastic IP (the next holder re-associates it): the hangups'
 * BYEs can still reach the phones there, which then end those calls (docs/ha.md).
 */
export interface RecoveryRow {
  readonly runtime_uuid: string;
  readonly technology: string;
  readonly profile_name: string;
  readonly hostname: string;
  readonly uuid: string;
  readonly metadata: string;
}

export interface TrackedCallsStore {
  /** This FreeSWITCH run's rows (runtime_uuid = its core_uuid). */
  snapshot(runtimeUuid: string): Promise<RecoveryRow[]>;
  /** Puts back the rows whose call uuid has no row now; how many it inserted. Safe to repeat. */
  restore(rows: readonly RecoveryRow[]): Promise<number>;
}

const COLUMNS = 'runtime_uuid, technology, profile_name, hostname, uuid, metadata';

export function pgTrackedCalls(db: Queryable): TrackedCallsStore {
  return {
    async snapshot(runtimeUuid) {
      const r = await db.query<RecoveryRow>(`SELECT ${COLUMNS} FROM recovery WHERE runtime_uuid = $1`, [
        runtimeUuid,
      ]);
      return r.rows;
    },
    async restore(rows) {
      let inserted = 0;
      for (const row of rows) {
        const r = await db.query(
          `INSERT INTO recovery (${COLUMNS}) SELECT $1::text, $2::text, $3::text, $4::text, $5::text, $6::text
            WHERE NOT EXISTS (SELECT 1 FROM recovery WHERE uuid = $5::text)`,
          [row.runtime_uuid, row.technology, row.profile_name, row.hostname, row.uuid, row.metadata],
        );
        inserted += r.rowCount ?? 0;
      }
      return inserted;
    },
  };
}

/** The event-socket command that prints FreeSWITCH's run id (a FreeSWITCH variable, not a JS template). */
// biome-ignore lint/suspicious/noTemplateCurlyInString: FreeSWITCH's ${var} syntax
export const CORE_UUID_COMMAND = 'eval ${core_uuid}';

/** FreeSWITCH's run id from CORE_UUID_COMMAND (undefined when the reply is not one). */
export function coreUuid(reply: string): string | undefined {
  const m = /\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/i.exec(reply.trim());
  return m?.[1];
}

/** The sessions FreeSWITCH has in memory, from `status` ("18 session(s) - peak 20, ..."). */
export function sessionCount(status: string): number | undefined {
  const m = /^(\d+) session\(s\) - peak/m.exec(status);
  return m ? Number(m[1]) : undefined;
}

/** The pieces of a node the keeping needs (the lease node's event socket, log and a clock). */
export interface KeepIo {
  readonly api: (commands: readonly string[]) => Promise<string[]>;
  readonly calls: TrackedCallsStore;
  readonly log: (line: string) => void;
  readonly sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A database call inside a fence is bounded: a node cut from the database must still fence. */
export const KEEP_QUERY_MS = 1500;

function bounded<T>(p: Promise<T>, ms = KEEP_QUERY_MS): Promise<T> {
  return withTimeout(p, ms);
}

/** Before the profiles stop: this run's tracked calls ([] when FreeSWITCH or the database cannot say). */
export async function snapshotTrackedCalls(io: KeepIo): Promise<RecoveryRow[]> {
  try {
    const [reply] = await io.api([CORE_UUID_COMMAND]);
    const run = coreUuid(reply ?? '');
    if (!run) return [];
    return await bounded(io.calls.snapshot(run));
  } catch (error) {
    io.log(`fence: cannot read the tracked calls: ${(error as Error).message}`);
    return [];
  }
}

/**
 * After the profiles were told to stop: wait (≤ waitMs) until FreeSWITCH has no session left and
 * its hangups' deletes went out, then put the rows back; once more a moment later, for a delete
 * that was still queued. Never throws.
 */
export async function restoreTrackedCalls(
  io: KeepIo,
  rows: readonly RecoveryRow[],
  waitMs = 5000,
): Promise<number> {
  if (rows.length === 0) return 0;
  const sleep = io.sleep ?? realSleep;
  for (let waited = 0; waited < waitMs; waited += 200) {
    const [status] = await io.api(['status']).catch(() => [undefined]);
    const n = status === undefined ? undefined : sessionCount(status);
    if (n === undefined || n === 0) break;
    await sleep(200);
  }
  let restored = 0;
  for (const pause of [300, 700]) {
    await sleep(pause);
    try {
      restored += await bounded(io.calls.restore(rows));
    } catch (error) {
      io.log(`fence: cannot put the tracked calls back: ${(error as Error).message}`);
    }
  }
  io.log(`fence: ${rows.length} tracked call leg(s) left for the next active (${restored} put back)`);
  return restored;
}
