import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnvFile } from '../../src/ha/config.js';
import { KERNEL_FENCE_TABLE, kernelFenceOf, kernelFenceRuleset } from '../../src/ha/kernel-fence.js';
import { gateOpenMs } from '../../src/ha/lease-watch.js';
import { createNetnsPair, type NetnsPair, netnsUnavailable, startListener } from '../emit/nftables/netns.js';

/**
 * The kernel gate of the service address (src/ha/kernel-fence.ts): its text as a table, then on a
 * real kernel in a network namespace: open, shut, and — the point of it — shut BY THE KERNEL when
 * the holder's fence deadline passes with no process doing anything (the frozen-holder case).
 */
const LISTEN = fileURLToPath(new URL('../emit/nftables/agents/listen.mjs', import.meta.url));
const PROBE = fileURLToPath(new URL('../emit/nftables/agents/probe.mjs', import.meta.url));

describe('kernelFenceRuleset', () => {
  it('an open gate holds the address in the lease set with the time left as its timeout', () => {
    const text = kernelFenceRuleset({ ip: '192.0.2.1', arp: true }, 3500.7);
    expect(text).toContain('elements = { 192.0.2.1 timeout 3500ms }');
    expect(text).toContain('ip daddr 192.0.2.1 ip daddr != @lease drop');
    expect(text).toContain('ip saddr 192.0.2.1 ip saddr != @lease drop');
    expect(text).toContain('arp daddr ip 192.0.2.1 arp daddr ip != @lease drop');
    // Replaced as a whole each time (one transaction), whether the table existed or not.
    expect(text.match(new RegExp(`^delete table (ip|arp) ${KERNEL_FENCE_TABLE}$`, 'gm'))).toHaveLength(2);
  });
  it.each([0, 0.4, -5])('open for %s ms is shut (no element)', (ms) => {
    expect(kernelFenceRuleset({ ip: '192.0.2.1', arp: false }, ms)).not.toContain('elements');
  });
  it('gates ARP only on the LAN path', () => {
    expect(kernelFenceRuleset({ ip: '10.0.0.5', arp: false }, 1000)).not.toContain('table arp');
  });
  it.each(['192.0.2.1; flush ruleset', '300.1.1.1', 'fd00::1', ''])('refuses %j', (ip) => {
    expect(() => kernelFenceRuleset({ ip, arp: true }, 1000)).toThrow(/not an IPv4 address/);
  });
  it.each([
    [
      'PBXC_HA_SERVICE_IP=192.0.2.1\nPBXC_HA_SERVICE_DEV=eth0\nPBXC_SIP_BIND_IPV4=192.0.2.1\n',
      { ip: '192.0.2.1', arp: true },
    ],
    ['PBXC_SIP_BIND_IPV4=10.80.0.101\n', { ip: '10.80.0.101', arp: false }],
    ['PBXC_NODE=pbx-1\n', undefined],
  ])('the gate of node.env %j', (env, want) => {
    expect(kernelFenceOf(parseEnvFile(env))).toEqual(want);
  });
  it.each([
    ['standby', { role: 'standby' as const, epoch: 3 }, 10_000, 0],
    [
      'holder right after a renew sent at 10 000',
      { role: 'active' as const, epoch: 3, renewSentAtMs: 10_000 },
      10_050,
      3950,
    ],
    ['holder past its deadline', { role: 'active' as const, epoch: 3, renewSentAtMs: 10_000 }, 14_001, 0],
  ])('gate open time: %s', (_name, state, now, want) => {
    expect(gateOpenMs(state, now)).toBe(want);
  });
});

const skip = netnsUnavailable();
if (skip) console.warn(`SKIPPED: the kernel gate on a real kernel, because ${skip}`);

describe.skipIf(skip)('the kernel gate on a real kernel (network namespace)', () => {
  const SERVICE = '10.200.0.1';
  const CLIENT = '10.200.0.2';
  let pair: NetnsPair | undefined;
  let listener: ChildProcess | undefined;
  beforeAll(async () => {
    pair = createNetnsPair([`${CLIENT}/24`]);
    listener = await startListener(pair.server, LISTEN, ['udp:5060']);
  }, 30_000);
  afterAll(() => {
    listener?.kill();
    pair?.dispose();
  });
  const gate = (ms: number) => {
    const r = pair!.exec(
      pair!.server,
      ['nft', '-f', '-'],
      kernelFenceRuleset({ ip: SERVICE, arp: true }, ms),
    );
    if (r.status !== 0) throw new Error(`nft: ${r.stderr}`);
  };
  const udp = (): string => {
    // Forget the server's MAC, so every probe also needs the server to answer ARP.
    pair!.exec(pair!.client, ['ip', 'neigh', 'flush', 'dev', 'eth0']);
    const r = pair!.exec(pair!.client, [
      process.execPath,
      PROBE,
      JSON.stringify([{ proto: 'udp', from: CLIENT, to: SERVICE, port: 5060 }]),
    ]);
    if (r.status !== 0) throw new Error(`probe failed: ${r.stderr}`);
    return (JSON.parse(r.stdout) as string[])[0]!;
  };

  it('open passes SIP, shut drops it (and ARP for the address), re-applying is safe', () => {
    gate(60_000);
    expect(udp()).toBe('open');
    gate(60_000);
    expect(udp()).toBe('open');
    gate(0);
    expect(udp()).toBe('closed');
    const neigh = pair!.exec(pair!.client, ['ip', 'neigh', 'show', SERVICE]).stdout;
    expect(neigh).not.toMatch(/lladdr/);
  });

  it('the kernel shuts the gate at the deadline by itself, with nothing running', async () => {
    gate(2500);
    expect(udp()).toBe('open');
    await new Promise((r) => setTimeout(r, 3000));
    expect(udp()).toBe('closed');
    const set = pair!.exec(pair!.server, ['nft', 'list', 'set', 'ip', KERNEL_FENCE_TABLE, 'lease']).stdout;
    expect(set).not.toContain(SERVICE);
  }, 20_000);
});
