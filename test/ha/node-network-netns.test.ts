import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HaConfig } from '../../src/ha/config.js';
import { compareStrings } from '../../src/util/text.js';
import { rulesetOf } from '../emit/nftables/emit.js';
import { createNetnsPair, type NetnsPair, netnsUnavailable, startListener } from '../emit/nftables/netns.js';
import { withFirewall } from '../emit/nftables/with-firewall.js';
import { exampleModel } from '../helpers/example.js';

/**
 * An active/standby node with sip_access: whitelist, on a real kernel: the ruleset drops SIP from
 * everyone outside the whitelists — also the other node's health check — until the watcher's
 * network preparation (the real `ip` and `nft` calls) adds the node's service-bind address and
 * fills the HA peers set. A reload of the ruleset empties the set; the next tick refills it.
 */
const LISTEN = fileURLToPath(new URL('../emit/nftables/agents/listen.mjs', import.meta.url));
const PROBE = fileURLToPath(new URL('../emit/nftables/agents/probe.mjs', import.meta.url));
const PREPARE = fileURLToPath(new URL('agents/prepare.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

const SERVER = '10.200.0.1';
const SERVICE_BIND = '10.200.0.50';
const PEER = '10.200.0.3';
const STRANGER = '10.200.0.2';

const config: HaConfig = {
  node: 'pbx-1',
  region: 'eu-central-1',
  allocationId: 'eipalloc-0123456789abcdef0',
  nodes: [
    { name: 'pbx-1', ip: SERVICE_BIND },
    { name: 'pbx-2', ip: PEER },
  ],
  sipPort: 5060,
};

const skip = netnsUnavailable();
if (skip) console.warn(`SKIPPED: the HA node network test, because ${skip}`);

describe.skipIf(skip)('an HA node with sip_access whitelist, in a network namespace', () => {
  let pair: NetnsPair | undefined;
  let listener: ChildProcess | undefined;
  let dir: string;

  const udp = (from: string, to: string): string => {
    const r = pair!.exec(pair!.client, [
      process.execPath,
      PROBE,
      JSON.stringify([{ proto: 'udp', from, to, port: 5060 }]),
    ]);
    if (r.status !== 0) throw new Error(`probe failed: ${r.stderr}`);
    return (JSON.parse(r.stdout) as string[])[0]!;
  };
  const prepare = (): string | null => {
    const r = pair!.exec(pair!.server, [TSX, PREPARE, JSON.stringify(config)]);
    if (r.status !== 0) throw new Error(`prepare failed: ${r.stderr}`);
    return (JSON.parse(r.stdout) as { problem: string | null }).problem;
  };
  const load = () => {
    const r = pair!.exec(pair!.server, ['nft', '-f', join(dir, 'pbx.nft')]);
    if (r.status !== 0) throw new Error(`nft -f failed: ${r.stderr}`);
  };

  beforeAll(async () => {
    const model = await exampleModel();
    expect(model.platform.environments.some((e) => e.nodes > 1)).toBe(true);
    const fw = model.platform.firewall;
    const lab = { name: 'lab-phones', ipv4: ['10.200.0.100/32'], ipv6: [], origin: model.platform.origin };
    const ruleset = rulesetOf(
      withFirewall(model, {
        sipAccess: 'whitelist',
        whitelists: [...fw.whitelists, lab].sort((a, b) => compareStrings(a.name, b.name)),
        sipWhitelists: [lab.name],
      }),
    );
    dir = mkdtempSync(join(tmpdir(), 'pbxc-ha-netns-'));
    writeFileSync(join(dir, 'pbx.nft'), ruleset);
    pair = createNetnsPair([`${STRANGER}/24`, `${PEER}/24`]);
    const route = pair.exec(pair.server, ['ip', 'route', 'add', 'default', 'via', PEER]);
    if (route.status !== 0) throw new Error(`default route: ${route.stderr}`);
    load();
    listener = await startListener(pair.server, LISTEN, ['udp:5060']);
  }, 30_000);

  afterAll(() => {
    listener?.kill();
    pair?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('drops the peer health check until the watcher prepares the node, then lets only the peer in', () => {
    expect(udp(PEER, SERVER)).toBe('closed');
    expect(prepare()).toBeNull();
    const addresses = pair!.exec(pair!.server, ['ip', '-4', '-o', 'addr', 'show', 'dev', 'eth0']).stdout;
    expect(addresses).toContain(`inet ${SERVICE_BIND}/32`);
    expect(udp(PEER, SERVER)).toBe('open');
    expect(udp(PEER, SERVICE_BIND)).toBe('open');
    expect(udp(STRANGER, SERVER)).toBe('closed');
  });

  it('is idempotent, and refills the set after a ruleset reload emptied it', () => {
    expect(prepare()).toBeNull();
    load();
    expect(udp(PEER, SERVER)).toBe('closed');
    expect(prepare()).toBeNull();
    expect(udp(PEER, SERVER)).toBe('open');
    const count = pair!.exec(pair!.server, ['ip', '-4', '-o', 'addr', 'show', 'dev', 'eth0']).stdout;
    expect(count.split(`inet ${SERVICE_BIND}/`).length - 1).toBe(1);
  });
});
