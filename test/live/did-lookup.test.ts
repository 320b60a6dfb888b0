import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIDS_DIR, publicAnswer } from '../../src/emit/freeswitch/did-lookup.js';
import { DIRECTORY_SCRIPT } from '../../src/emit/freeswitch/directory-lookup.js';
import { LiveSwitch, PHONES } from './harness/live-switch.js';
import { inbound, invites, listenReady, type Phone, phone } from './harness/phone.js';
import { skipLive } from './harness/tools.js';

/**
 * The public context served by lookup on the real switch: mod_lua's handler answers the hunt of a
 * DID with exactly the files' extensions (Lua = publicAnswer, byte for byte, over hostile and valid
 * numbers), a DID added on disk takes calls at once without reloadxml, and a number that is no DID
 * finds no route.
 */
const skip = skipLive('did-lookup');
const SPEC = fileURLToPath(new URL('../fixtures/specs/live', import.meta.url));
const CARRIER = '192.0.2.33';

describe.skipIf(skip)('live: DIDs routed by lookup', () => {
  let live: LiveSwitch;
  let ph300: Phone;
  beforeAll(async () => {
    live = await LiveSwitch.start({
      spec: SPEC,
      secrets: { 'muster-sipgate': 'provider-secret' },
      addresses: [CARRIER],
    });
    ph300 = await phone(live, 'muster', '300', PHONES[0]!);
  }, 90_000);
  afterAll(async () => {
    await live?.stop();
  }, 30_000);

  const read = (p: string) => {
    try {
      return readFileSync(join(live.conf, p), 'utf8');
    } catch {
      return undefined;
    }
  };

  it("the Lua's answers are exactly publicAnswer's, for DID forms, schedule hops, other numbers and hostile strings", async () => {
    const driver = join(live.conf, 'scripts/did-driver.lua');
    const input = join(live.conf, '..', 'did-numbers.txt');
    const output = join(live.conf, '..', 'did-answers.txt');
    writeFileSync(
      driver,
      [
        'local function unhex(h) return (h:gsub("..", function(b) return string.char(tonumber(b, 16)) end)) end',
        'local function hex(s) return (s:gsub(".", function(c) return string.format("%02x", string.byte(c)) end)) end',
        `local out = io.open("${output}", "wb")`,
        `for line in io.lines("${input}") do`,
        '  local c, n = line:match("^(%x*) (%x*)$")',
        '  XML_REQUEST = { section = "dialplan", tag_name = "", key_name = "", key_value = "" }',
        '  params = freeswitch.Event("REQUEST_PARAMS")',
        '  params:addHeader("Hunt-Context", unhex(c))',
        '  params:addHeader("Hunt-Destination-Number", unhex(n))',
        '  XML_STRING = nil',
        `  dofile("${join(live.conf, DIRECTORY_SCRIPT)}")`,
        '  out:write((XML_STRING and hex(XML_STRING) or "-") .. "\\n")',
        'end',
        'out:close()',
        'stream:write("done")',
      ].join('\n'),
    );
    const script = readFileSync(join(live.conf, DIRECTORY_SCRIPT), 'utf8');
    const guard = /\[==\[(.*?)\]==\]/s.exec(script)![1]!;
    const dids = ['+4930900000', '+4930900001', '+4930900004', '+4930900006'];
    const forms = dids.flatMap((d) => [
      d,
      d.slice(1),
      `00${d.slice(1)}`,
      `0${d.slice(3)}`,
      `pbxc-did-${d.slice(1)}`,
    ]);
    const piece = fc.constantFrom(
      '..',
      '/',
      '+',
      '0',
      '49',
      '\\',
      ' ',
      '%',
      '"',
      '<',
      'pbxc-did-',
      '\n',
      '9',
    );
    const number = fc.oneof(
      fc.constantFrom(...forms),
      fc.stringMatching(/^\+?[0-9]{1,35}$/),
      fc.array(piece, { maxLength: 8 }).map((p) => p.join('')),
      fc.string({ maxLength: 40 }),
    );
    const context = fc.oneof(fc.constant('public'), fc.constantFrom('muster', 'PUBLIC', 'public ', ''));
    const cases = fc.sample(fc.tuple(context, number), { numRuns: 400, seed: 22 });
    const hex = (s: string) => Buffer.from(s, 'utf8').toString('hex');
    writeFileSync(input, cases.map(([c, n]) => `${hex(c)} ${hex(n)}\n`).join(''));
    expect((await live.fsCli(`lua ${driver}`, 60_000)).trim()).toBe('done');
    const got = readFileSync(output, 'utf8').trimEnd().split('\n');
    const want = cases.map(([c, n]) => {
      // An event header is a C string: cut at a NUL; Lua compares bytes.
      const bytes = (s: string) => Buffer.from(s).toString('latin1').split('\0')[0]!;
      const answer = bytes(c) === 'public' ? publicAnswer(bytes(n), guard, read) : undefined;
      return answer === undefined ? '-' : Buffer.from(answer, 'latin1').toString('hex');
    });
    expect(got).toEqual(want);
    expect(want.filter((w) => w !== '-').length).toBeGreaterThan(20);
    expect(want).toContain('-');
  });

  it('a DID reaches its extension; a number that is no DID finds no route', async () => {
    const uas = await listenReady(live, ph300);
    const r = await inbound(live, CARRIER, '+4930900000', '+4989123456');
    expect(r.statuses).toContain(200);
    expect(invites(await uas.done)).toHaveLength(1);
    const none = await inbound(live, CARRIER, '+4930900999', '+4989123456');
    expect(none.statuses).not.toContain(200);
    expect(none.statuses.at(-1)).toBeGreaterThanOrEqual(400);
  });

  it('a DID written to its bucket on disk takes calls at once, without reloadxml', async () => {
    const line = read(`${DIDS_DIR}/000.xml`)!
      .split('\n')
      .find((l) => l.includes(' +4930900000 '))!;
    const added = line.replaceAll('4930900000', '4930900777').replaceAll('030900000', '030900777');
    writeFileSync(join(live.conf, DIDS_DIR, '777.xml'), `<dids>\n${added}\n</dids>\n`);
    const uas = await listenReady(live, ph300);
    const r = await inbound(live, CARRIER, '030900777', '+4989123456');
    expect(r.statuses).toContain(200);
    expect(invites(await uas.done)).toHaveLength(1);
  });
});
