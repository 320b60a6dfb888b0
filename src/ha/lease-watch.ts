import {
  afterLeaseCall,
  confirmedDead,
  decideLease,
  failedChecksAfter,
  fenceDeadlineMs,
  type HealthCheck,
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
  /**
   * This node's own health check (its FreeSWITCH answers SIP): true, false (answered, but failing),
   * `unanswered` (no answer in time) or `gone` (its event socket refuses connections: no process).
   */
  readonly healthy: () => Promise<boolean | 'unanswered' | 'gone'>;
  /** Take the service address, start the profiles, `sofia recover`. */
  readonly activate: (epoch: number) => Promise<void>;
  /** Stop answering SIP on the service address and stop the profiles. Must not throw for "already". */
  readonly fence: () => Promise<void>;
  readonly log: (line: string) => void;
  /**
   * The kernel gate of the service address (src/ha/kernel-fence.ts): traffic to and from it passes
   * for `openForMs` more ms (0: shut now), enforced by the kernel even if this process is frozen.
   * Called every tick: the holder opens it until its fence deadline, every other node shuts it.
   */
  readonly gate?: (openForMs: number) => Promise<void>;
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

/** How long the kernel gate stays open for this state: the holder until its fence deadline. */
export function gateOpenMs(state: LeaseState, nowMs: number, t: LeaseTiming = LEASE_TIMING): number {
  if (state.role !== 'active') return 0;
  return Math.max(0, Math.floor(fenceDeadlineMs(state.renewSentAtMs ?? -Infinity, t) - nowMs));
}

async function setGate(deps: LeaseDeps, state: LeaseState, t: LeaseTiming): Promise<void> {
  if (!deps.gate) return;
  try {
    await deps.gate(gateOpenMs(state, deps.nowMs(), t));
  } catch (error) {
    deps.log(`kernel gate: ${(error as Error).message}`);
  }
}

/**
 * One tick, then the kernel gate set for the state it ends in (every tick: a reload of the
 * ruleset or a lost update is mended within a tick; a holder's gate closes by itself at its fence
 * deadline unless the next successful renew moves it).
 */
export async function leaseTick(
  deps: LeaseDeps,
  before: LeaseState,
  t: LeaseTiming = LEASE_TIMING,
): Promise<LeaseState> {
  const next = await leaseStep(deps, before, t);
  await setGate(deps, next, t);
  return next;
}

async function leaseStep(deps: LeaseDeps, before: LeaseState, t: LeaseTiming): Promise<LeaseState> {
  let state = before;
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
  let check: HealthCheck = 'failing';
  try {
    const h = await deps.healthy();
    check = h === true ? 'ok' : h === false ? 'failing' : h;
  } catch {
    check = 'failing';
  }
  const healthy = check === 'ok';
  // The holder counts its failed checks in a row: a crash (or that many) is confirmed dead.
  let dead = false;
  if (state.role === 'active') {
    const failed = failedChecksAfter(state, check);
    dead = confirmedDead(check, failed, t);
    const { failedChecks: _, ...rest } = state;
    state = failed > 0 ? { ...rest, failedChecks: failed } : rest;
    if (!healthy) deps.log(`health check ${check} (${failed} in a row${dead ? ': confirmed dead' : ''})`);
  }
  const decision = decideLease(
    { me: deps.me, state, nowMs: deps.nowMs(), healthy, ...(dead ? { dead } : {}), ...(row ? { row } : {}) },
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
    // The gate opens before the address is taken (and closes by itself at the fence deadline).
    await setGate(deps, next, t);
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
