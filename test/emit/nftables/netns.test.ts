import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Model } from '../../../src/model/types.js';
import { compareStrings } from '../../../src/util/text.js';
import { exampleModel } from '../../helpers/example.js';
import { fail2banFiles } from '../fail2ban/emit.js';
import { actionCommand } from './action-command.js';
import { rulesetOf } from './emit.js';
import { createNetnsPair, type NetnsPair, netnsUnavailable, startListener } from './netns.js';
import { withFirewall } from './with-firewall.js';

const LISTEN = fileURLToPath(new URL('agents/listen.mjs', import.meta.url));
const PROBE = fileURLToPath(new URL('agents/probe.mjs', import.meta.url));

// Client addresses: .2 / ::2 are outside admin_access, .3 / ::3 are in a whitelist added to it.
const OUTSIDE = { v4: '10.200.0.2', v6: 'fd00:200::2' };
const ADMIN = { v4: '10.200.0.3', v6: 'fd00:200::3' };
const SERVER = { v4: '10.200.0.1', v6: 'fd00:200::1' };

/** The example spec with one more admin whitelist holding the namespace client's admin addresses. */
async function netnsModel(): Promise<Model> {
  const model = await exampleModel();
  const firewall = model.platform.firewall;
  const lab = {
    name: 'lab-admin',
    ipv4: [`${ADMIN.v4}/32`],
    ipv6: [`${ADMIN.v6}/128`],
    origin: model.platform.origin,
  };
  return withFirewall(model, {
    whitelists: [...firewall.whitelists, lab].sort((a, b) => compareStrings(a.name, b.name)),
    adminAccess: [...firewall.adminAccess, lab.name],
  });
}

interface Probe {
  readonly proto: 'tcp' | 'udp';
  readonly from: string;
  readonly to: string;
  readonly port: number;
}

const skip = netnsUnavailable();
if (skip) console.warn(`SKIP network namespace test: ${skip}`);

describe.skipIf(skip)('pbx.nft loaded in a network namespace', () => {
  let pair: NetnsPair | undefined;
  let listener: ChildProcess | undefined;
  let dir: string;
  let model: Model;

  const probe = (probes: readonly Probe[]): string[] => {
    const r = pair!.exec(pair!.client, [process.execPath, PROBE, JSON.stringify(probes)]);
    if (r.status !== 0) throw new Error(`probe failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as string[];
  };
  const inServer = (command: string) => pair!.exec(pair!.server, ['sh', '-c', command]);

  beforeAll(async () => {
    model = await netnsModel();
    dir = mkdtempSync(join(tmpdir(), 'pbxc-netns-'));
    writeFileSync(join(dir, 'pbx.nft'), rulesetOf(model));
    pair = createNetnsPair([`${OUTSIDE.v4}/24`, `${ADMIN.v4}/24`, `${OUTSIDE.v6}/64`, `${ADMIN.v6}/64`]);
    listener = await startListener(pair.server, LISTEN, ['tcp:22', 'tcp:5060', 'udp:5060', 'tcp:5080']);
  });

  afterAll(() => {
    listener?.kill();
    pair?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loads twice with nft -f, leaving another table in place', () => {
    expect(inServer('nft add table inet other').status).toBe(0);
    for (let i = 0; i < 2; i++) {
      const load = inServer(`nft -f ${join(dir, 'pbx.nft')}`);
      expect(load.stderr).toBe('');
      expect(load.status).toBe(0);
    }
    const tables = inServer('nft list tables').stdout;
    expect(tables).toContain('table inet pbxc');
    expect(tables).toContain('table inet other');
  });

  it('keeps the admin port from addresses outside admin_access and opens it to those inside', () => {
    const to22 = (from: string, to: string): Probe => ({ proto: 'tcp', from, to, port: 22 });
    expect(
      probe([
        to22(OUTSIDE.v4, SERVER.v4),
        to22(OUTSIDE.v6, SERVER.v6),
        to22(ADMIN.v4, SERVER.v4),
        to22(ADMIN.v6, SERVER.v6),
      ]),
    ).toEqual(['closed', 'closed', 'open', 'open']);
  });

  it('keeps SIP reachable for everyone (sip_access open) and the trunk port for trunks only', () => {
    expect(
      probe([
        { proto: 'udp', from: OUTSIDE.v4, to: SERVER.v4, port: 5060 },
        { proto: 'tcp', from: OUTSIDE.v4, to: SERVER.v4, port: 5060 },
        { proto: 'udp', from: OUTSIDE.v6, to: SERVER.v6, port: 5060 },
        { proto: 'tcp', from: OUTSIDE.v4, to: SERVER.v4, port: 5080 },
      ]),
    ).toEqual(['open', 'open', 'open', 'closed']);
  });

  it('blocks SIP from an address the fail2ban action bans, IPv4 and IPv6, and lets it back on unban', () => {
    const action = fail2banFiles(model).get('action.d/pbxc-nftables.conf')!;
    const sipFrom = (from: string, to: string): Probe => ({ proto: 'udp', from, to, port: 5060 });
    for (const address of [OUTSIDE.v4, OUTSIDE.v6]) {
      const ban = inServer(actionCommand(action, 'actionban', { name: 'sip', ip: address }));
      expect(ban.stderr).toBe('');
      expect(ban.status).toBe(0);
    }
    expect(
      probe([sipFrom(OUTSIDE.v4, SERVER.v4), sipFrom(OUTSIDE.v6, SERVER.v6), sipFrom(ADMIN.v4, SERVER.v4)]),
    ).toEqual(['closed', 'closed', 'open']);

    for (const address of [OUTSIDE.v4, OUTSIDE.v6]) {
      expect(inServer(actionCommand(action, 'actionunban', { name: 'sip', ip: address })).status).toBe(0);
      // A second unban finds the element gone and still succeeds: the set exists.
      expect(inServer(actionCommand(action, 'actionunban', { name: 'sip', ip: address })).status).toBe(0);
    }
    expect(probe([sipFrom(OUTSIDE.v4, SERVER.v4), sipFrom(OUTSIDE.v6, SERVER.v6)])).toEqual(['open', 'open']);
  });
});
