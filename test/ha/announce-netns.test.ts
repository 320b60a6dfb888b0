import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceArgs, ipServiceAddress } from '../../src/ha/lease-node.js';
import { createNetnsPair, type NetnsPair, netnsUnavailable } from '../emit/nftables/netns.js';

/**
 * A take-over on a LAN announces the service address (unsolicited ARP): a neighbour that still holds
 * the old holder's MAC for it moves to the new holder at once, on a real kernel (two namespaces and
 * a veth pair), instead of sending to the fenced node until its entry expires.
 */
const ARPING = '/usr/bin/arping';
const noArping = spawnSync(ARPING, ['-V'], { encoding: 'utf8' }).error
  ? `${ARPING} is not installed`
  : undefined;
const skip = netnsUnavailable() ?? noArping;
if (skip) console.warn(`SKIPPED: gratuitous ARP on take-over (real kernel) because ${skip}`);

const SERVICE = '10.200.0.10';
const OLD_MAC = '02:00:00:00:00:99';

describe.skipIf(skip !== undefined)('service address announcement (real kernel)', () => {
  let pair: NetnsPair;
  beforeAll(() => {
    pair = createNetnsPair(['10.200.0.2/24']);
  });
  afterAll(() => pair?.dispose());

  it('moves a neighbour that held the old holder for the address to this node', async () => {
    const mac = /link\/ether ([0-9a-f:]+)/.exec(
      pair.exec(pair.server, ['ip', 'link', 'show', 'eth0']).stdout,
    )?.[1];
    expect(mac).toBeDefined();
    // The client learnt the address from the old holder.
    const neigh = pair.exec(pair.client, [
      'ip',
      'neigh',
      'replace',
      SERVICE,
      'lladdr',
      OLD_MAC,
      'dev',
      'eth0',
      'nud',
      'stale',
    ]);
    expect(neigh.status, neigh.stderr).toBe(0);
    const logs: string[] = [];
    const address = ipServiceAddress(
      SERVICE,
      'eth0',
      async (args) => {
        const r = pair.exec(pair.server, ['ip', ...args]);
        return { code: r.status ?? 1, stderr: r.stderr };
      },
      async () => {
        const r = pair.exec(pair.server, [ARPING, ...announceArgs(SERVICE, 'eth0')]);
        if (r.status !== 0) logs.push(r.stderr);
      },
    );
    await address.take();
    let seen = '';
    for (let i = 0; i < 40 && !seen.includes(mac!); i++) {
      await new Promise((r) => setTimeout(r, 100));
      seen = pair.exec(pair.client, ['ip', 'neigh', 'show', SERVICE, 'dev', 'eth0']).stdout;
    }
    expect(logs).toEqual([]);
    expect(seen).toContain(mac!);
    expect(seen).not.toContain(OLD_MAC);
  });
});
