import { describe, expect, it } from 'vitest';
import { buildTree } from '../../src/build-tree.js';
import { diffModels } from '../../src/diff/index.js';
import { loadModel } from '../../src/load-model.js';
import type { Model } from '../../src/model/types.js';
import { specCopy } from '../helpers/cli.js';
import { exampleModel } from '../helpers/example.js';

type Edits = Record<string, (text: string) => string>;

async function modelOf(edits: Edits): Promise<Model> {
  const r = await loadModel(specCopy(edits));
  if (!r.model) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  return r.model;
}

function diff(a: Model, b: Model) {
  return diffModels(a, b, { base: buildTree(a, 'test').files, head: buildTree(b, 'test').files });
}

const lines = (r: ReturnType<typeof diff>) =>
  r.changes.map((c) => `${c.scope} ${c.kind} ${c.object}: ${c.details.join(' | ')}`);
const risks = (r: ReturnType<typeof diff>) => r.risks.map((x) => `${x.kind} ${x.scope}: ${x.message}`);

const replace = (from: string, to: string) => (text: string) => {
  if (!text.includes(from)) throw new Error(`fixture edit: "${from}" not found`);
  return text.replace(from, to);
};
const X = 'tenants/xynap.yaml';
const P = 'platform.yaml';

describe('diffModels', () => {
  it('reports nothing for the same spec', async () => {
    const a = await exampleModel();
    const r = diff(a, await modelOf({}));
    expect(r.changes).toEqual([]);
    expect(r.risks).toEqual([]);
    expect(r.files).toEqual([]);
    expect(r.terraform).toEqual([]);
  });

  it.each<[string, Edits, string[], string[]]>([
    [
      'a ring group member',
      { [X]: replace('members: ["1000", "1001"]', 'members: ["1000", "1001", "1010"]') },
      ['xynap changed ring group 21 Support Team: members + 1010'],
      [],
    ],
    [
      'a reordered sequence group',
      { [X]: replace('members: ["1001", "1000"]', 'members: ["1000", "1001"]') },
      ['xynap changed ring group 22 Sales: members order 1001, 1000 → 1000, 1001'],
      [],
    ],
    [
      "a DID's destination",
      { [X]: replace('to: { ivr: main } }', 'to: { ring_group: "22" } }') },
      [
        'xynap changed DID +4934556643378: now routes to ring group 22 (was IVR ivr main)'.replace(
          'IVR ivr',
          'IVR',
        ),
      ],
      ['did-rerouted xynap: DID +4934556643378: now routes to ring group 22 (was IVR main)'],
    ],
    [
      'a whitelist entry of a used whitelist',
      { [P]: replace('office: ["203.0.113.0/24"]', 'office: ["203.0.113.0/24", "198.51.100.0/24"]') },
      ['platform changed whitelist office: + 198.51.100.0/24'],
      [
        'firewall-opened platform: whitelist office + 198.51.100.0/24: opens admin access (ports 22), never banned by fail2ban',
      ],
    ],
    [
      'a new, unused whitelist',
      {
        [P]: replace(
          'office: ["203.0.113.0/24"]',
          'office: ["203.0.113.0/24"]\n    spare: ["198.51.100.99"]',
        ),
      },
      ['platform added whitelist spare: + 198.51.100.99/32'],
      [],
    ],
    [
      "an extension's revision",
      { [X]: replace('name: Staff 2\n', 'name: Staff 2\n    rev: 1\n') },
      [
        'xynap changed extension xynap/1001 Staff 2: SIP password rotated (rev 0 → 1) | voicemail PIN rotated (rev 0 → 1)',
      ],
      [],
    ],
    [
      "a device's key",
      { [X]: replace('{ type: park, slot: "*5901" }', '{ type: blf, extension: "1000" }') },
      ['xynap changed device 00:15:65:4A:10:00 Empfang: key 2 park *5901 → BLF 1000'],
      [],
    ],
    [
      'an inserted key (aligned, not a cascade)',
      {
        [X]: replace(
          '{ type: park, slot: "*5901" }',
          '{ type: park, slot: "*5902" }\n      - { type: park, slot: "*5901" }',
        ),
      },
      ['xynap changed device 00:15:65:4A:10:00 Empfang: key 2 added: park *5902 "Park *5902"'],
      [],
    ],
    [
      'a trunk ACL whitelist',
      { [X]: replace('inbound_from: [telekom-trunk]', 'inbound_from: [telekom-trunk, office]') },
      ['xynap changed trunk telekom: inbound from + office'],
      ['trunk-acl-widened xynap: whitelist office added to the trunk ACL (trunk telekom inbound_from)'],
    ],
    [
      'a trunk password rotation',
      { [X]: replace('password: { secret: telekom-trunk }', 'password: { secret: telekom-trunk, rev: 2 }') },
      ['xynap changed trunk telekom: password rotated (rev 0 → 2)'],
      ['trunk-credentials-changed xynap: trunk telekom: password rotated (rev 0 → 2)'],
    ],
    [
      'the emergency route',
      { [X]: replace('  - { name: emergency, match: emergency, trunk: telekom }\n', '') },
      ['xynap removed outbound route emergency: emergency 110, 112 via trunk telekom'],
      ['emergency-routing-changed xynap: emergency route emergency removed'],
    ],
    [
      'a toll restriction',
      { [X]: replace(', allow: ["1000", "1001"] }', ' }') },
      ['xynap changed outbound route international: allow 1000, 1001 → everyone'],
      [
        'toll-restriction-loosened xynap: +… may now be called by 1010, 1011, 1012, 1013, webrtc1, webrtc3 (route international)',
      ],
    ],
    [
      'fewer nodes',
      { [P]: replace('nodes: 2', 'nodes: 1') },
      ['platform changed environment production: nodes 2 → 1'],
      ['nodes-removed platform: environment production: nodes 2 → 1'],
    ],
    [
      'a dropped DID',
      {
        [X]: replace(
          '  - { number: "+4934556643378", name: IVR Hauptnummer, trunk: telekom, to: { ivr: main } }\n',
          '',
        ),
      },
      ['xynap removed DID +4934556643378: was routing to IVR main'],
      ['did-dropped xynap: DID +4934556643378 (IVR Hauptnummer) dropped: calls to it are no longer answered'],
    ],
  ])('names %s', async (_, edits, expectedChanges, expectedRisks) => {
    const r = diff(await exampleModel(), await modelOf(edits));
    expect(lines(r)).toEqual(expectedChanges);
    expect(risks(r)).toEqual(expectedRisks);
  });

  it('a dropped DID without a name names its number once', async () => {
    const unnamed = replace(
      '  - { number: "+4934556643378", name: IVR Hauptnummer, trunk: telekom, to: { ivr: main } }\n',
      '  - { number: "+4934556643378", trunk: telekom, to: { ivr: main } }\n',
    );
    const base = await modelOf({ [X]: unnamed });
    const head = await modelOf({
      [X]: (t) =>
        replace('  - { number: "+4934556643378", trunk: telekom, to: { ivr: main } }\n', '')(unnamed(t)),
    });
    expect(risks(diff(base, head))).toEqual([
      'did-dropped xynap: DID +4934556643378 dropped: calls to it are no longer answered',
    ]);
  });

  it('flags SIP access opened and a tenant removed', async () => {
    const closed = await modelOf({
      [P]: replace('sip_access: open', 'sip_access: whitelist\n  sip_whitelists: [office]'),
    });
    const open = await exampleModel();
    expect(risks(diff(closed, open))).toEqual([
      'sip-access-opened platform: SIP access whitelist → open: the phone-facing SIP ports now accept anyone',
    ]);
    const gone = await modelOf({});
    const withoutAbc = { ...gone, tenants: gone.tenants.filter((t) => t.id !== 'abc-company') };
    const r = diff(open, withoutAbc);
    expect(r.risks.map((x) => x.kind)).toEqual(['tenant-removed']);
    expect(r.risks[0]!.message).toContain('+12125550100');
    expect(
      r.files.find((f) => f.target === 'phones')!.removed.some((p) => p.startsWith('phones/abc-company/')),
    ).toBe(true);
  });

  it('a renamed extension is a consequence on the phones that watch it, not an edit of the phone', async () => {
    const abc = 'tenants/abc-company.yaml';
    const r = diff(
      await exampleModel(),
      await modelOf({ [abc]: replace('name: John Doe', 'name: John Q. Doe') }),
    );
    expect(lines(r)).toEqual([
      'abc-company changed extension abc-company/101 John Q. Doe: name John Doe → John Q. Doe',
    ]);
    expect(r.consequences.map((c) => c.message)).toContain(
      'device 80:5E:C0:12:34:56 Front Desk: key 1 label "John Doe" → "John Q. Doe" follows the rename of extension 101',
    );
    expect(
      r.consequences.some((c) =>
        c.message.startsWith('device 80:5E:C0:12:34:56 Front Desk gets new provisioning files'),
      ),
    ).toBe(true);
    expect(r.files.find((f) => f.target === 'freeswitch')!.changed).toContain(
      // abc-company's users fit one bucket file.
      'freeswitch/directory/abc-company/0.xml',
    );
  });

  it('lists the Terraform stacks whose inputs change', async () => {
    const r = diff(
      await exampleModel(),
      await modelOf({ [P]: replace('instance_type: t3.small', 'instance_type: t3.medium') }),
    );
    expect(r.terraform).toEqual([{ environment: 'staging', inputs: ['instance type'] }]);
  });
});
