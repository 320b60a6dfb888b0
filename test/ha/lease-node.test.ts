import { describe, expect, it } from 'vitest';
import { INITIAL_LEASE_STATE } from '../../src/ha/lease.js';
import {
  activationCommands,
  announceArgs,
  ec2ServiceAddress,
  fenceCommands,
  ipAddressArgs,
  ipAlreadySo,
  ipServiceAddress,
  leaseHealthy,
  leaseNodeActions,
  runningProfiles,
} from '../../src/ha/lease-node.js';
import { leaseGroup } from '../../src/ha/lease-run.js';
import type { LeaseStore } from '../../src/ha/lease-store.js';
import { leaseTick } from '../../src/ha/lease-watch.js';
import { twoNodeConfig } from './two-nodes.js';

const SOFIA_STATUS = `                     Name	   Type	                                      Data	State
=================================================================================================
                 internal	profile	           sip:mod_sofia@10.0.0.5:5060	RUNNING (0)
               10.0.0.5	  alias	                                  internal	ALIASED
                 external	profile	           sip:mod_sofia@10.0.0.5:5080	RUNNING (0)
       external::carrier	gateway	                  sip:carrier@192.0.2.1	NOREG
=================================================================================================
2 profiles 1 alias
`;

describe('commands', () => {
  it('activation starts both profiles then recovers calls; fencing stops both', () => {
    expect(activationCommands()).toEqual([
      'sofia profile internal start',
      'sofia profile external start',
      'sofia recover',
    ]);
    expect(fenceCommands()).toEqual(['sofia profile internal stop', 'sofia profile external stop']);
  });
});

describe('runningProfiles / leaseHealthy', () => {
  const onlyInternal = SOFIA_STATUS.split('\n')
    .filter((l) => !l.includes('5080'))
    .join('\n');
  it.each([
    ['both running', SOFIA_STATUS, ['internal', 'external']],
    ['one running', onlyInternal, ['internal']],
    ['none (standby: profiles stopped)', '0 profiles 0 aliases\n', []],
    ['garbage', '-ERR no reply', []],
  ])('%s', (_name, text, want) => {
    expect(runningProfiles(text)).toEqual(want);
  });
  it.each([
    ['standby, FreeSWITCH answers, no profiles', 'standby', '0 profiles\n', true],
    ['standby, FreeSWITCH down', 'standby', undefined, false],
    ['active, both profiles', 'active', SOFIA_STATUS, true],
    ['active, one profile missing', 'active', onlyInternal, false],
    ['active, FreeSWITCH down', 'active', undefined, false],
  ] as const)('%s', (_name, role, text, want) => {
    expect(leaseHealthy(role, text)).toBe(want);
  });
});

describe('ip service address', () => {
  it('builds /32 arguments and knows "already so"', () => {
    expect(ipAddressArgs('add', '10.9.0.10', 'veth0')).toEqual([
      '-4',
      'addr',
      'add',
      '10.9.0.10/32',
      'dev',
      'veth0',
    ]);
    expect(ipAlreadySo('add', 'RTNETLINK answers: File exists')).toBe(true);
    expect(ipAlreadySo('del', 'RTNETLINK answers: Cannot assign requested address')).toBe(true);
    // iproute2 6.x (Debian 12) words it so: deleting an address that is not there.
    expect(ipAlreadySo('del', 'Error: ipv4: Address not found.')).toBe(true);
    expect(ipAlreadySo('add', 'Cannot find device "veth9"')).toBe(false);
  });
  it('take/drop are safe to repeat; a real failure throws', async () => {
    const calls: string[] = [];
    const replies: Record<string, { code: number; stderr: string }> = {
      add: { code: 2, stderr: 'RTNETLINK answers: File exists' },
      del: { code: 2, stderr: 'RTNETLINK answers: Cannot assign requested address' },
    };
    const a = ipServiceAddress('10.9.0.10', 'veth0', async (args) => {
      calls.push(args.join(' '));
      return replies[args[2]!]!;
    });
    await a.take();
    await a.drop();
    expect(calls).toEqual(['-4 addr add 10.9.0.10/32 dev veth0', '-4 addr del 10.9.0.10/32 dev veth0']);
    const bad = ipServiceAddress('10.9.0.10', 'veth9', async () => ({
      code: 1,
      stderr: 'Cannot find device "veth9"',
    }));
    await expect(bad.take()).rejects.toThrow(/veth9/);
  });
});

describe('announcing the service address', () => {
  it('announces after every successful take, never after a drop or a failed take; a failing announcement does not fail the take', async () => {
    const calls: string[] = [];
    const ok = { code: 0, stderr: '' };
    const a = ipServiceAddress(
      '10.9.0.10',
      'veth0',
      async (args) => {
        calls.push(args.join(' '));
        return ok;
      },
      async () => {
        calls.push('announce');
        throw new Error('arping: not found');
      },
    );
    await a.take();
    await a.drop();
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toEqual([
      '-4 addr add 10.9.0.10/32 dev veth0',
      'announce',
      '-4 addr del 10.9.0.10/32 dev veth0',
    ]);
    const announced: string[] = [];
    const bad = ipServiceAddress(
      '10.9.0.10',
      'veth9',
      async () => ({ code: 1, stderr: 'Cannot find device "veth9"' }),
      async () => {
        announced.push('x');
      },
    );
    await expect(bad.take()).rejects.toThrow(/veth9/);
    expect(announced).toEqual([]);
    expect(announceArgs('10.9.0.10', 'veth0')).toEqual([
      '-U',
      '-c',
      '2',
      '-w',
      '3',
      '-I',
      'veth0',
      '10.9.0.10',
    ]);
  });
});

describe('ec2 service address', () => {
  it('takes the Elastic IP to this node with re-association; drop calls nothing', async () => {
    const config = twoNodeConfig('pbx-2');
    const calls: unknown[] = [];
    const a = ec2ServiceAddress(
      config,
      { describe: async () => undefined, associate: async (i) => void calls.push(i) },
      'eni-2',
    );
    await a.take();
    await a.drop();
    expect(calls).toEqual([
      {
        allocationId: 'eipalloc-0123456789abcdef0',
        networkInterfaceId: 'eni-2',
        privateIp: '10.80.1.102',
        allowReassociation: true,
      },
    ]);
  });
});

/** A node's FreeSWITCH and address as a fake that records the order of every step. */
function fakeNode(opts: { fsDown?: boolean; dropFails?: boolean; startFails?: boolean } = {}) {
  const steps: string[] = [];
  let role: 'active' | 'standby' = 'standby';
  let running: string[] = [];
  const actions = leaseNodeActions({
    address: {
      take: async () => void steps.push('address take'),
      drop: async () => {
        steps.push('address drop');
        if (opts.dropFails) throw new Error('no such device');
      },
    },
    api: async (commands) => {
      if (opts.fsDown) throw new Error('connection refused');
      return commands.map((c) => {
        if (c !== 'sofia status') steps.push(c);
        const m = /^sofia profile (\S+) (start|stop)$/.exec(c);
        if (m?.[2] === 'start') {
          if (opts.startFails) return '-ERR cannot bind 10.9.0.10:5060\n';
          running.push(m[1]!);
        }
        if (m?.[2] === 'stop') running = running.filter((p) => p !== m[1]);
        if (c === 'sofia status')
          return running.map((p) => `${p}\tprofile\tsip:mod_sofia@10.9.0.10:5060\tRUNNING (0)`).join('\n');
        return '+OK\n';
      });
    },
    log: () => {},
    role: () => role,
  });
  return { steps, actions, setRole: (r: 'active' | 'standby') => (role = r), running: () => running };
}

describe('leaseNodeActions', () => {
  it('activate: address first, then profiles, then sofia recover', async () => {
    const n = fakeNode();
    await n.actions.activate(3);
    expect(n.steps).toEqual([
      'address take',
      'sofia profile internal start',
      'sofia profile external start',
      'sofia recover',
    ]);
    n.setRole('active');
    expect(await n.actions.healthy()).toBe(true);
  });
  it('fence: address dropped before the profiles stop, and every step runs even when one fails', async () => {
    const n = fakeNode({ dropFails: true });
    await n.actions.activate(1);
    n.steps.length = 0;
    await n.actions.fence();
    expect(n.steps).toEqual(['address drop', 'sofia profile internal stop', 'sofia profile external stop']);
    expect(n.running()).toEqual([]);
    await expect(fakeNode({ fsDown: true }).actions.fence()).resolves.toBeUndefined();
  });
  it('a profile that cannot start fails the activation', async () => {
    await expect(fakeNode({ startFails: true }).actions.activate(1)).rejects.toThrow(/cannot bind/);
  });
  it('health: a standby with FreeSWITCH up is healthy; a refused event socket is gone (a crash)', async () => {
    expect(await fakeNode().actions.healthy()).toBe(true);
    expect(await fakeNode({ fsDown: true }).actions.healthy()).toBe('gone');
  });
  it('wired into the lease tick: a free lease → address + profiles; a refused renew → fenced', async () => {
    const n = fakeNode();
    let holder: string | null = null;
    let epoch = 0;
    let renewOk = true;
    const store: LeaseStore = {
      read: async () => ({ holder, epoch, expiresInMs: holder ? 5000 : -10_000, changedAgoMs: 1e9 }),
      acquire: async (me, seen) => {
        if (seen !== epoch) return undefined;
        holder = me;
        epoch += 1;
        return epoch;
      },
      renew: async () => renewOk,
      release: async () => true,
    };
    let now = 0;
    const deps = { me: 'pbx-1', store, nowMs: () => now, log: () => {}, ...n.actions };
    let state = await leaseTick(deps, INITIAL_LEASE_STATE);
    expect(state.role).toBe('active');
    n.setRole('active');
    expect(n.running()).toEqual(['internal', 'external']);
    now += 1000;
    renewOk = false;
    n.steps.length = 0;
    state = await leaseTick(deps, state);
    expect(state.role).toBe('standby');
    // (The tick's health check right after a take-over also repeats `sofia recover`: recover-again.test.ts.)
    expect(n.steps.filter((s) => s !== 'sofia recover')).toEqual([
      'address drop',
      'sofia profile internal stop',
      'sofia profile external stop',
    ]);
  });
});

describe('leaseGroup', () => {
  it.each([
    ['PBXC_PLATFORM=acme\nPBXC_ENVIRONMENT=prod\n', 'acme/prod'],
    ['PBXC_PLATFORM=acme\nPBXC_ENVIRONMENT=prod\nPBXC_HA_GROUP=lab\n', 'lab'],
  ])('%j → %s', (env, want) => {
    expect(leaseGroup(env)).toBe(want);
  });
});
