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
      expect(r.stderr).toMatch(/bluebird-dental\.yaml:\d+:\d+: error PBX2005: ivr_menus\[0\]\.greeting/);
    });
  }
});
