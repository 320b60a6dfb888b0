import { describe, expect, it } from 'vitest';
import { buildTree } from '../../src/build-tree.js';
import {
  type ActivationPlan,
  classify,
  isQuiet,
  readAtLookup,
  type Tree,
} from '../../src/deploy/classify.js';
import { loadModel } from '../../src/load-model.js';
import { auditSecret } from '../../src/secrets/resolver.js';
import { specCopy } from '../helpers/cli.js';
import { exampleModel } from '../helpers/example.js';

const PROFILE = 'freeswitch/sip_profiles/external.xml';

async function exampleTree(): Promise<Tree> {
  const tree = buildTree(await exampleModel(), '0.0.0', 'render', auditSecret);
  return new Map(tree.files.map((f) => [f.path, f.content]));
}

function edit(tree: Tree, path: string, change: (text: string) => string): Tree {
  const next = new Map(tree);
  const text = tree.get(path);
  if (text === undefined) throw new Error(`no ${path}`);
  const changed = change(text);
  if (changed === text) throw new Error(`edit of ${path} changed nothing`);
  next.set(path, changed);
  return next;
}

/** The plan's handlers, as a compact summary for table-driven expectations. */
function handlers(plan: ActivationPlan) {
  return {
    reloadxml: plan.reloadxml,
    reloadacl: plan.reloadacl,
    profiles: plan.profiles.map(
      (p) =>
        `${p.action} ${p.profile}${p.killGateways.length ? ` kill:${p.killGateways.join(',')}` : ''}${p.addGateways.length ? ` add:${p.addGateways.join(',')}` : ''}`,
    ),
    modules: [...plan.loadModules.map((m) => `load ${m}`), ...plan.reloadModules.map((m) => `reload ${m}`)],
    restartRequired: plan.restartRequired.length > 0,
    nginx: plan.nginx,
    fail2ban: plan.fail2ban,
    nftables: plan.nftables,
  };
}

const NONE = {
  reloadxml: false,
  reloadacl: false,
  profiles: [],
  modules: [],
  restartRequired: false,
  nginx: false,
  fail2ban: false,
  nftables: false,
};
const XML = { ...NONE, reloadxml: true };

const gamma = (t: string) =>
  t.replace('<param name="username" value="bluebird01"/>', '<param name="username" value="bluebird02"/>');
const newGateway = (t: string) =>
  t.replace(
    '  </gateways>',
    '    <gateway name="xynap-new">\n      <param name="proxy" value="192.0.2.30"/>\n    </gateway>\n  </gateways>',
  );
const noBackup = (t: string) =>
  t.replace(/ {4}<gateway name="bluebird-dental-backup">[\s\S]*?<\/gateway>\n/, '');

const cases: [string, string, (t: string) => string, object][] = [
  [
    'a changed user (password, forward): read at lookup time',
    'freeswitch/directory/xynap/0.xml',
    (t) => t.replace('sip-password', 'sip-password-rotated'),
    NONE,
  ],
  [
    "the tenant's domain (shared params and variables)",
    'freeswitch/directory/xynap.xml',
    (t) => t.replace('</variables>', '<variable name="x" value="y"/></variables>'),
    XML,
  ],
  ['a dialplan change', 'freeswitch/dialplan/xynap.xml', (t) => `${t}<!-- x -->\n`, XML],
  [
    'the ACL',
    'freeswitch/autoload_configs/acl.conf.xml',
    (t) => t.replace('</list>', '<node type="allow" cidr="192.0.2.99/32"/></list>'),
    { ...XML, reloadacl: true },
  ],
  [
    'a changed gateway (password, user)',
    PROFILE,
    gamma,
    { ...XML, profiles: ['rescan external kill:bluebird-dental-gamma add:bluebird-dental-gamma'] },
  ],
  ['a new gateway', PROFILE, newGateway, { ...XML, profiles: ['rescan external add:xynap-new'] }],
  [
    'a removed gateway',
    PROFILE,
    noBackup,
    { ...XML, profiles: ['rescan external kill:bluebird-dental-backup'] },
  ],
  [
    'a profile setting',
    PROFILE,
    (t) => t.replace('name="nonce-ttl" value="60"', 'name="nonce-ttl" value="90"'),
    { ...XML, profiles: ['restart external'] },
  ],
  [
    'a variable only the external profile uses',
    'freeswitch/vars.xml',
    (t) => t.replace('external_sip_port=5080', 'external_sip_port=5090'),
    { ...XML, profiles: ['restart external'] },
  ],
  [
    'a variable no profile uses',
    'freeswitch/vars.xml',
    (t) => t.replace('console_loglevel=info', 'console_loglevel=debug'),
    XML,
  ],
  [
    'an include file of the internal profile',
    'freeswitch/sip_profiles/wss-on.inc',
    (t) => `${t}<param name="x" value="y"/>\n`,
    { ...XML, profiles: ['restart internal'] },
  ],
  [
    'global sofia settings',
    'freeswitch/autoload_configs/sofia.conf.xml',
    (t) => t.replace('</global_settings>', '<param name="x" value="1"/></global_settings>'),
    { ...XML, profiles: ['restart external', 'restart internal'] },
  ],
  [
    'voicemail settings',
    'freeswitch/autoload_configs/voicemail.conf.xml',
    (t) => `${t}<!-- x -->\n`,
    { ...XML, modules: ['reload mod_voicemail'] },
  ],
  [
    'a new module',
    'freeswitch/autoload_configs/modules.conf.xml',
    (t) => t.replace('</modules>', '  <load module="mod_fifo"/>\n  </modules>'),
    { ...XML, modules: ['load mod_fifo'] },
  ],
  [
    'a removed module',
    'freeswitch/autoload_configs/modules.conf.xml',
    (t) => t.replace('    <load module="mod_opus"/>\n', ''),
    { ...XML, restartRequired: true },
  ],
  [
    'core settings',
    'freeswitch/autoload_configs/switch.conf.xml',
    (t) => `${t}<!-- x -->\n`,
    { ...XML, restartRequired: true },
  ],
  [
    'the nginx site',
    'provisioning/nginx/pbxc-provisioning.conf',
    (t) => `${t}# x\n`,
    { ...NONE, nginx: true },
  ],
  ['an htpasswd file (read per request)', 'provisioning/htpasswd/xynap.htpasswd', (t) => `${t}x:y\n`, NONE],
  ['a jail', 'fail2ban/jail.d/pbxc.local', (t) => `${t}# x\n`, { ...NONE, fail2ban: true }],
  ['the firewall', 'nftables/pbx.nft', (t) => `${t}# x\n`, { ...NONE, nftables: true }],
  ['a phone file (phones fetch it)', 'phones/xynap/001565000000.cfg', (t) => `${t}# x\n`, NONE],
];

describe('classify: what an activation must do', () => {
  it.each(cases)('%s', async (_name, path, change, expected) => {
    const before = await exampleTree();
    let target = path;
    if (!before.has(path))
      target = [...before.keys()].find((p) => p.startsWith(path.slice(0, path.lastIndexOf('/') + 1)))!;
    const plan = classify(before, edit(before, target, change));
    expect(handlers(plan)).toEqual(expected);
    expect(plan.first).toBe(false);
    expect(plan.changed).toEqual([target]);
  });

  it('identical trees need nothing', async () => {
    const tree = await exampleTree();
    const plan = classify(tree, new Map(tree));
    expect(handlers(plan)).toEqual(NONE);
    expect(isQuiet(plan)).toBe(true);
  });

  it('a new and a removed profile start and stop it', async () => {
    const before = await exampleTree();
    const after = new Map(before);
    after.set('freeswitch/sip_profiles/lab.xml', '<profile name="lab">\n  <settings/>\n</profile>\n');
    after.delete('freeswitch/sip_profiles/external.xml');
    expect(handlers(classify(before, after)).profiles).toEqual(['stop external', 'start lab']);
  });

  it('the first activation installs everything', async () => {
    const plan = classify(undefined, await exampleTree());
    expect(plan.first).toBe(true);
    expect(plan).toMatchObject({
      reloadxml: true,
      reloadacl: true,
      nginx: true,
      fail2ban: true,
      nftables: true,
    });
    expect(plan.profiles).toEqual([]);
  });

  it('a spec change (new extension, rotated trunk password, new whitelist entry) reloads without restarting a profile', async () => {
    const spec = specCopy({
      'tenants/xynap.yaml': (t) =>
        t
          .replace('extensions:\n', 'extensions:\n  - { number: "1050", name: New Hire }\n')
          .replace('password: { secret: telekom-trunk }', 'password: { secret: telekom-trunk, rev: 1 }'),
      'platform.yaml': (t) =>
        t.replace('office: ["203.0.113.0/24"]', 'office: ["203.0.113.0/24", "198.51.100.77"]'),
    });
    const model = (await loadModel(spec)).model!;
    const after = new Map(
      buildTree(model, '0.0.0', 'render', auditSecret).files.map((f) => [f.path, f.content]),
    );
    const plan = classify(await exampleTree(), after);
    expect(handlers(plan)).toEqual({
      ...XML,
      reloadacl: false,
      profiles: ['rescan external kill:xynap-telekom add:xynap-telekom'],
      fail2ban: true,
      nftables: true,
    });
    expect(plan.changed).toContain('freeswitch/directory/xynap/0.xml');
    expect(plan.readAtLookup).toContain('freeswitch/directory/xynap/0.xml');
    expect(plan.flushUserCache).toBe(true);
  });

  it('a new, changed or removed directory user alone needs no reload, only the user cache flushed', async () => {
    const before = await exampleTree();
    const after = new Map(before);
    after.set('freeswitch/directory/xynap/1.xml', '<user id="1099"><params/></user>\n');
    after.delete('freeswitch/directory/abc-company/0.xml');
    after.set('freeswitch/directory/xynap/0.xml', '<user id="1001"><params/></user>\n');
    const plan = classify(before, after);
    expect(handlers(plan)).toEqual(NONE);
    expect(plan.readAtLookup).toEqual([
      'freeswitch/directory/abc-company/0.xml',
      'freeswitch/directory/xynap/0.xml',
      'freeswitch/directory/xynap/1.xml',
    ]);
    // reloadxml would not help either: FreeSWITCH keeps looked-up users until xml_flush_cache.
    expect(plan.flushUserCache).toBe(true);
    expect(isQuiet(plan)).toBe(false);
    // The first activation starts FreeSWITCH with an empty cache.
    expect(classify(undefined, after).flushUserCache).toBe(false);
  });

  it('a DID added, changed or removed (and a tenant filter file) needs no reload: the lookup reads them per call', async () => {
    const before = await exampleTree();
    const after = new Map(before);
    const bucket = [...before.keys()].find((p) => /^freeswitch\/dids\/\d{3}\.xml$/.test(p))!;
    after.set(
      bucket,
      `${before.get(bucket)!.replace('</dids>\n', '')}<did forms=" +4989000999 " tenant="xynap"></did>\n</dids>\n`,
    );
    after.set('freeswitch/dids/999.xml', '<dids>\n</dids>\n');
    after.set('freeswitch/dids/filters/xynap.xml', '<filters></filters>\n');
    const plan = classify(before, after);
    expect(handlers(plan)).toEqual(NONE);
    expect(plan.readAtLookup).toEqual(
      [bucket, 'freeswitch/dids/999.xml', 'freeswitch/dids/filters/xynap.xml'].sort(),
    );
    expect(plan.flushUserCache).toBe(false); // the DID lookup is not cached
    expect(isQuiet(plan)).toBe(true);
  });

  it('tells lookup-time files from the static tree', () => {
    for (const p of [
      'freeswitch/directory/xynap/0.xml',
      'freeswitch/directory/domains.map',
      'freeswitch/scripts/pbxc-directory.lua',
      'freeswitch/dids/100.xml',
      'freeswitch/dids/filters/xynap.xml',
      // The presence-probe hook reads its script and the tenant's map at every probe.
      'freeswitch/scripts/pbxc-presence.lua',
      'freeswitch/presence/xynap.map',
    ])
      expect(readAtLookup(p), p).toBe(true);
    for (const p of [
      'freeswitch/directory/xynap.xml',
      'freeswitch/dialplan/xynap.xml',
      'freeswitch/directory/xynap/deeper/1001.xml',
      'freeswitch/dids/filters/deeper/x.xml',
      'freeswitch/presence/deeper/x.map',
      'freeswitch/dialplan/public.xml',
      'freeswitch/autoload_configs/lua.conf.xml',
      'phones/xynap/1001.cfg',
    ])
      expect(readAtLookup(p), p).toBe(false);
  });
});
