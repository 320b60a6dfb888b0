import { describe, expect, it } from 'vitest';
import type { HaConfig } from '../../src/ha/config.js';
import { INITIAL_STATE } from '../../src/ha/decide.js';
import type { AddressApi, Association } from '../../src/ha/ec2-address.js';
import { HA_TIMING } from '../../src/ha/layout.js';
import { tick, watch } from '../../src/ha/watch.js';

/**
 * Two watchers sharing one fake EC2 address, on a virtual clock: the active node dies, and the
 * standby must hold the address within the 60 s target while FreeSWITCH runs on exactly one node.
 */
const NODES = [
  { name: 'pbx-1', ip: '10.80.0.101' },
  { name: 'pbx-2', ip: '10.80.1.102' },
];
const config = (node: string): HaConfig => ({
  node,
  region: 'eu-central-1',
  allocationId: 'eipalloc-0123456789abcdef0',
  nodes: NODES,
  sipPort: 5060,
});

class FakeEc2 {
  association: (Association & { by?: string }) | undefined;
  calls: string[] = [];
  failDescribe = false;
  api(eni: string): AddressApi {
    return {
      describe: async () => {
        if (this.failDescribe) throw new Error('throttled');
        return this.association;
      },
      associate: async (input) => {
        this.calls.push(`${eni} ${input.privateIp} reassociate=${input.allowReassociation}`);
        if (this.association && !input.allowReassociation) throw new Error('Resource.AlreadyAssociated');
        this.association = { privateIp: input.privateIp, networkInterfaceId: input.networkInterfaceId };
      },
    };
  }
}

describe('the HA watcher', () => {
  it('claims at boot on pbx-1, then lets pbx-2 take over within 60 s of pbx-1 dying', async () => {
    const ec2 = new FakeEc2();
    let clock = 0;
    let pbx1Alive = true;
    const freeswitch: Record<string, string[]> = { 'pbx-1': [], 'pbx-2': [] };
    const logs: string[] = [];
    const deps = (node: string, eni: string) => ({
      api: ec2.api(eni),
      networkInterfaceId: eni,
      probe: async (ip: string) => (ip === NODES[0]!.ip ? pbx1Alive : true),
      freeswitch: async (want: 'run' | 'stop') => {
        freeswitch[node]!.push(want);
      },
      sleep: async () => {},
      log: (l: string) => logs.push(`${clock}s ${node}: ${l}`),
    });
    // Boot: both watchers tick side by side, one tick every interval.
    const t1 = deps('pbx-1', 'eni-1');
    const t2 = deps('pbx-2', 'eni-2');
    let s1 = INITIAL_STATE;
    let s2 = INITIAL_STATE;
    const step = async (withPbx1 = true) => {
      if (withPbx1) s1 = (await tick(config('pbx-1'), t1, s1)).state;
      s2 = (await tick(config('pbx-2'), t2, s2)).state;
      clock += HA_TIMING.intervalSeconds;
    };
    await step();
    expect(ec2.association?.privateIp).toBe('10.80.0.101');
    expect(ec2.calls).toEqual(['eni-1 10.80.0.101 reassociate=false']);
    await step();
    expect(s1.role).toBe('active');
    expect(s2.role).toBe('standby');
    expect(freeswitch['pbx-1']).toEqual(['run']);
    expect(freeswitch['pbx-2']).toEqual(['stop']);
    // pbx-1 dies (no more ticks, no SIP answers).
    pbx1Alive = false;
    const failedAt = clock;
    while (ec2.association?.privateIp !== '10.80.1.102' && clock - failedAt < 120) await step(false);
    const took = clock - failedAt;
    expect(took).toBeLessThanOrEqual(60);
    expect(took).toBe(HA_TIMING.failures * HA_TIMING.intervalSeconds);
    expect(ec2.calls.at(-1)).toBe('eni-2 10.80.1.102 reassociate=true');
    expect(freeswitch['pbx-2']).toEqual(['stop', 'run']);
    expect(logs.some((l) => l.includes('took over the service address from pbx-1'))).toBe(true);
    // pbx-1 comes back: it finds the address on pbx-2 and stops its FreeSWITCH (no fail-back).
    pbx1Alive = true;
    await step();
    expect(ec2.association?.privateIp).toBe('10.80.1.102');
    expect(s1.role).toBe('standby');
    expect(freeswitch['pbx-1']).toEqual(['run', 'stop']);
  });

  it('keeps going when the API fails, and stops at the abort signal', async () => {
    const ec2 = new FakeEc2();
    ec2.failDescribe = true;
    const controller = new AbortController();
    let ticks = 0;
    const logs: string[] = [];
    const state = await watch(config('pbx-1'), {
      api: ec2.api('eni-1'),
      networkInterfaceId: 'eni-1',
      probe: async () => true,
      freeswitch: async () => {},
      sleep: async () => {
        if (++ticks === 3) controller.abort();
      },
      log: (l) => logs.push(l),
      signal: controller.signal,
    });
    expect(ticks).toBe(3);
    expect(ec2.calls).toEqual([]);
    expect(state.role).toBe('starting');
    expect(logs.filter((l) => l.includes('throttled'))).toHaveLength(3);
  });

  it('loses a boot race cleanly: a claim never steals an address that was just taken', async () => {
    const ec2 = new FakeEc2();
    const api = ec2.api('eni-2');
    const logs: string[] = [];
    const racing: AddressApi = {
      describe: async () => undefined,
      associate: async (input) => {
        ec2.association = { privateIp: '10.80.0.101' };
        await api.associate(input);
      },
    };
    await watch(
      config('pbx-2'),
      {
        api: racing,
        networkInterfaceId: 'eni-2',
        probe: async () => true,
        freeswitch: async () => {},
        sleep: async () => {},
        log: (l) => logs.push(l),
      },
      { maxTicks: 3 },
    );
    expect(ec2.association?.privateIp).toBe('10.80.0.101');
    expect(
      logs.some((l) => l.includes('could not claim the service address: Resource.AlreadyAssociated')),
    ).toBe(true);
  });

  it('prepares the node network on every tick, logs a lasting problem once, and probes from its own address', async () => {
    const ec2 = new FakeEc2();
    ec2.association = { privateIp: NODES[0]!.ip, networkInterfaceId: 'eni-1' };
    const logs: string[] = [];
    const probes: string[] = [];
    const problems = ['no table', 'no table', 'no table', undefined, undefined];
    let calls = 0;
    await watch(
      config('pbx-2'),
      {
        api: ec2.api('eni-2'),
        networkInterfaceId: 'eni-2',
        probe: async (ip, port, _timeout, source) => {
          probes.push(`${source} -> ${ip}:${port}`);
          return true;
        },
        network: async () => problems[calls++],
        freeswitch: async () => {},
        sleep: async () => {},
        log: (l) => logs.push(l),
      },
      { maxTicks: 5 },
    );
    expect(calls).toBe(5);
    expect(logs.filter((l) => l.startsWith('node network'))).toEqual([
      'node network: no table',
      'node network ready',
    ]);
    expect(new Set(probes)).toEqual(new Set([`${NODES[1]!.ip} -> ${NODES[0]!.ip}:5060`]));
  });
});
