import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { switchName } from '../../src/emit/freeswitch/database.js';
import { exampleModel } from '../helpers/example.js';
import { type Postgres, skipPostgres, startPostgres } from '../helpers/postgres.js';
import { LiveSwitch, PBX, PHONES } from '../live/harness/live-switch.js';
import { register } from '../live/harness/phone.js';
import { silentWav } from '../live/harness/sounds.js';
import { skipLive } from '../live/harness/tools.js';

/**
 * The rendered tree on a real FreeSWITCH against a real PostgreSQL 15 (issue 21 §1): with the
 * database named in node.env, FreeSWITCH loads mod_pgsql first, creates its core, sofia, voicemail
 * and mod_db tables in PostgreSQL, and a second node (fresh local folders, same database) finds
 * the registrations, DND/forward rows and the voicemail index the first one wrote.
 */
const skip = skipLive('ha/pgsql-live') || skipPostgres('live test ha/pgsql-live');

const TENANT = 'abc-company';
const DOMAIN = 'abc.voice.example.net';

describe.skipIf(skip)('live: FreeSWITCH state in PostgreSQL', () => {
  let db: Postgres;
  let live: LiveSwitch | undefined;
  let name: string;
  const nodeEnv = () => ({
    PBXC_PUBLIC_IPV4: PBX,
    PBXC_DB_HOST: db.socketDir,
    PBXC_DB_PORT: String(db.port),
    PBXC_DB_NAME: db.database,
    PBXC_DB_USER: db.user,
    PBXC_DB_SSLMODE: 'disable',
  });

  beforeAll(async () => {
    name = switchName(await exampleModel());
    db = startPostgres();
    live = await LiveSwitch.start({ nodeEnv: nodeEnv(), sounds: true });
  }, 120_000);
  afterAll(async () => {
    await live?.stop();
    db?.stop();
  }, 30_000);

  it('creates the core, sofia, voicemail and mod_db tables in PostgreSQL', async () => {
    const tables = (
      await db.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public'`)
    ).map((r) => r.t);
    for (const t of [
      'channels',
      'calls',
      'registrations',
      'recovery',
      'sip_registrations',
      'sip_dialogs',
      'voicemail_msgs',
      'db_data',
    ])
      expect(tables, t).toContain(t);
    // mod_pgsql was loaded before the core database opened; its only errors on a first start are
    // FreeSWITCH probing each table before creating it.
    const log = live!.log();
    expect(log).not.toMatch(/Failure to connect|CORE_DB|Error Opening DB/i);
    expect(pgsqlErrors(log).filter((e) => !/does not exist/.test(e))).toEqual([]);
    expect(pgsqlErrors(log).length).toBeGreaterThan(0);
  });

  it('writes a registration to PostgreSQL under the group switch name', async () => {
    const { result } = await register(live!, TENANT, '101', PHONES[0]!);
    expect(result.statuses).toEqual([401, 200]);
    const rows = await db.query<{ sip_user: string; hostname: string; network_ip: string }>(
      'SELECT sip_user, hostname, network_ip FROM sip_registrations WHERE sip_host = $1',
      [DOMAIN],
    );
    expect(rows).toEqual([{ sip_user: '101', hostname: name, network_ip: PHONES[0] }]);
  });

  it('keeps mod_db rows (DND/forward) and the voicemail index in PostgreSQL', async () => {
    expect(await live!.fsCli(`db insert/${DOMAIN}/dnd_102/true`)).toContain('+OK');
    const wav = join(live!.root, 'message.wav');
    writeFileSync(wav, silentWav());
    expect(await live!.fsCli(`vm_inject 101@${DOMAIN} ${wav}`)).not.toMatch(/-ERR/);
    const dnd = await db.query('SELECT realm, data_key, data FROM db_data WHERE realm = $1', [DOMAIN]);
    expect(dnd).toEqual([{ realm: DOMAIN, data_key: 'dnd_102', data: 'true' }]);
    const vm = await db.query('SELECT username, domain FROM voicemail_msgs');
    expect(vm).toEqual([{ username: '101', domain: DOMAIN }]);
  });

  it('a second node on fresh local folders finds registrations, DND and voicemail where the first left them', async () => {
    await live!.stop();
    live = await LiveSwitch.start({ nodeEnv: nodeEnv(), sounds: true });
    // The tables exist now: the second start probes them without a single error.
    expect(pgsqlErrors(live.log())).toEqual([]);
    expect((await live.fsCli(`db select/${DOMAIN}/dnd_102`)).trim()).toBe('true');
    expect((await live.fsCli(`vm_boxcount 101@${DOMAIN}`)).trim()).toBe('1');
    // sofia looks the contact up in the shared table: reachable without a new REGISTER.
    expect(await live.fsCli(`sofia_contact internal/101@${DOMAIN}`)).toContain(PHONES[0]!);
  }, 120_000);
});

/** mod_pgsql's "Error executing query:" lines, each with PostgreSQL's message on the next line. */
function pgsqlErrors(log: string): string[] {
  const lines = log.split('\n');
  return lines.flatMap((l, i) =>
    /mod_pgsql\.c:\d+ Error executing query/.test(l) ? [lines[i + 1] ?? ''] : [],
  );
}
