import { describe, expect, it } from 'vitest';
import {
  afterLeaseCall,
  decideLease,
  fenceDeadlineMs,
  fenceGapSeconds,
  INITIAL_LEASE_STATE,
  LEASE_TIMING,
  type LeaseRow,
  type LeaseState,
  leaseTakeoverSeconds,
} from '../../src/ha/lease.js';

const DAMP = LEASE_TIMING.dampingSeconds * 1000;
const row = (holder: string | null, epoch: number, expiresInMs: number, changedAgoMs = DAMP): LeaseRow => ({
  holder,
  epoch,
  expiresInMs,
  changedAgoMs,
});
const active = (epoch: number, renewSentAtMs: number): LeaseState => ({
  role: 'active',
  epoch,
  renewSentAtMs,
});
const standby: LeaseState = INITIAL_LEASE_STATE;

/** [case, state, local now (ms), row (undefined: database unreachable), healthy, expected action] */
const CASES: [string, LeaseState, number, LeaseRow | undefined, boolean, string][] = [
  ['holder renews its lease', active(3, 10_000), 11_000, row('pbx-1', 3, 5000), true, 'renew'],
  [
    'holder cut off from the database keeps it until the deadline',
    active(3, 10_000),
    13_999,
    undefined,
    true,
    'none',
  ],
  ['holder cut off past ttl − fence fences itself', active(3, 10_000), 14_000, undefined, true, 'fence'],
  [
    'holder frozen past its deadline fences before reading anything',
    active(3, 10_000),
    40_000,
    row('pbx-1', 3, 5000),
    true,
    'fence',
  ],
  [
    'holder that finds another holder fences at once',
    active(3, 10_000),
    11_000,
    row('pbx-2', 4, 5000),
    true,
    'fence',
  ],
  [
    'holder that finds a newer epoch of its own name fences',
    active(3, 10_000),
    11_000,
    row('pbx-1', 4, 5000),
    true,
    'fence',
  ],
  [
    'unhealthy holder hands over (fence, then release)',
    active(3, 10_000),
    11_000,
    row('pbx-1', 3, 5000),
    false,
    'fence+release',
  ],
  [
    'unhealthy holder inside the damping interval keeps renewing',
    active(3, 10_000),
    11_000,
    row('pbx-1', 3, 5000, DAMP - 1),
    false,
    'renew',
  ],
  ['standby: a live lease elsewhere', standby, 0, row('pbx-1', 3, 100), true, 'none'],
  ['standby: expired, but not yet past the margin', standby, 0, row('pbx-1', 3, -1999), true, 'none'],
  ['standby: expired past the margin is taken', standby, 0, row('pbx-1', 3, -2001), true, 'acquire@3'],
  ['standby: a free (released) lease is taken at once', standby, 0, row(null, 3, 0), true, 'acquire@3'],
  ['standby: never taken while my own health check fails', standby, 0, row(null, 3, 0), false, 'none'],
  [
    'standby: my own name from before a restart waits for expiry like any other',
    standby,
    0,
    row('pbx-2', 3, 4000),
    true,
    'none',
  ],
  ['standby: database unreachable changes nothing', standby, 0, undefined, true, 'none'],
  [
    'damping never holds back taking an expired lease',
    standby,
    0,
    row('pbx-1', 3, -3000, 1000),
    true,
    'acquire@3',
  ],
];

function show(a: ReturnType<typeof decideLease>['action']): string {
  if (a.kind === 'fence') return a.release ? 'fence+release' : 'fence';
  if (a.kind === 'acquire') return `acquire@${a.seenEpoch}`;
  return a.kind;
}

describe('the lease decision (pbx-2 deciding)', () => {
  it.each(CASES)('%s', (_name, state, nowMs, r, healthy, expected) => {
    const me = state.role === 'active' ? 'pbx-1' : 'pbx-2';
    const view = { me, state, nowMs, healthy, ...(r ? { row: r } : {}) };
    expect(show(decideLease(view).action)).toBe(expected);
  });

  it('moves to active only when the database call succeeded, and a fence always ends in standby', () => {
    const acq = { kind: 'acquire' as const, seenEpoch: 3 };
    expect(afterLeaseCall(standby, acq, { ok: false, sentAtMs: 5 })).toEqual(standby);
    expect(afterLeaseCall(standby, acq, { ok: true, epoch: 4, sentAtMs: 5 })).toEqual(active(4, 5));
    expect(afterLeaseCall(active(4, 5), { kind: 'renew' }, { ok: true, sentAtMs: 9 })).toEqual(active(4, 9));
    expect(afterLeaseCall(active(4, 5), { kind: 'renew' }, { ok: false, sentAtMs: 9 })).toEqual(active(4, 5));
    expect(
      afterLeaseCall(active(4, 5), { kind: 'fence', release: true }, { ok: true, sentAtMs: 9 }).role,
    ).toBe('standby');
  });

  it('timing: the old holder is fenced ≥ fence + margin before a taker may start; takeover within the 15 s target', () => {
    // Holder's deadline (local, from the renew it sent) vs the earliest take (database: expiry + margin).
    const sent = 0;
    const earliestTakeMs = sent + (LEASE_TIMING.ttlSeconds + LEASE_TIMING.marginSeconds) * 1000;
    expect(earliestTakeMs - fenceDeadlineMs(sent)).toBe(fenceGapSeconds() * 1000);
    expect(fenceGapSeconds()).toBeGreaterThanOrEqual(3);
    expect(leaseTakeoverSeconds()).toBeLessThanOrEqual(10);
  });
});
