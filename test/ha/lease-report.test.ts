import { describe, expect, it } from 'vitest';
import { haLease, haRole } from '../../src/deploy/publish/node-report.js';
import { decideLease, INITIAL_LEASE_STATE } from '../../src/ha/lease.js';
import { leaseReport, leaseSnapshot } from '../../src/ha/lease-report.js';

/** What a lease-group node reports as its role and lease (pbxc status), from pbxc ha's snapshot. */
const NOW = new Date('2026-12-06T08:00:10Z');
const snap = (o: object, at = '2026-12-06T08:00:09Z') =>
  JSON.stringify({ node: 'pbx-1', epoch: 7, at, ...o });

const CASES: [string, string | undefined, ReturnType<typeof leaseReport>][] = [
  ['no snapshot: not a lease node', undefined, undefined],
  [
    'holder',
    snap({ role: 'active', holder: 'pbx-1', expiresInMs: 5200 }),
    { role: 'active', lease: 'held at epoch 7, 5.2 s left' },
  ],
  [
    'standby',
    snap({ role: 'standby', holder: 'pbx-2' }),
    { role: 'standby', lease: 'held by pbx-2 at epoch 7' },
  ],
  ['free', snap({ role: 'standby', holder: null }), { role: 'standby', lease: 'free at epoch 7' }],
  [
    'database unreachable',
    snap({ role: 'active' }),
    { role: 'active', lease: 'database unreachable, epoch 7' },
  ],
  [
    'switchover pending',
    snap({ role: 'active', holder: 'pbx-1', expiresInMs: 4000, switchoverTo: 'pbx-2' }),
    { role: 'active', lease: 'held at epoch 7, 4.0 s left, switchover to pbx-2 pending' },
  ],
  [
    'stale: pbx ha is not running',
    snap({ role: 'active', holder: 'pbx-1' }, '2026-12-06T07:59:00Z'),
    { role: 'unknown', lease: 'pbxc ha not running (last tick 2026-12-06T07:59:00Z)' },
  ],
  ['garbage', '{', { role: 'unknown', lease: 'unreadable lease state' }],
];

describe('lease report', () => {
  it.each(CASES)('%s', (_, text, want) => {
    expect(leaseReport(text, NOW)).toEqual(want);
  });

  it('round trip: the loop snapshot becomes the agent report', () => {
    const row = { holder: 'pbx-1', epoch: 3, expiresInMs: 5999.6, changedAgoMs: 10 };
    const s = leaseSnapshot('pbx-1', { role: 'active', epoch: 3 }, row, NOW);
    expect(leaseReport(JSON.stringify(s), NOW)).toEqual({
      role: 'active',
      lease: 'held at epoch 3, 6.0 s left',
    });
  });

  it('the agent reports the lease role, not "FreeSWITCH runs" (warm standby runs it everywhere)', () => {
    const c = {
      node: 'pbx-2',
      bundleParameter: '/p',
      stateDir: '/s',
      tlsDir: '/t',
      freeswitchRuns: 'when-running' as const,
    };
    const text = snap({ node: 'pbx-2', role: 'standby', holder: 'pbx-1' });
    expect(
      haRole(
        c,
        () => true,
        () => text,
        NOW,
      ),
    ).toBe('standby');
    expect(haLease(c, () => text, NOW)).toBe('held by pbx-1 at epoch 7');
    // No lease file (EC2 probe loop): as before, FreeSWITCH running means active.
    expect(
      haRole(
        c,
        () => true,
        () => undefined,
        NOW,
      ),
    ).toBe('active');
    expect(
      haRole(
        { ...c, freeswitchRuns: 'always' },
        () => true,
        () => text,
        NOW,
      ),
    ).toBe('single');
  });

  it('decision table: a switchover request', () => {
    const row = (o: object) => ({ holder: 'pbx-1', epoch: 3, expiresInMs: 5000, changedAgoMs: 1000, ...o });
    const active = { role: 'active' as const, epoch: 3, renewSentAtMs: 10_000 };
    const d = (state: typeof active | typeof INITIAL_LEASE_STATE, r: object, me = 'pbx-1') =>
      decideLease({ me, state, nowMs: 10_500, healthy: true, row: row(r) }).action;
    // The holder hands over at once, no damping (changed 1 s ago).
    expect(d(active, { switchover: { to: 'pbx-2', agoMs: 100 } })).toEqual({ kind: 'fence', release: true });
    expect(d(active, { switchover: { to: '*', agoMs: 100 } })).toEqual({ kind: 'fence', release: true });
    // A lapsed request is ignored.
    expect(d(active, { switchover: { to: 'pbx-2', agoMs: 61_000 } })).toEqual({ kind: 'renew' });
    const free = { holder: null, expiresInMs: 0 };
    const sb = { ...INITIAL_LEASE_STATE, epoch: 3 };
    expect(d(sb, { ...free, switchover: { to: 'pbx-2', agoMs: 100, from: 'pbx-1' } }, 'pbx-2')).toEqual({
      kind: 'acquire',
      seenEpoch: 3,
    });
    expect(d(sb, { ...free, switchover: { to: 'pbx-2', agoMs: 100, from: 'pbx-1' } }, 'pbx-3')).toEqual({
      kind: 'none',
    });
    expect(d(sb, { ...free, switchover: { to: '*', agoMs: 100, from: 'pbx-1' } }, 'pbx-1')).toEqual({
      kind: 'none',
    });
    expect(d(sb, { ...free, switchover: { to: '*', agoMs: 100, from: 'pbx-1' } }, 'pbx-3')).toEqual({
      kind: 'acquire',
      seenEpoch: 3,
    });
    // Lapsed: anyone, even the giver.
    expect(d(sb, { ...free, switchover: { to: 'pbx-2', agoMs: 60_001, from: 'pbx-1' } }, 'pbx-1')).toEqual({
      kind: 'acquire',
      seenEpoch: 3,
    });
  });
});
