import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTree } from '../../src/build-tree.js';
import { uriKey } from '../../src/emit/freeswitch/dialplan/targets.js';
import { loadModel } from '../../src/load-model.js';
import { run, specCopy } from '../helpers/cli.js';

/** Regression tests for defects 4–6 of issue 11. */
describe('a dependent rule never runs on a value the schema rejected (exit 1, never 3)', () => {
  it('softphones.ringotel.whitelist: X', async () => {
    const spec = specCopy({
      'tenants/bluebird-dental.yaml': (t) => t.replace(/whitelist: ringotel-eu/, 'whitelist: X'),
    });
    const r = await run(['validate', '--spec', spec]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/PBX9|internal/);
    expect(r.stderr).toMatch(/PBX2005: softphones\.ringotel\.whitelist "X"/);
  });
});

describe('sip_uri targets are injective', () => {
  it('sip:a_b@h, sip:a+b@h and sip:a~b@h bridge to themselves', async () => {
    const aliases = ['a_b', 'a+b', 'a~b']
      .map((u, i) => `  - { number: "80${i + 5}", name: U${i}, to: { sip_uri: "sip:${u}@h.example.net" } }`)
      .join('\n');
    const spec = specCopy({
      'tenants/bluebird-dental.yaml': (t) => t.replace(/^aliases:\n/m, `aliases:\n${aliases}\n`),
    });
    const result = await loadModel(spec);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const tree = buildTree(result.model!, 'test');
    const dialplan = tree.files
      .filter((f) => f.path.startsWith('freeswitch/dialplan/'))
      .map((f) => f.content)
      .join('\n');
    for (const u of ['a_b', 'a+b', 'a~b']) {
      const target = `pbxc-uri-${uriKey(`sip:${u}@h.example.net`)}`;
      const block = dialplan.slice(dialplan.indexOf(`<extension name="${target}"`));
      expect(block.slice(0, block.indexOf('</extension>')), u).toContain(
        `sofia/external/sip:${u}@h.example.net`,
      );
    }
  });

  it('uriKey is injective over the URI alphabet (property)', () => {
    const chars = 'abAB09._~+-@:;=_'.split('');
    const uri = fc.array(fc.constantFrom(...chars), { minLength: 1, maxLength: 12 }).map((a) => a.join(''));
    fc.assert(
      fc.property(uri, uri, (a, b) => a === b || uriKey(a) !== uriKey(b)),
      { numRuns: 2000, seed: 11 },
    );
  });
});

describe('IVR greetings stay inside the sounds folder', () => {
  for (const path of [
    'ivr/../../../../etc/passwd',
    '../x.wav',
    'ivr/./x.wav',
    'ivr//x.wav',
    '/etc/passwd',
    'ivr/',
  ]) {
    it(`rejects ${path}`, async () => {
      const spec = specCopy({
        'tenants/bluebird-dental.yaml': (t) =>
          t.replace('greeting: ivr/bluebird-main.wav', `greeting: "${path}"`),
      });
      const r = await run(['validate', '--spec', spec]);
      expect(r.code).toBe(1);
      // A greeting is a sound path or { media: NAME }: a bad path fits neither form (PBX2008).
      expect(r.stderr).toMatch(/bluebird-dental\.yaml:\d+:\d+: error PBX2008: ivr_menus\[0\]\.greeting/);
    });
  }
});

describe('display names carry no line breaks, escapes or direction overrides', () => {
  for (const [what, value] of [
    ['a newline', '"Bob\\nEvil"'],
    ['an escape', '"Bob\\e[31m"'],
    ['U+202E', '"Bob\\u202Eevil"'],
    ['U+2028', '"Bob\\u2028x"'],
  ]) {
    it(`caller_id_name with ${what} is rejected`, async () => {
      const spec = specCopy({
        'tenants/xynap.yaml': (t) =>
          t.replace('    name: Staff 2\n', `    name: Staff 2\n    caller_id_name: ${value}\n`),
      });
      const r = await run(['validate', '--spec', spec]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/PBX2005: extensions\[\d+\]\.caller_id_name/);
    });
  }
});

describe('wrong-kind references say what the number is', () => {
  it('a ring group used as an extension', async () => {
    const spec = specCopy({
      'tenants/xynap.yaml': (t) => t.replace('to: { ring_group: "21" }', 'to: { extension: "21" }'),
    });
    const r = await run(['validate', '--spec', spec]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('(21 is a ring group, not an extension: write ring_group: "21")');
  });
});

describe('a DID defined by two tenants is reported in both files', () => {
  it('so the pull request that adds the second one sees it on its own file', async () => {
    const spec = specCopy({
      'tenants/abc-company.yaml': (t) => t.replace('"+12125550101"', '"+4934556643378"'),
    });
    const r = await run(['validate', '--spec', spec, '--format', 'json']);
    const files = JSON.parse(r.stdout)
      .diagnostics.filter((d: { code: string }) => d.code === 'PBX3020')
      .map((d: { file: string }) => d.file.split('/').pop());
    expect(files.sort()).toEqual(['abc-company.yaml', 'xynap.yaml']);
  });
});

describe('device lines', () => {
  it('the same extension twice on one phone is refused at the second one', async () => {
    const spec = specCopy({
      'tenants/xynap.yaml': (t) => t.replace('lines: ["1000"]', 'lines: ["1000", "1000"]'),
    });
    const r = await run(['validate', '--spec', spec]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/PBX2006: devices\[\d+\]\.lines has "1000" twice/);
  });
});
