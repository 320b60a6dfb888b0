import { describe, expect, it } from 'vitest';
import {
  confirmedDead,
  decideLease,
  failedChecksAfter,
  type HealthCheck,
  LEASE_TIMING,
  type LeaseRow,
  type LeaseState,
} from '../../src/ha/lease.js';
import { healthFromError } from '../../src/ha/lease-node.js';
import type { LeaseStore } from '../../src/ha/lease-store.js';
import { type LeaseDeps, leaseTick } from '../../src/ha/lease-watch.js';

/**
 * A holder whose own FreeSWITCH crashed (process gone, or not answering N checks in a row) is
 * confirmed dead and hands over at once, damping or not; a flapping check still respects the
 * damping (issue 21: "no more than one role change per stated interval unless the active is
 * confirmed dead").
 */
const N = LEASE_TIMING.deadChecks;

describe('confirmedDead', () => {
  it.each<[string, HealthCheck, number, boolean]>([
    ['passing check', 'ok', 0, false],
    ['process gone (event socket refused), first check', 'gone', 1, true],
    ['one unanswered check', 'unanswered', 1, false],
    [`${N - 1} unanswered checks in a row`, 'unanswered', N - 1, false],
    [`${N} unanswered checks in a row (not answering for ${N} s)`, 'unanswered', N, true],
    [`${N * 3} failing checks in a row (answers, a profile down: degraded, damped)`, 'failing', N * 3, false],
  ])('%s', (_name, check, failed, want) => {
    expect(confirmedDead(check, failed)).toBe(want);
  });
  it('the count resets on a passing check (flapping never adds up)', () => {
    const s: LeaseState = { role: 'active', epoch: 1, renewSentAtMs: 0, failedChecks: N - 1 };
    expect(failedChecksAfter(s, 'ok')).toBe(0);
    expect(failedChecksAfter(s, 'unanswered')).toBe(N);
    expect(failedChecksAfter({ role: 'active', epoch: 1 }, 'gone')).toBe(1);
  });
  it.each([
    ['event socket 127.0.0.1:8021: connect ECONNREFUSED 127.0.0.1:8021', 'gone'],
    ['event socket 127.0.0.1:8021: no answer within 800 ms', 'unanswered'],
    ['event socket closed before all replies', 'unanswered'],
  ])('%s → %s', (message, want) => {
    expect(healthFromError(message)).toBe(want);
  });
});

const RECENT = 10_000; // the last change of holder 10 s ago: inside the 300 s damping
const row: LeaseRow = { holder: 'pbx-1', epoch: 4, expiresInMs: 5000, changedAgoMs: RECENT };
const holder: LeaseState = { role: 'active', epoch: 4, renewSentAtMs: 10_000 };

describe('the holder decision with a dead FreeSWITCH', () => {
  it.each<[string, boolean, boolean | undefined, number, string]>([
    ['healthy: renew', true, undefined, RECENT, 'renew'],
    ['failing inside damping, not confirmed dead: keeps renewing', false, false, RECENT, 'renew'],
    ['confirmed dead inside damping: hands over at once', false, true, RECENT, 'fence+release'],
    ['failing after damping: hands over', false, false, 301_000, 'fence+release'],
  ])('%s', (_name, healthy, dead, changedAgoMs, want) => {
    const d = decideLease({
      me: 'pbx-1',
      state: holder,
      nowMs: 11_000,
      healthy,
      ...(dead === undefined ? {} : { dead }),
      row: { ...row, changedAgoMs },
    });
    const got = d.action.kind === 'fence' ? (d.action.release ? 'fence+release' : 'fence') : d.action.kind;
    expect(got).toBe(want);
  });
});

/** The real tick over a sequence of health checks; what the holder does each tick. */
async function run(checks: readonly (boolean | 'unanswered' | 'gone')[]): Promise<string[]> {
  let now = 10_000;
  let state: LeaseState = holder;
  const out: string[] = [];
  let released = false;
  const store: LeaseStore = {
    read: async () => ({ ...row, holder: released ? null : 'pbx-1' }),
    renew: async () => true,
    acquire: async () => undefined,
    release: async () => {
      released = true;
      return true;
    },
  };
  for (const c of checks) {
    const deps: LeaseDeps = {
      me: 'pbx-1',
      store,
      nowMs: () => now,
      healthy: async () => c,
      activate: async () => {},
      fence: async () => void out.push('fence'),
      log: () => {},
    };
    const before = out.length;
    state = await leaseTick(deps, state);
    if (out.length === before) out.push(state.role === 'active' ? 'renew' : 'standby');
    else if (released) out[out.length - 1] = 'fence+release';
    now += 1000;
    if (state.role !== 'active') break;
  }
  return out;
}

describe('the tick: crash vs flapping, inside the damping interval', () => {
  it('FreeSWITCH killed (event socket refused): fenced and released on the first check', async () => {
    expect(await run([true, 'gone'])).toEqual(['renew', 'fence+release']);
  });
  it(`FreeSWITCH not answering: fenced and released after ${N} checks in a row`, async () => {
    expect(await run([true, ...Array(N).fill('unanswered')])).toEqual([
      'renew',
      ...Array(N - 1).fill('renew'),
      'fence+release',
    ]);
  });
  it('flapping (no answer, answer, ...): never confirmed dead, keeps the lease (damping)', async () => {
    const flaps = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? 'unanswered' : true));
    const twoInARow = Array.from({ length: 12 }, (_, i) => (i % 3 === 2 ? true : 'unanswered'));
    expect(await run(flaps)).toEqual(Array(12).fill('renew'));
    expect(await run(twoInARow)).toEqual(Array(12).fill('renew'));
  });
  it('answering but degraded (a profile down) for a minute: damped, keeps the lease', async () => {
    expect(await run(Array(60).fill(false))).toEqual(Array(60).fill('renew'));
  });
});
