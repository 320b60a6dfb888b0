import { beforeAll, describe, expect, it } from 'vitest';
import { freeswitchTarget } from '../../../src/emit/freeswitch/index.js';
import { phonesTarget } from '../../../src/emit/phones/index.js';
import { loadModel } from '../../../src/load-model.js';
import type { Model } from '../../../src/model/types.js';
import { placeholder } from '../../../src/secrets/placeholder.js';
import { specCopy } from '../../helpers/cli.js';
import { all, parse, type Xml } from '../freeswitch/emit.js';
import { parseKeyValue, polycomAttributes } from './parse.js';

/**
 * A conference key watches the room's presence id conf+<room>-<tenant> (what mod_conference answers
 * a presence probe for) on every vendor with BLF, and dials it; the tenant's dialplan joins a caller
 * who dials it to the room. Every abc-company phone gets one key to room 605 (Team call).
 */
const PRESENCE = 'conf+605-abc-company';
const KEY = '    keys: [{ type: conference, room: "605" }]\n';

let model: Model;
let files: Map<string, string>;

beforeAll(async () => {
  const spec = specCopy({
    'tenants/abc-company.yaml': (t) =>
      t
        .replace(
          '      - { type: park, slot: "*6001" }\n',
          '      - { type: park, slot: "*6001" }\n      - { type: conference, room: "605" }\n',
        )
        .replace(
          /^ {2}- \{ mac: "([^"]+)", (vendor: (?:snom|polycom|grandstream|fanvil|cisco)[^}]*)\}$/gm,
          (_m, mac, rest: string) => `  - mac: "${mac}"\n    ${rest.trim().replace(/, /g, '\n    ')}\n${KEY}`,
        ),
  });
  const loaded = await loadModel(spec);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  model = loaded.model!;
  model = { ...model, tenants: model.tenants.filter((t) => t.id === 'abc-company') };
  const out = phonesTarget.emit({ model, mode: 'audit', secret: placeholder });
  expect(out.diagnostics).toEqual([]);
  files = new Map(out.files.map((f) => [f.path, f.content]));
});

const file = (name: string) => {
  const f = files.get(`phones/abc-company/${name}`);
  if (!f) throw new Error(`missing ${name}`);
  return f;
};

describe('phones: conference room keys', () => {
  it('every device of the tenant has the key, labelled with the room name', () => {
    const abc = model.tenants[0]!;
    for (const d of abc.devices)
      expect(
        d.keys.find((k) => k.type === 'conference'),
        d.name,
      ).toMatchObject({ room: '605', label: 'Team call' });
  });

  it('Yealink: a BLF line key (16) on the room, pressing it dials the room', () => {
    const cfg = parseKeyValue(file('805ec0123456.cfg'));
    const n = [...cfg.entries()].find(([k, v]) => /^linekey\.\d+\.value$/.test(k) && v === PRESENCE)?.[0];
    expect(n).toBeDefined();
    const i = n!.split('.')[1];
    expect(cfg.get(`linekey.${i}.type`)).toBe('16');
    expect(cfg.get(`linekey.${i}.label`)).toBe('Team call');
    expect(cfg.get(`linekey.${i}.pickup_value`)).toBe(PRESENCE);
  });

  it('Snom: a blf function key on <sip:conf+605-abc-company@domain>, no pickup code', () => {
    const text = file('0004132ABB01.xml');
    expect(text).toContain(`blf &lt;sip:${PRESENCE}@abc.voice.example.net&gt;</fkey>`);
  });

  it('Polycom: a resource list entry on the room', () => {
    const attrs = polycomAttributes(file('64167f010203-pbxc.cfg'));
    const address = Object.entries(attrs).find(
      ([k, v]) => /^attendant\.resourceList\.\d+\.address$/.test(k) && v === PRESENCE,
    );
    expect(address).toBeDefined();
    expect(attrs[address![0].replace('address', 'label')]).toBe('Team call');
  });

  it('Grandstream: a BLF key (mode 1 or 11) with the room as its value', () => {
    const text = file('cfg000b82112233.xml');
    expect(text).toMatch(/BLF on a conference room/);
    expect(text).toContain(`>${PRESENCE}<`);
  });

  it('Fanvil: a BLF memory key <room>@1/b', () => {
    expect(file('0c383e445566.cfg')).toContain(`${PRESENCE}@1/b`);
  });

  it('Cisco 79x0 (no BLF): a speed dial that joins the room', () => {
    const text = file('SEP001E7AAABBCC.cnf.xml');
    expect(text).toContain(PRESENCE);
  });

  it("the tenant's dialplan joins a caller who dials the presence id (what an idle key dials)", () => {
    const fs = freeswitchTarget.emit({ model, mode: 'audit', secret: placeholder });
    const context = fs.files.find(
      (f) => f.path.startsWith('freeswitch/dialplan/') && f.content.includes('conference-605'),
    );
    const ext = all(parse(context!.content), 'extension').find((e: Xml) => e.name === 'conference-605');
    const expression = new RegExp(all(ext, 'condition')[0].expression);
    expect(expression.test('605')).toBe(true);
    expect(expression.test(PRESENCE)).toBe(true);
    expect(expression.test('conf+606-abc-company')).toBe(false);
    expect(expression.test('6050')).toBe(false);
  });
});
