/**
 * The active role of an HA group as a lease in PostgreSQL (docs/ha.md, "The lease and the fence"):
 * pure decisions, tested by tables; src/ha/lease-store.ts is the SQL, the watcher the doing.
 *
 * One row per group: holder, epoch (the fencing token: +1 at every change of holder) and expires_at,
 * always computed by the database's clock (`now() + ttl`). Every node ticks every `tickSeconds`:
 *
 * - The holder renews. It measures its own deadline on its own monotonic clock from the moment it
 *   SENT the last renew that succeeded (`renewSentAtMs`): the database granted at least ttl from a
 *   later instant, so the holder's view is never longer than the database's. It fences itself
 *   (stops answering SIP on the service address and stops the profiles) once
 *   `ttl − fence` has passed without a successful renew, i.e. `fence` seconds before the lease can
 *   end anywhere. A renew that finds another holder or epoch fences at once.
 * - A standby takes the lease only when the database says `now() > expires_at + margin` (one atomic
 *   UPDATE guarded by the epoch it read), so the old holder has been fenced for at least
 *   `fence + margin` seconds by then, even if its clock ran slow.
 * - A holder whose own health check fails hands over: fence first, then release (expires_at in the
 *   past), so a healthy standby takes it on its next tick. Damping: no hand-over within
 *   `dampingSeconds` of the last change of holder; an expired lease (the holder stopped renewing,
 *   so it is dead or fenced) is always taken.
 * - A node that cannot read the database changes nothing but its own fence deadline.
 */

export const LEASE_TIMING = {
  /** A renew grants the lease until the database's now() + ttl. */
  ttlSeconds: 6,
  /** Every node's tick: the holder renews, a standby reads. */
  tickSeconds: 1,
  /** The holder fences itself this long before its lease could end (time to stop SIP). */
  fenceSeconds: 2,
  /** A taker waits this long past expires_at (database clock): clock-rate slack. */
  marginSeconds: 2,
  /** At most one hand-over per this many seconds, unless the holder stopped renewing. */
  dampingSeconds: 300,
  /** A database call that takes longer is abandoned (counts as unreachable). */
  queryTimeoutSeconds: 1,
  /** A planned switchover request is honoured this long; then anyone may take the lease again. */
  switchoverSeconds: 60,
  /**
   * The holder's own FreeSWITCH failing this many health checks in a row (one a tick: it does not
   * answer for that long) is confirmed dead: hand over at once, no damping. Fewer, or failures
   * with answers in between (flapping), respect the damping.
   */
  deadChecks: 3,
  /** One health check (event socket + `sofia status`) that takes longer fails. */
  healthTimeoutSeconds: 0.8,
} as const;

export type LeaseTiming = { readonly [K in keyof typeof LEASE_TIMING]: number };

/** What the database said this tick (times relative to its own now()). */
export interface LeaseRow {
  readonly holder: string | null;
  readonly epoch: number;
  /** expires_at − now(), in ms: negative once expired. */
  readonly expiresInMs: number;
  /** now() − changed_at (the last change of holder), in ms. */
  readonly changedAgoMs: number;
  /**
   * A planned switchover asked for (`pbxc ha switchover`): to a named node or `*` (any other),
   * asked agoMs ago, and the node that handed the lease over for it (once it has).
   */
  readonly switchover?: { readonly to: string; readonly agoMs: number; readonly from?: string | null };
}

/** Who a switchover goes to: any node but the one that handed over. */
export const SWITCHOVER_ANY = '*';

/** The request still binds (not yet older than switchoverSeconds). */
export function switchoverPending(row: LeaseRow, t: LeaseTiming = LEASE_TIMING): boolean {
  return row.switchover !== undefined && row.switchover.agoMs < t.switchoverSeconds * 1000;
}

export type Role = 'active' | 'standby';

export interface LeaseState {
  readonly role: Role;
  /** The epoch this node holds (active) or last saw. */
  readonly epoch: number;
  /** Local monotonic ms when the last successful renew or acquire was sent (active only). */
  readonly renewSentAtMs?: number;
  /** Health checks failed in a row while active (absent: none). */
  readonly failedChecks?: number;
}

/**
 * One health check of the node's own FreeSWITCH: `ok`; `failing` (it answered, but a profile is not
 * running: degraded, damped); `unanswered` (no answer within healthTimeoutSeconds: hung);
 * `gone` (the event socket refuses connections: the process is not there, a crash).
 */
export type HealthCheck = 'ok' | 'failing' | 'unanswered' | 'gone';

/**
 * Whether the holder's FreeSWITCH is confirmed dead, so it hands over without damping: its process
 * is gone (a refused local event socket cannot be a network flap), or it has not answered
 * `deadChecks` checks in a row. A FreeSWITCH that answers but reports a profile down is degraded,
 * not dead, and stays damped, as does any sequence with a passing check in it (flapping).
 * `failedChecks` counts this check.
 */
export function confirmedDead(
  check: HealthCheck,
  failedChecks: number,
  t: LeaseTiming = LEASE_TIMING,
): boolean {
  if (check === 'gone') return true;
  return check === 'unanswered' && failedChecks >= t.deadChecks;
}

/** The count of failed checks in a row after this one (0 when it passed). */
export function failedChecksAfter(state: LeaseState, check: HealthCheck): number {
  return check === 'ok' ? 0 : (state.failedChecks ?? 0) + 1;
}

export const INITIAL_LEASE_STATE: LeaseState = { role: 'standby', epoch: 0 };

export interface LeaseView {
  readonly me: string;
  readonly state: LeaseState;
  /** Local monotonic clock, ms. */
  readonly nowMs: number;
  /** The row as read this tick, or undefined when the database could not be reached. */
  readonly row?: LeaseRow;
  /** This node's own health check (its FreeSWITCH answers SIP locally). */
  readonly healthy: boolean;
  /** The holder's FreeSWITCH is confirmed dead (`confirmedDead`): hand over without damping. */
  readonly dead?: boolean;
}

export type LeaseAction =
  /** Holder: renew (UPDATE ... WHERE holder = me AND epoch = state.epoch). */
  | { readonly kind: 'renew' }
  /** Standby: take it (UPDATE ... WHERE epoch = seen AND expired past the margin). */
  | { readonly kind: 'acquire'; readonly seenEpoch: number }
  /** Stop SIP on the service address and the profiles, now; then (release) give the lease back. */
  | { readonly kind: 'fence'; readonly release: boolean }
  | { readonly kind: 'none' };

export interface LeaseDecision {
  readonly action: LeaseAction;
  readonly reason: string;
}

/** The local deadline after which a holder that could not renew must be fenced (ms). */
export function fenceDeadlineMs(renewSentAtMs: number, t: LeaseTiming = LEASE_TIMING): number {
  return renewSentAtMs + (t.ttlSeconds - t.fenceSeconds) * 1000;
}

export function decideLease(view: LeaseView, t: LeaseTiming = LEASE_TIMING): LeaseDecision {
  const { state, row, me } = view;

  if (state.role === 'active') {
    const deadline = fenceDeadlineMs(state.renewSentAtMs ?? Number.NEGATIVE_INFINITY, t);
    // First, before anything else: a holder past its deadline (asleep, frozen, cut off) fences.
    if (view.nowMs >= deadline)
      return { action: { kind: 'fence', release: false }, reason: 'could not renew the lease in time' };
    if (!row)
      return {
        action: { kind: 'none' },
        reason: 'database unreachable: keeping the lease until the fence deadline',
      };
    if (row.holder !== me || row.epoch !== state.epoch)
      return {
        action: { kind: 'fence', release: false },
        reason: `the lease is ${row.holder ?? 'free'} at epoch ${row.epoch}, not mine at ${state.epoch}`,
      };
    // A planned switchover (the operator asked: no damping): fence, then hand the lease over.
    if (switchoverPending(row, t) && row.switchover!.to !== me)
      return {
        action: { kind: 'fence', release: true },
        reason: `planned switchover to ${row.switchover!.to === SWITCHOVER_ANY ? 'another node' : row.switchover!.to}`,
      };
    // A crash is not a flap: a confirmed-dead FreeSWITCH hands over at once, damping or not.
    if (!view.healthy && view.dead)
      return {
        action: { kind: 'fence', release: true },
        reason: 'my FreeSWITCH is confirmed dead (crashed or not answering): handing the lease over',
      };
    if (!view.healthy && row.changedAgoMs >= t.dampingSeconds * 1000)
      return {
        action: { kind: 'fence', release: true },
        reason: 'health check failed: handing the lease over',
      };
    return {
      action: { kind: 'renew' },
      reason: view.healthy
        ? 'holding the lease'
        : 'health check failed, but the last change is too recent (damping)',
    };
  }
  if (!row) return { action: { kind: 'none' }, reason: 'database unreachable: staying standby' };
  // A row naming me while I am standby is a lease from before a restart: like anyone else's, it is
  // taken (with a new epoch) only once it has expired past the margin.
  const free = row.holder === null || row.expiresInMs + t.marginSeconds * 1000 < 0;
  if (!free) return { action: { kind: 'none' }, reason: `${row.holder} holds the lease` };
  // A lease handed over for a switchover goes to its target (or to anyone but the node that gave
  // it back) while the request is pending; after that anyone healthy takes it.
  if (row.holder === null && switchoverPending(row, t)) {
    const { to, from } = row.switchover!;
    if (from === me) return { action: { kind: 'none' }, reason: 'I handed the lease over (switchover)' };
    if (to !== SWITCHOVER_ANY && to !== me)
      return { action: { kind: 'none' }, reason: `the lease is handed over to ${to}` };
  }
  if (!view.healthy)
    return { action: { kind: 'none' }, reason: 'the lease is free, but my health check fails' };
  return {
    action: { kind: 'acquire', seenEpoch: row.epoch },
    reason: row.holder === null ? 'the lease is free' : `${row.holder}'s lease expired`,
  };
}

/** The state after an action's database call (ok: the UPDATE changed the row). */
export function afterLeaseCall(
  state: LeaseState,
  action: LeaseAction,
  result: { readonly ok: boolean; readonly epoch?: number; readonly sentAtMs: number },
): LeaseState {
  switch (action.kind) {
    case 'renew':
      return result.ok ? { ...state, renewSentAtMs: result.sentAtMs } : state;
    case 'acquire':
      return result.ok
        ? { role: 'active', epoch: result.epoch ?? action.seenEpoch + 1, renewSentAtMs: result.sentAtMs }
        : state;
    case 'fence':
      return { role: 'standby', epoch: state.epoch };
    case 'none':
      return state;
  }
}

/**
 * The worst case from the holder's death until a standby holds the lease (s): the holder may have
 * renewed just before dying, the lease then runs ttl, the taker waits the margin and notices on its
 * next tick, plus one query.
 */
export function leaseTakeoverSeconds(t: LeaseTiming = LEASE_TIMING): number {
  return t.ttlSeconds + t.marginSeconds + t.tickSeconds + t.queryTimeoutSeconds;
}

/** The least time between the old holder's fence and the new holder's start (s). */
export function fenceGapSeconds(t: LeaseTiming = LEASE_TIMING): number {
  return t.fenceSeconds + t.marginSeconds;
}
