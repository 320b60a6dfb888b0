import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DIRECTORY_LUA,
  DOMAINS_MAP,
  domainsMap,
  lookupFile,
} from '../../../src/emit/freeswitch/directory-lookup.js';
import { exampleModel } from '../../helpers/example.js';
import { all, emitFs, params, parse, xmllint } from './emit.js';

describe('freeswitch target: the on-demand directory lookup', async () => {
  const model = await exampleModel();
  const files = emitFs(model);
  const domains = new Map(model.tenants.map((t) => [t.domain, t.id]));

  it('maps every tenant domain to its folder, one plain line each, sorted', () => {
    const map = files.get(`freeswitch/${DOMAINS_MAP}`)!;
    expect(map).toBe(domainsMap(model));
    const lines = map.trim().split('\n');
    expect(lines).toEqual([...lines].sort());
    expect(lines.map((l) => l.split(' '))).toEqual(
      expect.arrayContaining(model.tenants.map((t) => [t.domain, t.id])),
    );
  });

  it('binds the handler to the directory section only, from the conf dir', () => {
    const conf = parse(files.get('freeswitch/autoload_configs/lua.conf.xml')!);
    expect(params(conf)).toEqual({
      'xml-handler-script': '$${conf_dir}/scripts/pbxc-directory.lua',
      'xml-handler-bindings': 'directory',
    });
    expect(files.get('freeswitch/scripts/pbxc-directory.lua')).toBe(DIRECTORY_LUA);
  });

  it('serves exactly the users of the tree: one well-formed file per extension, named by its number', () => {
    for (const t of model.tenants)
      for (const e of t.extensions) {
        expect(lookupFile(e.number, t.domain, domains)).toBe(`directory/${t.id}/${e.number}.xml`);
        const text = files.get(`freeswitch/directory/${t.id}/${e.number}.xml`)!;
        expect(xmllint(text)).toBe('');
        expect(all(parse(text), 'user').map((u) => u.id)).toEqual([e.number]);
        expect(text.split('\n')).toHaveLength(2);
      }
  });

  it('matches user and domain case-insensitively, as FreeSWITCH searches its static tree', () => {
    expect(lookupFile('WEBDESK', 'PBX.Bluebird-Dental.example', domains)).toBe(
      'directory/bluebird-dental/webdesk.xml',
    );
  });

  it('fails closed on names outside the alphabets, unknown domains and overlong input', () => {
    for (const [u, d] of [
      ['../../etc/passwd', 'abc.voice.example.net'],
      ['%2e%2e', 'abc.voice.example.net'],
      ['101/../102', 'abc.voice.example.net'],
      ['101\u0000', 'abc.voice.example.net'],
      ['1'.repeat(33), 'abc.voice.example.net'],
      ['101', 'evil.example'],
      ['101', '../abc.voice.example.net'],
      ['101', ''],
      ['', 'abc.voice.example.net'],
      ['101', `${'a'.repeat(250)}.net`],
    ] as const)
      expect(lookupFile(u, d, domains), `${u}@${d}`).toBeUndefined();
    expect(lookupFile(undefined, 'abc.voice.example.net', domains)).toBeUndefined();
  });

  it('never yields a path outside a tenant folder, whatever the strings (property)', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc
        .array(fc.constantFrom('..', '/', '.', '%2e', '\\', 'a', '1', 'A', '\u0000', 'é'), { maxLength: 8 })
        .map((a) => a.join('')),
    );
    const domain = fc.oneof(fc.constantFrom(...domains.keys()), text);
    fc.assert(
      fc.property(text, domain, (u, d) => {
        const file = lookupFile(u, d, domains);
        if (file === undefined) return;
        expect(file).toMatch(/^directory\/[a-z0-9][a-z0-9-]*\/[a-z0-9]{1,32}\.xml$/);
        expect(u.toLowerCase()).toBe(file.split('/')[2]!.slice(0, -4));
      }),
      { numRuns: 2000 },
    );
  });

  it('the Lua states the same alphabets (checked against the TypeScript rules)', () => {
    expect(DIRECTORY_LUA).toContain('#user < 1 or #user > 32');
    expect(DIRECTORY_LUA).toContain('#domain < 1 or #domain > 253');
    expect(DIRECTORY_LUA).toContain('"^[a-z0-9]+$"');
    expect(DIRECTORY_LUA).toContain('"^[a-z0-9.-]+$"');
    expect(DIRECTORY_LUA).not.toContain('${');
  });
});
