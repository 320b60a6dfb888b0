import { LEASE_TIMING, type LeaseRow, SWITCHOVER_ANY } from './lease.js';
import { type LeaseStore, type Queryable, requestSwitchover } from './lease-store.js';

/**
 * A planned switchover (`pbxc ha switchover`): the request is a mark on the group's lease row; the
 * holder's own loop reads it within a tick, fences itself (service address, then profiles) and
 * releases the lease naming itself as the giver; the target (or any other healthy node) takes it on
 * its next tick and starts its profiles with `sofia recover`, so established calls tracked in
 * PostgreSQL continue. Nothing but the database reaches the nodes, so it works wherever they reach
 * it, and a request nobody honours lapses after LEASE_TIMING.switchoverSeconds (a known end: the
 * lease is then anyone's again).
 */
export interface SwitchoverResult {
  readonly ok: boolean;
  readonly message: string;
  /** From the request to the new holder, ms (ok only). */
  readonly tookMs?: number;
}

export async function switchover(
  db: Queryable,
  store: Pick<LeaseStore, 'read'>,
  group: string,
  options: {
    readonly to?: string;
    readonly waitMs?: number;
    readonly pollMs?: number;
    readonly nowMs?: () => number;
    readonly sleep?: (ms: number) => Promise<void>;
  } = {},
): Promise<SwitchoverResult> {
  const to = options.to ?? SWITCHOVER_ANY;
  const now = options.nowMs ?? (() => performance.now());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const waitMs = options.waitMs ?? (LEASE_TIMING.ttlSeconds + 4 * LEASE_TIMING.tickSeconds) * 1000;
  const started = now();
  const asked = await requestSwitchover(db, group, to);
  if (!asked.ok) return { ok: false, message: asked.reason };
  let last: LeaseRow | undefined;
  while (now() - started < waitMs) {
    await sleep(options.pollMs ?? 200);
    last = await store.read().catch(() => undefined);
    if (last?.holder && last.holder !== asked.holder && last.expiresInMs > 0) {
      const tookMs = Math.round(now() - started);
      return {
        ok: true,
        tookMs,
        message: `${asked.holder} handed over: ${last.holder} active at epoch ${last.epoch} after ${(tookMs / 1000).toFixed(1)} s`,
      };
    }
  }
  const where =
    last === undefined
      ? 'the database could not be read'
      : last.holder === asked.holder
        ? `${asked.holder} still holds it (is its pbxc ha running?)`
        : last.holder === null
          ? `${asked.holder} released it, but no ${to === SWITCHOVER_ANY ? 'other node' : to} took it (is it healthy, its pbxc ha running?)`
          : `${last.holder} holds it`;
  return {
    ok: false,
    message: `no hand-over within ${(waitMs / 1000).toFixed(0)} s: ${where}; the request lapses ${LEASE_TIMING.switchoverSeconds} s after it was made`,
  };
}
