import {
  afterLeaseCall,
  decideLease,
  fenceDeadlineMs,
  LEASE_TIMING,
  type LeaseAction,
  type LeaseRow,
  type LeaseState,
  type LeaseTiming,
} from './lease.js';
import type { LeaseStore } from './lease-store.js';

/**
 * The doing of src/ha/lease.ts, one tick at a time, everything injected (a node passes PostgreSQL,
 * the service address and FreeSWITCH; tests pass fakes on a virtual clock).
 */
export interface LeaseDeps {
  readonly me: string;
  readonly store: LeaseStore;
  /** Monotonic ms (performance.now on a node). */
  readonly nowMs: () => number;
  /** This node's own health check (its FreeSWITCH answers SIP). */
  readonly healthy: () => Promise<boolean>;
  /** Take the service address, start the profiles, `sofia recover`. */
  readonly activate: (epoch: number) => Promise<void>;
  /** Stop answering SIP on the service address and stop the profiles. Must not throw for "already". */
  readonly fence: () => Promise<void>;
  readonly log: (line: string) => void;
  /** Rejects a database call that takes longer (the query timeout). */
  readonly withTimeout?: <T>(p: Promise<T>, ms: number) => Promise<T>;
}

function timed<T>(deps: LeaseDeps, p: Promise<T>, t: LeaseTiming): Promise<T> {
  return deps.withTimeout ? deps.withTimeout(p, t.queryTimeoutSeconds * 1000) : p;
}

async function call(deps: LeaseDeps, state: LeaseState, action: LeaseAction, t: LeaseTiming) {
  const sentAtMs = deps.nowMs();
  try {
    // A renew the database refused (not mine any more): definite, unlike an error.
    if (action.kind === 'renew')
      return { ok: await timed(deps, deps.store.renew(deps.me, state.epoch), t), sentAtMs, refused: true };
    if (action.kind === 'acquire') {
      const epoch = await timed(deps, deps.store.acquire(deps.me, action.seenEpoch), t);
      return epoch === undefined
        ? { ok: false, sentAtMs, refused: true }
        : { ok: true, epoch, sentAtMs, refused: false };
    }
  } catch (error) {
    deps.log(`lease ${action.kind}: ${(error as Error).message}`);
  }
  return { ok: false, sentAtMs, refused: false };
}

export async function leaseTick(
  deps: LeaseDeps,
  state: LeaseState,
  t: LeaseTiming = LEASE_TIMING,
): Promise<LeaseState> {
  // A holder past its deadline fences before it waits for anything (it may have been frozen).
  if (state.role === 'active' && deps.nowMs() >= fenceDeadlineMs(state.renewSentAtMs ?? -Infinity, t)) {
    await deps.fence();
    deps.log('fenced: could not renew the lease in time');
    return { role: 'standby', epoch: state.epoch };
  }
  let row: LeaseRow | undefined;
  try {
    row = await timed(deps, deps.store.read(), t);
  } catch (error) {
    deps.log(`lease read: ${(error as Error).message}`);
  }
  let healthy = false;
  try {
    healthy = await deps.healthy();
  } catch {
    healthy = false;
  }
  const decision = decideLease(
    { me: deps.me, state, nowMs: deps.nowMs(), healthy, ...(row ? { row } : {}) },
    t,
  );
  const { action } = decision;
  if (action.kind === 'none') return state;
  if (action.kind === 'fence') {
    await deps.fence();
    deps.log(`fenced: ${decision.reason}`);
    if (action.release) {
      try {
        await timed(deps, deps.store.release(deps.me, state.epoch), t);
      } catch (error) {
        deps.log(`lease release: ${(error as Error).message} (it expires by itself)`);
      }
    }
    return afterLeaseCall(state, action, { ok: true, sentAtMs: deps.nowMs() });
  }
  const result = await call(deps, state, action, t);
  if (action.kind === 'renew' && !result.ok && result.refused) {
    await deps.fence();
    deps.log('fenced: the database refused my renew (the lease is not mine any more)');
    return { role: 'standby', epoch: state.epoch };
  }
  const next = afterLeaseCall(state, action, result);
  if (action.kind === 'acquire' && result.ok) {
    deps.log(`active at epoch ${next.epoch}: ${decision.reason}`);
    try {
      await deps.activate(next.epoch);
    } catch (error) {
      // Could not become active: fence again and give the lease back at once.
      deps.log(`activation failed: ${(error as Error).message}`);
      await deps.fence();
      await deps.store.release(deps.me, next.epoch).catch(() => undefined);
      return { role: 'standby', epoch: next.epoch };
    }
  }
  return next;
}
