import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../../src/load-model.js';
import { NODE_PATHS } from '../../../src/model/node-paths.js';
import type { Model } from '../../../src/model/types.js';
import { exampleModel, ROOT } from '../../helpers/example.js';
import { fail2banFiles } from './emit.js';
import { type Fail2banTree, fail2banTree, fail2banUnavailable } from './fail2ban-tools.js';

const JAILS = ['pbxc-sip', 'pbxc-provisioning', 'pbxc-recidive'];

async function whitelistModel(): Promise<Model> {
  const { model } = await loadModel(`${ROOT}test/fixtures/specs/security-whitelist`);
  if (!model) throw new Error('fixture security-whitelist is invalid');
  return model;
}

/** The server commands fail2ban-client -d would send, as JSON-ish arrays: ['set', jail, key, ...values]. */
function settings(dump: string, jail: string, key: string): string[][] {
  return dump
    .split('\n')
    .filter((l) => l.startsWith(`['set', '${jail}', '${key}'`))
    .map((l) => [...l.matchAll(/'([^']*)'/g)].map((m) => m[1]!).slice(3));
}

describe('jail.d/pbxc.local', () => {
  it("takes maxretry, findtime and bantime from the spec and watches the node's logs", async () => {
    const jail = fail2banFiles(await whitelistModel()).get('jail.d/pbxc.local')!;
    const section = (name: string) => jail.split(/\n(?=\[)/).find((s) => s.startsWith(`[${name}]`))!;
    expect(section('pbxc-sip')).toMatch(/^maxretry = 3$/m);
    expect(section('pbxc-sip')).toMatch(/^findtime = 300$/m);
    expect(section('pbxc-sip')).toMatch(/^bantime {2}= 7200$/m);
    expect(section('pbxc-sip')).toContain(`logpath  = ${NODE_PATHS.freeswitchLog}\n`);
    expect(section('pbxc-sip')).toMatch(/^port {5}= 5070,5071,5090,5091,7443$/m);
    expect(section('pbxc-provisioning')).toContain(`logpath  = ${NODE_PATHS.provisioningAccessLog}\n`);
    expect(section('pbxc-provisioning')).toMatch(/^port {5}= 8443$/m);
    expect(section('pbxc-recidive')).toContain(`logpath  = ${NODE_PATHS.fail2banLog}\n`);
    expect(section('pbxc-recidive')).toMatch(/^bantime {2}= 1209600$/m);
  });

  it('is the same bytes for the same model', async () => {
    const model = await exampleModel();
    expect(fail2banFiles(model)).toEqual(fail2banFiles(model));
  });
});

const skip = fail2banUnavailable();
if (skip) console.warn(`SKIP fail2ban-client tests: ${skip}`);

describe.skipIf(skip)('fail2ban-client on a configuration tree holding the generated files', () => {
  const trees: Fail2banTree[] = [];
  afterAll(() => {
    for (const tree of trees) tree.dispose();
  });

  it.each([
    ['example spec', exampleModel],
    ['sip_access whitelist fixture', whitelistModel],
  ])('-t accepts the %s', async (_name, load) => {
    const tree = fail2banTree(fail2banFiles(await load()), JAILS);
    trees.push(tree);
    const result = tree.test();
    expect(result.stderr + result.stdout).toContain('OK: configuration test is successful');
    expect(result.status).toBe(0);
  });

  it('reads ignoreip as loopback plus every CIDR of the ignored whitelists, IPv4 and IPv6', async () => {
    const model = await whitelistModel();
    const tree = fail2banTree(fail2banFiles(model), JAILS);
    trees.push(tree);
    const dump = tree.dump();
    expect(dump.status).toBe(0);
    const expected = [
      '127.0.0.1/8',
      '::1',
      '203.0.113.0/24',
      '198.51.100.20/32',
      '192.0.2.64/27',
      '2001:db8:1::/48',
      '2001:db8:40::/48',
    ];
    for (const jail of JAILS) {
      const ignore = settings(dump.stdout, jail, 'addignoreip');
      expect(ignore).toHaveLength(1);
      expect([...ignore[0]!].sort()).toEqual([...expected].sort());
    }
    // noc is not in fail2ban.ignore.
    expect(dump.stdout).not.toContain('198.51.100.50');
  });

  it("bans through the pbxc-nftables action into the jail's own sets of table inet pbxc", async () => {
    const tree = fail2banTree(fail2banFiles(await exampleModel()), JAILS);
    trees.push(tree);
    const dump = tree.dump().stdout;
    for (const jail of JAILS) {
      const name = jail.replace(/^pbxc-/, '');
      const action = dump.split('\n').find((l) => l.startsWith(`['multi-set', '${jail}', 'action'`))!;
      expect(action).toContain(`['name', '${name}']`);
      expect(action).toContain("['actionban', 'nft add element inet pbxc <addr_set> \\\\{ <ip> \\\\}']");
      expect(action).toContain("['addr_set', 'ban-<name>-v4']");
      expect(action).toContain("['addr_set?family=inet6', 'ban-<name>-v6']");
    }
  });
});
