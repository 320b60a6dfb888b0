import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTree } from '../../../src/build-tree.js';
import { parseDomainsMap } from '../../../src/emit/freeswitch/directory-lookup.js';
import {
  PRESENCE_LUA,
  parsePresenceMap,
  presenceEntries,
  presenceMap,
  probeAnswer,
  probeState,
} from '../../../src/emit/freeswitch/presence-probe.js';
import { exampleModel } from '../../helpers/example.js';

const domains = parseDomainsMap('a.example tenant-a 1\nb.example tenant-b 1\n');
const maps = new Map([
  ['tenant-a', 'agent+102 agent 102\n*31 daynight office-hours\n'],
  ['tenant-b', '*31 daynight night\n'],
]);

describe('presence probe: which ids the hook answers, and how', async () => {
  const model = await exampleModel();

  it('lists every queue agent once and every override code, sorted, per tenant', () => {
    const abc = model.tenants.find((t) => t.id === 'abc-company')!;
    const agents = [...new Set(abc.queues.flatMap((q) => q.agents.map((a) => a.extension)))].sort();
    expect(
      presenceEntries(abc)
        .filter((e) => e.kind === 'agent')
        .map((e) => e.key),
    ).toEqual(agents);
    const xynap = model.tenants.find((t) => t.id === 'xynap')!;
    expect(presenceMap(xynap)).toBe('*31 daynight office-hours\n');
    const none = { ...xynap, schedules: [], queues: [] };
    expect(presenceMap(none)).toBeUndefined();
  });

  it('the tree carries the hook, the script and one map per tenant that has ids', () => {
    const files = new Map(buildTree(model, 'test').files.map((f) => [f.path, f.content]));
    expect(files.get('freeswitch/autoload_configs/lua.conf.xml')).toContain(
      '<hook event="PRESENCE_PROBE" script="$${conf_dir}/scripts/pbxc-presence.lua"/>',
    );
    expect(files.get('freeswitch/scripts/pbxc-presence.lua')).toBe(PRESENCE_LUA);
    expect(files.get('freeswitch/presence/xynap.map')).toBe('*31 daynight office-hours\n');
    expect(files.get('freeswitch/presence/abc-company.map')).toMatch(/^agent\+101 agent 101\n/);
  });

  const cases: [string, string | undefined, string | undefined, string | undefined][] = [
    ['agent key', 'agent+102@a.example', '103@a.example', 'callcenter_config agent get status 102@a.example'],
    ['override key', '*31@a.example', '103@a.example', 'db select/tenant-a-daynight/office-hours'],
    [
      'the same code in tenant B reads B',
      '*31@b.example',
      '7@b.example',
      'db select/tenant-b-daynight/night',
    ],
    [
      'upper case is the same id',
      'AGENT+102@A.Example',
      '103@A.EXAMPLE',
      'callcenter_config agent get status 102@a.example',
    ],
    ['a subscriber of another tenant', '*31@a.example', '7@b.example', undefined],
    ['an id not in the map', 'agent+999@a.example', '103@a.example', undefined],
    ["B's agent id is not A's", 'agent+102@b.example', '7@b.example', undefined],
    ['an ordinary extension', '102@a.example', '103@a.example', undefined],
    ['an unknown domain', '*31@c.example', '1@c.example', undefined],
    ['no to', undefined, '1@a.example', undefined],
    ['a path in the domain', '*31@../a.example', '1@../a.example', undefined],
    ['a command in the user', 'agent+102;reload@a.example', '1@a.example', undefined],
    ['a space in the user', 'agent+102 x@a.example', '1@a.example', undefined],
    ['two @', 'agent+102@a.example@b.example', '1@b.example', undefined],
  ];
  it.each(cases)('%s', (_n, to, from, command) => {
    expect(probeAnswer(to, from, domains, maps)?.command).toBe(command);
  });

  it('what a reply shows: lit while logged in or while an override is active', () => {
    expect(probeState('agent', 'Available\n')).toEqual({ lit: true, status: 'Logged in' });
    expect(probeState('agent', 'Available (On Demand)')).toEqual({ lit: true, status: 'Logged in' });
    expect(probeState('agent', 'On Break')).toEqual({ lit: false, status: 'On Break' });
    expect(probeState('agent', '-ERR Invalid Agent!')).toEqual({ lit: false, status: 'Logged Out' });
    expect(probeState('daynight', 'closed')).toEqual({ lit: true, status: 'Override active' });
    expect(probeState('daynight', 'open\n')).toEqual({ lit: true, status: 'Override active' });
    expect(probeState('daynight', '')).toEqual({ lit: false, status: 'Automatic' });
  });

  it('the map parser keeps the first well-formed line of a user and drops the rest', () => {
    const m = parsePresenceMap(
      'agent+1 agent 1\nagent+1 agent 2\n*3 daynight x y\n*4 bogus x\n../x agent 1\n',
    );
    expect([...m]).toEqual([['agent+1', { kind: 'agent', key: '1' }]]);
  });

  it('property: whatever the request says, a command only ever names the map and the probed tenant', () => {
    const text = fc.string({ unit: fc.constantFrom(...'ab*#+@.0123 ;/|$%{}\'"\\'.split('')), maxLength: 30 });
    const user = fc.oneof(fc.constantFrom('agent+102', '*31', 'AGENT+102', '102'), text);
    const domain = fc.oneof(fc.constantFrom('a.example', 'b.example', 'A.Example', 'c.example'), text);
    const id = fc.tuple(user, domain).map(([u, d]) => `${u}@${d}`);
    fc.assert(
      fc.property(id, id, (to, from) => {
        const a = probeAnswer(to, from, domains, maps);
        if (a === undefined) return;
        expect(a.command).toMatch(
          /^(?:callcenter_config agent get status [a-z0-9]+@[a-z0-9.-]+|db select\/[a-z0-9-]+-daynight\/[a-z0-9-]+)$/,
        );
        const domain = to.toLowerCase().split('@')[1]!;
        expect(a.tenant).toBe(domains.get(domain)!.tenant);
      }),
    );
  });
});
