import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bucketCount,
  bucketFiles,
  DIRECTORY_SCRIPT,
  type DomainEntry,
  lookupFile,
  parseDomainsMap,
} from '../../src/emit/freeswitch/directory-lookup.js';
import { LiveSwitch, PHONES, STRANGER } from './harness/live-switch.js';
import { register } from './harness/phone.js';
import { skipLive } from './harness/tools.js';

/**
 * The on-demand directory on the real switch: mod_lua's handler answers sofia, user_exists and
 * user_data from the bucket files; hostile names (the SIP user and host of a REGISTER are the
 * caller's strings) never reach a file outside the tree; a user file changed on disk is effective at
 * the next lookup, without reloadxml.
 */
const skip = skipLive('lean-directory');

const ABC = 'abc.voice.example.net';
/** A user a naive path join would find: it sits where "../../../canary" leads from a tenant's folder. */
const CANARY_USER = '../../../canary';
const CANARY_PASSWORD = 'canary-password';
const BIG = 'fs-lean-big';
const BIG_DOMAIN = 'big.fs-lean.example';

describe.skipIf(skip)('live: the directory served on demand', () => {
  let live: LiveSwitch;
  let domains: Map<string, DomainEntry>;
  beforeAll(async () => {
    live = await LiveSwitch.start({
      beforeStart: (l) => {
        // A tenant of 1,000 users over 16 bucket files, written here with the TypeScript hash
        // (the example's tenants fit one bucket each): the Lua must find each in the same file.
        const dir = join(l.conf, 'directory');
        const abc = readFileSync(join(dir, 'abc-company.xml'), 'utf8');
        writeFileSync(join(dir, `${BIG}.xml`), abc.replaceAll(ABC, BIG_DOMAIN));
        writeFileSync(
          join(dir, 'domains.map'),
          `${readFileSync(join(dir, 'domains.map'), 'utf8')}${BIG_DOMAIN} ${BIG} ${bucketCount(1000)}\n`,
        );
        const buckets = new Map<string, string>();
        for (let i = 0; i < 1000; i++) buckets.set(String(2 * i), `<user id="${2 * i}"><params/></user>\n`);
        mkdirSync(join(dir, BIG));
        for (const [k, text] of bucketFiles(buckets)) writeFileSync(join(dir, BIG, `${k}.xml`), text);
        // conf/directory/abc-company/../../../canary.xml = the bundle folder, outside the conf dir.
        const user = `<user id="${CANARY_USER}"><params><param name="password" value="${CANARY_PASSWORD}"/></params></user>\n`;
        writeFileSync(join(l.conf, '..', 'canary.xml'), user);
        writeFileSync(join(l.conf, '..', 'passwd.xml'), user.replace(CANARY_USER, 'passwd'));
      },
    });
    domains = parseDomainsMap(readFileSync(join(live.conf, 'directory/domains.map'), 'utf8'));
  }, 90_000);
  afterAll(async () => {
    await live?.stop();
  }, 30_000);

  /** A user's line in its bucket file. */
  const userLine = (user: string, domain = ABC) => {
    const where = lookupFile(user, domain, domains)!;
    return readFileSync(join(live.conf, where.file), 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`<user id="${where.user}"`));
  };
  const exists = async (user: string, domain = ABC) =>
    (await live.fsCli(`user_exists id ${user} ${domain}`)).trim();

  it('answers sofia (REGISTER 401, 200), user_exists and user_data from the bucket files', async () => {
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
    const line = userLine('102')!;
    const bucket = join(live.conf, lookupFile('150', ABC, domains)!.file);
    const before = existsSync(bucket) ? readFileSync(bucket, 'utf8') : '<users>\n</users>\n';
    expect(await exists('150')).toBe('false');
    writeFileSync(
      bucket,
      before.replace('</users>', `${line.replace('<user id="102"', '<user id="150"')}\n</users>`),
    );
    expect(await exists('150')).toBe('true');
    const c = await live.credentials('abc-company', '102');
    const r = await live.sipp('register', {
      from: PHONES[2]!,
      keys: { user: '150', domain: ABC, contact_port: 5060, expires: 300 },
      auth: { username: '150', password: c.password },
    });
    expect(r.statuses).toEqual([401, 200]);
    writeFileSync(bucket, before);
    // A found user is cached for USER_CACHE_MS (directory.ts): its removal takes effect then, or at
    // once when the cache is flushed.
    expect(await live.fsCli(`xml_flush_cache id 150 ${ABC}`)).toContain('+OK cleared');
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
    expect(domains.get(BIG_DOMAIN)?.buckets).toBe(16);
    const users = ['101', '102', 'webrtc1', '1001', '200', 'webdesk', '199', '0'];
    const piece = fc.constantFrom('..', '/', '%2e', '\\', '\u0000', ' ', '.', 'A', 'é', '\n', '101', '*');
    const name = fc.oneof(
      fc.integer({ min: 0, max: 2100 }).map(String),
      fc.constantFrom(...users, ...users.map((u) => u.toUpperCase()), CANARY_USER, '../../../passwd'),
      fc.array(piece, { maxLength: 6 }).map((p) => p.join('')),
      fc.string({ maxLength: 40 }),
      fc.stringMatching(/^[a-z0-9]{30,34}$/),
    );
    const domain = fc.oneof(
      fc.constantFrom(...known, ...known.map((d) => d.toUpperCase()), 'evil.example', '', '..'),
      fc.constant(BIG_DOMAIN),
      fc.string({ maxLength: 20 }),
    );
    const cases = fc.sample(fc.tuple(name, domain), { numRuns: 400, seed: 8 });
    const hex = (s: string) => Buffer.from(s, 'utf8').toString('hex');
    writeFileSync(input, cases.map(([u, d]) => `${hex(u)} ${hex(d)}\n`).join(''));
    const got = (await live.fsCli(`lua ${driver}`, 60_000)).trim();
    const has = (file: string, user: string) =>
      existsSync(join(live.conf, file)) &&
      readFileSync(join(live.conf, file), 'utf8')
        .split('\n')
        .some((l) => l.startsWith(`<user id="${user}"`));
    const want = cases
      .map(([u, d]) => {
        // Lua counts bytes; the user arrives as an event header, a C string (cut at a NUL).
        const bytes = (s: string) => Buffer.from(s).toString('latin1');
        const where = lookupFile(bytes(u).split('\0')[0], bytes(d), domains);
        return where !== undefined && has(where.file, where.user) ? '1' : '0';
      })
      .join('');
    expect(got).toBe(want);
    // The sample does exercise both answers.
    expect(want).toContain('1');
    expect(want).toContain('0');
  });
});
