import { describe, expect, it } from 'vitest';
import { decide, holderOf, INITIAL_STATE, type Observation, type WatchState } from '../../src/ha/decide.js';
import { HA_TIMING, takeoverBudgetSeconds } from '../../src/ha/layout.js';

const NODES = [
  { name: 'pbx-1', ip: '10.80.0.101' },
  { name: 'pbx-2', ip: '10.80.1.102' },
];
const held = (name: string, healthy?: boolean): Observation => ({
  holder: { kind: 'node', name },
  ...(healthy === undefined ? {} : { holderHealthy: healthy }),
});

/** Runs the decision over a sequence of observations, as the watcher would. */
function run(me: string, observations: Observation[], nodes = NODES) {
  let state: WatchState = INITIAL_STATE;
  return observations.map((o) => {
    const d = decide(me, nodes, state, o);
    state = d.state;
    return d;
  });
}

describe('decide', () => {
  it('keeps the holder active and running FreeSWITCH', () => {
    const [d] = run('pbx-1', [held('pbx-1')]);
    expect(d).toMatchObject({ action: { kind: 'none' }, freeswitch: 'run', state: { role: 'active' } });
  });

  it('keeps a standby quiet, FreeSWITCH stopped, while the active answers', () => {
    const ds = run('pbx-2', [held('pbx-1', true), held('pbx-1', true)]);
    for (const d of ds) expect(d).toMatchObject({ action: { kind: 'none' }, freeswitch: 'stop' });
  });

  it('takes over after exactly `failures` missed probes in a row, with re-association', () => {
    const ds = run('pbx-2', [held('pbx-1', false), held('pbx-1', false), held('pbx-1', false)]);
    expect(ds.map((d) => d.action.kind)).toEqual(['none', 'none', 'take-over']);
    expect(ds[2]!.action).toEqual({ kind: 'take-over', from: 'pbx-1' });
    expect(HA_TIMING.failures).toBe(3);
  });

  it('starts counting again after one good probe (no take-over on a blip)', () => {
    const ds = run('pbx-2', [
      held('pbx-1', false),
      held('pbx-1', false),
      held('pbx-1', true),
      held('pbx-1', false),
    ]);
    expect(ds.map((d) => d.state.failures)).toEqual([1, 2, 0, 1]);
    expect(ds.some((d) => d.action.kind !== 'none')).toBe(false);
  });

  it('never acts when the address cannot be read, and keeps FreeSWITCH as it is', () => {
    const ds = run('pbx-2', [held('pbx-1', false), held('pbx-1', false), { holder: { kind: 'unknown' } }]);
    expect(ds[2]).toMatchObject({ action: { kind: 'none' }, freeswitch: 'keep', state: { failures: 2 } });
  });

  it('lets pbx-1 claim an unclaimed address at once and pbx-2 only after its delay', () => {
    const none: Observation = { holder: { kind: 'none' } };
    expect(run('pbx-1', [none])[0]!.action.kind).toBe('claim');
    const second = run('pbx-2', [none, none, none]);
    expect(second.map((d) => d.action.kind)).toEqual(['none', 'none', 'claim']);
  });

  it('with three nodes, the second standby waits longer than the first', () => {
    const three = [...NODES, { name: 'pbx-3', ip: '10.80.0.103' }];
    const down = Array.from({ length: 6 }, () => held('pbx-1', false));
    const first = run('pbx-2', down, three).findIndex((d) => d.action.kind === 'take-over');
    const second = run('pbx-3', down, three).findIndex((d) => d.action.kind === 'take-over');
    expect(first).toBe(2);
    expect(second).toBe(2 + HA_TIMING.claimDelayTicks);
  });

  it('does not fail back: a recovered old active stays standby while the new one answers', () => {
    const [d] = run('pbx-1', [held('pbx-2', true)]);
    expect(d).toMatchObject({ action: { kind: 'none' }, freeswitch: 'stop', state: { role: 'standby' } });
  });

  it('leaves an address associated outside the group alone', () => {
    const [d] = run('pbx-2', [{ holder: { kind: 'foreign', privateIp: '10.9.9.9' } }]);
    expect(d).toMatchObject({ action: { kind: 'none' }, freeswitch: 'stop' });
    expect(d!.reason).toContain('outside the group');
  });

  it('maps an association to its node by private address', () => {
    expect(holderOf(NODES, { privateIp: '10.80.1.102' })).toEqual({ kind: 'node', name: 'pbx-2' });
    expect(holderOf(NODES, undefined)).toEqual({ kind: 'none' });
    expect(holderOf(NODES, {})).toEqual({ kind: 'none' });
    expect(holderOf(NODES, { privateIp: '10.80.0.11' })).toEqual({
      kind: 'foreign',
      privateIp: '10.80.0.11',
    });
  });

  it('moves the address well inside the 60 s target', () => {
    expect(takeoverBudgetSeconds()).toBeLessThanOrEqual(60);
    expect(takeoverBudgetSeconds()).toBe(3 * 5 + 2 + 5);
  });
});
