import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIRECTORY_SCRIPT, lookupFile } from '../../src/emit/freeswitch/directory-lookup.js';
import { LiveSwitch, PHONES, STRANGER } from './harness/live-switch.js';
import { register } from './harness/phone.js';
import { skipLive } from './harness/tools.js';

/**
 * The on-demand directory on the real switch: mod_lua's handler answers sofia, user_exists and
 * user_data from the per-user files; hostile names (the SIP user and host of a REGISTER are the
 * caller's strings) never reach a file outside the tree; a user file changed on disk is effective at
 * the next lookup, without reloadxml.
 */
const skip = skipLive('lean-directory');

const ABC = 'abc.voice.example.net';
/** A user a naive path join would find: it sits where "../../../canary" leads from a tenant's folder. */
const CANARY_USER = '../../../canary';
const CANARY_PASSWORD = 'canary-password';

describe.skipIf(skip)('live: the directory served on demand', () => {
  let live: LiveSwitch;
  let domains: Map<string, string>;
  beforeAll(async () => {
    live = await LiveSwitch.start({
      beforeStart: (l) => {
        // conf/directory/abc-company/../../../canary.xml = the bundle folder, outside the conf dir.
        const user = `<user id="${CANARY_USER}"><params><param name="password" value="${CANARY_PASSWORD}"/></params></user>\n`;
        writeFileSync(join(l.conf, '..', 'canary.xml'), user);
        writeFileSync(join(l.conf, '..', 'passwd.xml'), user.replace(CANARY_USER, 'passwd'));
      },
    });
    const map = readFileSync(join(live.conf, 'directory/domains.map'), 'utf8');
    domains = new Map(
      map
        .trim()
        .split('\n')
        .map((l) => l.split(' ') as [string, string]),
    );
  }, 90_000);
  afterAll(async () => {
    await live?.stop();
  }, 30_000);

  const exists = async (user: string, domain = ABC) =>
    (await live.fsCli(`user_exists id ${user} ${domain}`)).trim();

  it('answers sofia (REGISTER 401, 200), user_exists and user_data from the per-user files', async () => {
    const { result } = await register(live, 'abc-company', '101', PHONES[0]!);
    expect(result.statuses).toEqual([401, 200]);
    expect(await exists('101')).toBe('true');
    expect(await exists('199')).toBe('false');
    // Case-insensitive, as FreeSWITCH's own search of the static tree is.
    expect(await exists('101', ABC.toUpperCase())).toBe('true');
    // Domain variables merge into the user (the static domain's, not in the user file).
    expect((await live.fsCli(`user_data 101@${ABC} var domain_name`)).trim()).toBe(ABC);
    expect((await live.fsCli(`user_data 101@${ABC} var pbxc_extension`)).trim()).toBe('101');
    // $${...} in a user's params is expanded from the node's globals, as the pre-processor would.
    const web = (await live.fsCli('user_data webrtc1@sip.xynap.tech param dial-string')).trim();
    expect(web).toContain('absolute_codec_string=OPUS');
    expect(web).not.toContain('$${');
  });

  it('refuses path traversal, encoded and overlong names at REGISTER with 403, and reads no file outside', async () => {
    for (const user of [
      CANARY_USER,
      '%2e%2e/%2e%2e/%2e%2e/canary',
      '..%2f..%2f..%2fcanary',
      'x'.repeat(300),
    ]) {
      const r = await live.sipp('register', {
        from: STRANGER,
        keys: { user, domain: ABC, contact_port: 5060, expires: 300 },
        auth: { username: user, password: CANARY_PASSWORD },
      });
      expect(r.statuses.at(-1), user).toBe(403);
    }
    // A naive handler would have answered with the canary (the user id matches, the password too).
    expect(await exists(CANARY_USER)).toBe('false');
    expect(await exists('../../../passwd')).toBe('false');
    expect(await exists('101', '../../bundle')).toBe('false');
    expect(await exists('101', 'evil.example')).toBe('false');
    expect(await live.fsCli('sofia status profile internal reg')).not.toContain('canary');
  });

  it('a user file changed on disk is effective at the next lookup, without reloadxml', async () => {
    const dir = join(live.conf, 'directory/abc-company');
    const text = readFileSync(join(dir, '102.xml'), 'utf8');
    expect(await exists('150')).toBe('false');
    writeFileSync(join(dir, '150.xml'), text.replace('<user id="102"', '<user id="150"'));
    expect(await exists('150')).toBe('true');
    const c = await live.credentials('abc-company', '102');
    const r = await live.sipp('register', {
      from: PHONES[2]!,
      keys: { user: '150', domain: ABC, contact_port: 5060, expires: 300 },
      auth: { username: '150', password: c.password },
    });
    expect(r.statuses).toEqual([401, 200]);
    rmSync(join(dir, '150.xml'));
    expect(await exists('150')).toBe('false');
  });

  it("the Lua's rules are exactly lookupFile's: it answers iff the name is in the alphabet and the file exists", async () => {
    // Runs the real handler in mod_lua (the `lua` API) over many names at once: a test-only driver
    // sets XML_REQUEST and params as mod_lua does for a lookup, then prints 1 (answered) or 0.
    const driver = join(live.conf, 'scripts/fs-lean-driver.lua');
    const input = join(live.conf, '..', 'fs-lean-names.txt');
    writeFileSync(
      driver,
      [
        'local function unhex(h) return (h:gsub("..", function(b) return string.char(tonumber(b, 16)) end)) end',
        'local out = {}',
        `for line in io.lines("${input}") do`,
        '  local u, d = line:match("^(%x*) (%x*)$")',
        '  XML_REQUEST = { section = "directory", tag_name = "domain", key_name = "name", key_value = unhex(d) }',
        '  params = freeswitch.Event("REQUEST_PARAMS")',
        '  params:addHeader("user", unhex(u))',
        '  XML_STRING = nil',
        `  dofile("${join(live.conf, DIRECTORY_SCRIPT)}")`,
        '  out[#out + 1] = XML_STRING and "1" or "0"',
        'end',
        'stream:write(table.concat(out))',
      ].join('\n'),
    );
    const known = [...domains.keys()];
    const users = ['101', '102', 'webrtc1', '1001', '200', 'webdesk', '199', '0'];
    const piece = fc.constantFrom('..', '/', '%2e', '\\', '\u0000', ' ', '.', 'A', 'é', '\n', '101', '*');
    const name = fc.oneof(
      fc.constantFrom(...users, ...users.map((u) => u.toUpperCase()), CANARY_USER, '../../../passwd'),
      fc.array(piece, { maxLength: 6 }).map((p) => p.join('')),
      fc.string({ maxLength: 40 }),
      fc.stringMatching(/^[a-z0-9]{30,34}$/),
    );
    const domain = fc.oneof(
      fc.constantFrom(...known, ...known.map((d) => d.toUpperCase()), 'evil.example', '', '..'),
      fc.string({ maxLength: 20 }),
    );
    const cases = fc.sample(fc.tuple(name, domain), { numRuns: 400, seed: 8 });
    const hex = (s: string) => Buffer.from(s, 'utf8').toString('hex');
    writeFileSync(input, cases.map(([u, d]) => `${hex(u)} ${hex(d)}\n`).join(''));
    const got = (await live.fsCli(`lua ${driver}`, 60_000)).trim();
    const tree = (path: string) => {
      try {
        readFileSync(join(live.conf, path));
        return true;
      } catch {
        return false;
      }
    };
    const want = cases
      .map(([u, d]) => {
        // Lua counts bytes; the user arrives as an event header, a C string (cut at a NUL).
        const bytes = (s: string) => Buffer.from(s).toString('latin1');
        const file = lookupFile(bytes(u).split('\0')[0], bytes(d), domains);
        return file !== undefined && tree(file) ? '1' : '0';
      })
      .join('');
    expect(got).toBe(want);
    // The sample does exercise both answers.
    expect(want).toContain('1');
    expect(want).toContain('0');
  });
});
