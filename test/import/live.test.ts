import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { run } from '../helpers/cli.js';
import { LiveSwitch, PHONES } from '../live/harness/live-switch.js';
import { inbound, invites, listen, type Phone } from '../live/harness/phone.js';
import { skipLive } from '../live/harness/tools.js';
import { CASES, FIXED } from './helpers/fixture.js';
import { PG_AVAILABLE, startPostgres } from './helpers/postgres.js';

/** The Berlin carrier of the sample data: IP-authenticated from 203.0.113.20. */
const CARRIER = '203.0.113.20';
const skip = !PG_AVAILABLE || skipLive('import-live');
if (!PG_AVAILABLE) console.warn('SKIPPED: live import test because PostgreSQL 15 is absent');

describe.skipIf(skip)('live: an imported FusionPBX tenant on a real FreeSWITCH', () => {
  let live: LiveSwitch;
  let work: string;
  let secrets: Record<string, string>;
  const phones: Record<string, Phone> = {};

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'import-live-'));
    const pg = startPostgres();
    try {
      pg.load('fusionpbx', CASES.sample);
      const r = await run([
        'import',
        'fusionpbx',
        '--db',
        pg.url('fusionpbx'),
        '--out',
        join(work, 'spec'),
        '--domain',
        'berlin.example.net',
        '--keep-passwords',
        '--secrets',
        join(work, 'secrets.yaml'),
        ...FIXED,
      ]);
      if (r.code !== 0) throw new Error(`import failed (${r.code}): ${r.stderr}`);
    } finally {
      pg.stop();
    }
    secrets = parse(readFileSync(join(work, 'secrets.yaml'), 'utf8')) as Record<string, string>;
    live = await LiveSwitch.start({ spec: join(work, 'spec'), secrets, addresses: [CARRIER] });
  }, 180_000);
  afterAll(async () => {
    await live?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  }, 30_000);

  /** REGISTER with the password the phone had on FusionPBX (kept by --keep-passwords). */
  const registerOld = async (ext: string, address: string) => {
    const contactPort = live.port();
    const password = secrets[`berlin-sip-${ext}`] ?? '';
    const result = await live.sipp('register', {
      from: address,
      keys: { user: ext, domain: 'berlin.example.net', contact_port: contactPort, expires: 300 },
      auth: { username: ext, password },
    });
    const phone: Phone = {
      tenant: 'berlin',
      extension: ext,
      domain: 'berlin.example.net',
      password,
      address,
      contactPort,
    };
    return { result, phone };
  };

  it('a phone registers with its old FusionPBX password', async () => {
    const { result, phone } = await registerOld('101', PHONES[0]!);
    expect(result.statuses).toEqual([401, 200]);
    phones['101'] = phone;
    expect(await live.fsCli('sofia status profile internal reg')).toContain('101@berlin.example.net');
  });

  it('a wrong password is still refused', async () => {
    const r = await live.sipp('register', {
      from: PHONES[1]!,
      keys: { user: '102', domain: 'berlin.example.net', contact_port: live.port(), expires: 300 },
      auth: { username: '102', password: 'not-the-old-password' },
    });
    expect(r.statuses.at(-1)).toBe(403);
  });

  it("the carrier's call to the imported DID rings the extension FusionPBX sent it to", async () => {
    const phone = phones['101'];
    expect(phone).toBeDefined();
    const uas = await listen(live, phone!);
    const call = await inbound(live, CARRIER, '+493055501001', '+4930123456');
    const seen = await uas.done;
    expect(call.statuses).toContain(200);
    expect(invites(seen)).toHaveLength(1);
  });
});
