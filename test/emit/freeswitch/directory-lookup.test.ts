import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bucketCount,
  bucketOf,
  DIRECTORY_LUA,
  DOMAINS_MAP,
  domainsMap,
  lookupFile,
  parseDomainsMap,
  USERS_PER_BUCKET,
} from '../../../src/emit/freeswitch/directory-lookup.js';
import { LUA_PRELUDE } from '../../../src/emit/freeswitch/lua-prelude.js';
import type { Model } from '../../../src/model/types.js';
import { exampleModel } from '../../helpers/example.js';
import { all, emitFs, params, parse, userFiles, xmllint } from './emit.js';

describe('freeswitch target: the on-demand directory lookup', async () => {
  const model = await exampleModel();
  const files = emitFs(model);
  const domains = parseDomainsMap(files.get(`freeswitch/${DOMAINS_MAP}`)!);

  it('maps every tenant domain to its folder and bucket count, one plain line each, sorted', () => {
    const map = files.get(`freeswitch/${DOMAINS_MAP}`)!;
    expect(map).toBe(domainsMap(model));
    const lines = map.trim().split('\n');
    expect(lines).toEqual([...lines].sort());
    for (const t of model.tenants)
      expect(domains.get(t.domain)).toEqual({ tenant: t.id, buckets: bucketCount(t.extensions.length) });
  });

  it('binds the handler to the directory and dialplan sections, from the conf dir', () => {
    const conf = parse(files.get('freeswitch/autoload_configs/lua.conf.xml')!);
    expect(params(conf)).toEqual({
      'xml-handler-script': '$${conf_dir}/scripts/pbxc-directory.lua',
      'xml-handler-bindings': 'directory,dialplan',
    });
    // The shared helpers, the directory part, then the DID part (did-lookup.ts), which answers only
    // the dialplan section.
    const script = files.get('freeswitch/scripts/pbxc-directory.lua')!;
    expect(script.startsWith(LUA_PRELUDE + DIRECTORY_LUA)).toBe(true);
    // One copy of the file reader and the $$-expansion, defined before either part uses them.
    for (const helper of [
      'local function pbxc_read(',
      'local function pbxc_expand(',
      'io.open(',
      '%$%$(%b{})',
    ])
      expect(script.split(helper).length - 1, helper).toBe(1);
  });

  it('finds every user of the tree on its line of the bucket file the lookup computes', () => {
    for (const t of model.tenants)
      for (const e of t.extensions) {
        const where = lookupFile(e.number, t.domain, domains)!;
        const text = files.get(`freeswitch/${where.file}`)!;
        const line = text.split('\n').find((l) => l.startsWith(`<user id="${e.number}"`))!;
        expect(xmllint(line)).toBe('');
        expect(all(parse(line), 'user').map((u) => u.id)).toEqual([e.number]);
      }
  });

  it('spreads a large tenant over about 64 users per file, a power of two of them', () => {
    expect([1, 64, 65, 128, 129, 20_000].map(bucketCount)).toEqual([1, 1, 2, 2, 4, 512]);
    const grown = structuredClone(model) as unknown as { tenants: { id: string; extensions: object[] }[] };
    const xynap = grown.tenants.find((t) => t.id === 'xynap')!;
    const template = xynap.extensions[0]!;
    for (let i = 0; i < 1000; i++) xynap.extensions.push({ ...template, number: String(5000 + i) });
    const users = userFiles(emitFs(grown as unknown as Model), 'xynap');
    const buckets = bucketCount(xynap.extensions.length);
    expect(buckets).toBe(16);
    const sizes = new Map<number, number>();
    for (const n of users.keys()) sizes.set(bucketOf(n, buckets), (sizes.get(bucketOf(n, buckets)) ?? 0) + 1);
    expect(sizes.size).toBe(buckets);
    expect(Math.max(...sizes.values())).toBeLessThan(USERS_PER_BUCKET * 2);
  });

  it('matches user and domain case-insensitively, as FreeSWITCH searches its static tree', () => {
    expect(lookupFile('WEBDESK', 'PBX.Bluebird-Dental.example', domains)).toEqual(
      lookupFile('webdesk', 'pbx.bluebird-dental.example', domains),
    );
    expect(lookupFile('WEBDESK', 'PBX.Bluebird-Dental.example', domains)!.user).toBe('webdesk');
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
        const where = lookupFile(u, d, domains);
        if (where === undefined) return;
        expect(where.file).toMatch(/^directory\/[a-z0-9][a-z0-9-]*\/(0|[1-9][0-9]*)\.xml$/);
        expect(where.user).toMatch(/^[a-z0-9]{1,32}$/);
        expect(u.toLowerCase()).toBe(where.user);
      }),
      { numRuns: 2000 },
    );
  });

  it('the Lua states the same alphabets and hash (checked against the TypeScript rules)', () => {
    expect(DIRECTORY_LUA).toContain('#user < 1 or #user > 32');
    expect(DIRECTORY_LUA).toContain('#domain < 1 or #domain > 253');
    expect(DIRECTORY_LUA).toContain('"^[a-z0-9]+$"');
    expect(DIRECTORY_LUA).toContain('"^[a-z0-9.-]+$"');
    expect(DIRECTORY_LUA).toContain('h = (h * 31 + string.byte(user, i)) % 2147483647');
    expect(DIRECTORY_LUA).not.toContain('${');
  });
});
