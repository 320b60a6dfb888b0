import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { importFusion } from '../../src/import/fusionpbx/index.js';
import { readFusion } from '../../src/import/fusionpbx/reader.js';
import { loadModel } from '../../src/load-model.js';
import type { Destination } from '../../src/model/types.js';
import { run } from '../helpers/cli.js';
import { CASES, FIXED, GOLDEN, readTree } from './helpers/fixture.js';
import { mutate } from './helpers/mutate.js';
import { PG_AVAILABLE, type PgServer, startPostgres } from './helpers/postgres.js';

if (!PG_AVAILABLE)
  console.warn(
    'SKIPPED: pbxc import against PostgreSQL because /usr/lib/postgresql/15/bin (initdb, pg_ctl) is absent',
  );

describe.skipIf(!PG_AVAILABLE)('pbxc import fusionpbx against a real PostgreSQL 15', () => {
  let pg: PgServer;
  let work: string;
  beforeAll(() => {
    pg = startPostgres();
    for (const [name, files] of Object.entries(CASES)) pg.load(name, files);
    pg.psql('postgres', 'CREATE DATABASE notfusion');
    work = mkdtempSync(join(tmpdir(), 'import-test-'));
  }, 180_000);
  afterAll(() => {
    pg?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const importTo = async (db: string, name: string, extra: string[] = []) => {
    const out = join(work, name);
    const r = await run(['import', 'fusionpbx', '--db', pg.url(db), '--out', out, ...FIXED, ...extra]);
    return { ...r, out };
  };

  for (const name of Object.keys(CASES)) {
    it(`${name}: writes exactly the golden spec (refresh with npm run golden:import)`, async () => {
      const r = await importTo(name, `golden-${name}`);
      expect(r.stderr).not.toMatch(/error PBX/);
      expect(r.code).toBe(0);
      const got = readTree(r.out);
      const want = readTree(join(GOLDEN, name));
      expect([...got.keys()]).toEqual([...want.keys()]);
      for (const [path, text] of want) expect(got.get(path), path).toBe(text);
    });
  }

  it('the imported spec validates without errors and builds', async () => {
    const r = await importTo('odd', 'build', ['--secrets', join(work, 'build-secrets.yaml')]);
    expect(r.code).toBe(0);
    const validate = await run(['validate', '--spec', r.out]);
    expect(validate.code).toBe(0);
    expect(validate.stderr).toMatch(/3 tenants, 17 extensions, 7 devices: 0 errors/);
    const build = await run(['build', '--spec', r.out, '--out', join(work, 'generated')]);
    expect(build.stderr).not.toMatch(/error PBX/);
    expect(build.code).toBe(0);
    const render = await run(
      [
        'render',
        '--spec',
        r.out,
        '--out',
        join(work, 'rendered'),
        '--secrets',
        join(work, 'build-secrets.yaml'),
      ],
      { env: { PBXC_MASTER_KEY: 'import-test-master-key-0123456789' } },
    );
    expect(render.stderr).not.toMatch(/error PBX/);
    expect(render.code).toBe(0);
  });

  it('property: a damaged install (orphans, flipped flags, swapped numbers) still imports to a valid spec', async () => {
    const rows = await readFusion(pg.url('odd'));
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.boolean(), async (seed, keep) => {
        const result = importFusion(mutate(rows, seed), {
          domains: [],
          platform: 'fuzz',
          keepPasswords: keep,
          holidayYears: [2026],
          source: 'fuzz',
        });
        const dir = join(work, `fuzz-${n++}`);
        for (const [path, text] of result.files) {
          mkdirSync(dirname(join(dir, path)), { recursive: true });
          writeFileSync(join(dir, path), text);
        }
        const { diagnostics } = await loadModel(dir);
        expect(
          diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`),
        ).toEqual([]);
        rmSync(dir, { recursive: true, force: true });
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('is deterministic: the same database gives byte-identical files', async () => {
    const a = readTree((await importTo('odd', 'det-a')).out);
    const b = readTree((await importTo('odd', 'det-b')).out);
    expect([...a.entries()]).toEqual([...b.entries()]);
  });

  it('never writes to the database (one read-only transaction)', async () => {
    const tables = [
      'v_domains',
      'v_extensions',
      'v_voicemails',
      'v_dialplans',
      'v_dialplan_details',
      'v_destinations',
      'v_gateways',
      'v_devices',
    ];
    const fingerprint = () =>
      pg.psql(
        'odd',
        tables
          .map((t) => `SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM ${t} x;`)
          .join('\n'),
      );
    const before = fingerprint();
    await readFusion(pg.url('odd'));
    await importTo('odd', 'ro');
    expect(fingerprint()).toBe(before);
  });

  it('every imported DID routes to the kind of target its FusionPBX destination named', async () => {
    const r = await importTo('odd', 'routes');
    const { model } = await loadModel(r.out);
    expect(model).toBeDefined();
    // What FusionPBX routes to, looked up in its own tables (independently of the importer).
    const sql = `
      SELECT d.destination_number, d.destination_prefix, dom.domain_name,
             split_part((d.destination_actions::json->-1)->>'destination_data', ' ', 1) AS target,
             CASE
               WHEN split_part((d.destination_actions::json->-1)->>'destination_data', ' ', 1) LIKE '*99%' THEN 'voicemail'
               WHEN EXISTS (SELECT 1 FROM v_extensions e WHERE e.domain_uuid = d.domain_uuid AND e.enabled AND e.extension = split_part((d.destination_actions::json->-1)->>'destination_data', ' ', 1)) THEN 'extension'
               WHEN EXISTS (SELECT 1 FROM v_ring_groups g WHERE g.domain_uuid = d.domain_uuid AND g.ring_group_extension = split_part((d.destination_actions::json->-1)->>'destination_data', ' ', 1)) THEN 'ring_group'
               WHEN EXISTS (SELECT 1 FROM v_ivr_menus m WHERE m.domain_uuid = d.domain_uuid AND m.ivr_menu_extension = split_part((d.destination_actions::json->-1)->>'destination_data', ' ', 1)) THEN 'ivr'
               WHEN EXISTS (SELECT 1 FROM v_dialplans p WHERE p.domain_uuid = d.domain_uuid AND p.app_uuid = '4b821450-926b-175a-af93-a03c441818b1' AND p.dialplan_number = split_part((d.destination_actions::json->-1)->>'destination_data', ' ', 1)) THEN 'schedule'
               WHEN EXISTS (SELECT 1 FROM v_call_center_queues q WHERE q.domain_uuid = d.domain_uuid AND q.queue_extension = split_part((d.destination_actions::json->-1)->>'destination_data', ' ', 1)) THEN 'queue'
               WHEN EXISTS (SELECT 1 FROM v_conferences c WHERE c.domain_uuid = d.domain_uuid AND c.conference_enabled AND c.conference_extension = split_part((d.destination_actions::json->-1)->>'destination_data', ' ', 1)) THEN 'conference'
               WHEN EXISTS (SELECT 1 FROM v_call_flows f WHERE f.domain_uuid = d.domain_uuid AND f.call_flow_extension = split_part((d.destination_actions::json->-1)->>'destination_data', ' ', 1)) THEN 'call_flow'
               ELSE 'none'
             END AS kind
      FROM v_destinations d JOIN v_domains dom ON dom.domain_uuid = d.domain_uuid
      WHERE d.destination_enabled AND d.destination_type = 'inbound' ORDER BY 1;`;
    // A call flow (day/night toggle) routes to its current state's target.
    const rows = pg
      .psql('odd', sql)
      .trim()
      .split('\n')
      .map((l) => l.split('|'))
      .map(([number, prefix, domain, target, kind]) => {
        if (kind !== 'call_flow') return [number, prefix, domain, target, kind];
        const state = pg
          .psql(
            'odd',
            `SELECT split_part(CASE WHEN call_flow_status = 'true' THEN call_flow_data ELSE call_flow_alternate_data END, ' ', 1) FROM v_call_flows f JOIN v_domains d USING (domain_uuid) WHERE d.domain_name = '${domain}' AND f.call_flow_extension = '${target}'`,
          )
          .trim();
        const stateKind = state.startsWith('*99')
          ? 'voicemail'
          : pg
              .psql(
                'odd',
                `SELECT CASE WHEN EXISTS (SELECT 1 FROM v_ring_groups WHERE ring_group_extension = '${state}') THEN 'ring_group' ELSE 'extension' END`,
              )
              .trim();
        return [number, prefix, domain, state, stateKind];
      });
    const dids = model!.tenants.flatMap((t) => t.dids.map((d) => ({ tenant: t.domain, did: d })));
    const kindOf = (to: Destination) => to.type;
    let checked = 0;
    for (const [number, prefix, domain, target, kind] of rows) {
      const digits = `${prefix ?? ''}${number}`.replace(/\D/g, '');
      const found = dids.find(
        (d) =>
          d.tenant === domain && digits.endsWith(d.did.number.replace(/^\+(1|44|49)/, '').replace(/^0/, '')),
      );
      if (kind === 'none' || target === '202') {
        // No equivalent (queue, custom dialplan) or a disabled extension: not imported, reported.
        expect(found, `${domain} ${number}`).toBeUndefined();
        continue;
      }
      if (!found) {
        // The only other reason for a missing DID: another tenant claimed the number first.
        expect(readFileSync(join(r.out, 'IMPORT-REPORT.md'), 'utf8')).toContain(`destination ${number}`);
        continue;
      }
      checked++;
      if (kind === 'schedule') {
        expect(found.did.schedule, number).toBeDefined();
        expect(found.did.closed, number).toBeDefined();
      } else {
        expect(kindOf(found.did.to), `${domain} ${number} → ${target}`).toBe(kind);
        if (kind !== 'voicemail')
          expect(JSON.stringify(found.did.to)).toContain(kind === 'ivr' ? '' : target);
        else expect(found.did.to).toEqual({ type: 'voicemail', box: target?.slice(3) });
      }
    }
    expect(checked).toBeGreaterThanOrEqual(10);

    // The same, as pbxc explain walks the compiled spec: a DID from its trunk on a Wednesday
    // morning (open everywhere) reaches that kind of target first.
    const label: Record<string, (target: string) => string> = {
      extension: (t) => `extension ${t}`,
      ring_group: (t) => `ring group ${t}`,
      ivr: () => 'IVR ',
      voicemail: (t) => `voicemail ${t.slice(3)}`,
      schedule: () => 'schedule ',
      queue: (t) => `queue ${t}`,
      conference: (t) => `conference room ${t}`,
    };
    let explained = 0;
    for (const [number, prefix, domain, target, kind] of rows) {
      const digits = `${prefix ?? ''}${number}`.replace(/\D/g, '');
      const found = dids.find(
        (d) =>
          d.tenant === domain && digits.endsWith(d.did.number.replace(/^\+(1|44|49)/, '').replace(/^0/, '')),
      );
      if (!found || kind === 'none') continue;
      const tenant = model!.tenants.find((t) => t.domain === domain)!;
      const e = await run([
        'explain',
        '--spec',
        r.out,
        tenant.id,
        found.did.number,
        '--from-trunk',
        found.did.trunk,
        '--at',
        '2026-12-02 10:00',
        '--format',
        'json',
      ]);
      expect(e.code, e.stderr).toBe(0);
      const steps = (JSON.parse(e.stdout) as { steps: { depth: number; text: string }[] }).steps
        .filter((x) => x.depth === 0)
        .map((x) => x.text)
        .filter((t) => !/^(DID |trunk ACL|call filters)/.test(t));
      expect(steps[0], `${domain} ${number} → ${kind} ${target}`).toMatch(
        new RegExp(`^${label[kind as string]!(target ?? '').replace(/[+*]/g, '\\$&')}`),
      );
      explained++;
    }
    expect(explained).toBe(checked);
  });

  it('secrets appear only in the --secrets file, mode 0600, never in the spec', async () => {
    const secrets = join(work, 'only-secrets.yaml');
    const r = await importTo('odd', 'secrets', ['--secrets', secrets, '--keep-passwords']);
    expect(r.code).toBe(0);
    expect(statSync(secrets).mode & 0o777).toBe(0o600);
    const values = parse(readFileSync(secrets, 'utf8')) as Record<string, string>;
    const passwords = pg
      .psql(
        'odd',
        'SELECT password FROM v_gateways WHERE enabled AND password IS NOT NULL UNION SELECT password FROM v_extensions WHERE enabled AND password IS NOT NULL',
      )
      .trim()
      .split('\n');
    expect(passwords.length).toBeGreaterThan(10);
    for (const p of passwords) expect(Object.values(values)).toContain(p);
    const disabledGateway = pg.psql('odd', 'SELECT password FROM v_gateways WHERE NOT enabled').trim();
    const spec = [...readTree(r.out).values()].join('\n');
    for (const p of [...passwords, disabledGateway]) expect(spec).not.toContain(p);
    expect(Object.values(values)).not.toContain(disabledGateway);
    expect(`${r.stdout}\n${r.stderr}`).not.toContain(passwords[0]);
    // Secrets stay out of the audit tree too, and render fills them in.
    const build = await run(['build', '--spec', r.out, '--out', join(work, 'secrets-gen')]);
    expect(build.code).toBe(0);
    const generated = [...readTree(join(work, 'secrets-gen')).values()].join('\n');
    for (const p of passwords) expect(generated).not.toContain(p);
  });

  it('--keep-passwords names the old SIP passwords; without it pbxc derives them', async () => {
    const kept = readTree(
      (await importTo('sample', 'kept', ['--keep-passwords', '--secrets', join(work, 'kept.yaml')])).out,
    );
    expect(kept.get('tenants/acme.yaml')).toContain('password: { secret: acme-sip-1000 }');
    const derived = readTree((await importTo('sample', 'derived')).out);
    expect(derived.get('tenants/acme.yaml')).not.toContain('acme-sip-');
    expect(readFileSync(join(work, 'kept.yaml'), 'utf8')).toContain('"acme-sip-1000": "uk3McxUYz3xS7tWx"');
  });

  it('--domain imports only the named domains; an unknown one is a usage error', async () => {
    const r = await importTo('odd', 'one', ['--domain', 'berlin.example.net']);
    expect(r.code).toBe(0);
    expect([...readTree(r.out).keys()].filter((k) => k.startsWith('tenants/'))).toEqual([
      'tenants/berlin.yaml',
    ]);
    const bad = await importTo('odd', 'bad-domain', ['--domain', 'nope.example.com']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /PBX7003: no FusionPBX domain nope\.example\.com \(the database has acme\.example\.com/,
    );
  });

  it('a database that is not FusionPBX, or none at all, is a clear error (exit 2)', async () => {
    const other = await importTo('notfusion', 'nf');
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/PBX7002: .* is not a FusionPBX database/);
    const missing = await run([
      'import',
      'fusionpbx',
      '--db',
      `postgres://postgres@/x?host=${join(work, 'no-socket')}`,
      '--out',
      join(work, 'x'),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/PBX7001: cannot connect to/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const withPassword = await run([
      'import',
      'fusionpbx',
      '--db',
      `postgres://u:hunter2secret@/x?host=${join(work, 'no-socket')}`,
      '--out',
      join(work, 'x'),
    ]);
    expect(withPassword.stderr).not.toContain('hunter2secret');
  });

  it('refuses to overwrite a folder that is not a previous import, unless --force', async () => {
    const out = join(work, 'busy');
    const first = await importTo('sample', 'busy');
    expect(first.code).toBe(0);
    const again = await importTo('sample', 'busy');
    expect(again.code).toBe(0);
    const foreign = mkdtempSync(join(work, 'foreign-'));
    writeFileSync(join(foreign, 'notes.txt'), 'mine');
    const refused = await run(['import', 'fusionpbx', '--db', pg.url('sample'), '--out', foreign]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/PBX7004/);
    const forced = await run(['import', 'fusionpbx', '--db', pg.url('sample'), '--out', foreign, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(foreign, 'notes.txt'), 'utf8')).toBe('mine');
    expect(statSync(join(out, 'platform.yaml')).isFile()).toBe(true);
    const inside = await run([
      'import',
      'fusionpbx',
      '--db',
      pg.url('sample'),
      '--out',
      out,
      '--secrets',
      join(out, 's.yaml'),
    ]);
    expect(inside.code).toBe(2);
    expect(inside.stderr).toMatch(/PBX7005: secrets file .* lies inside the --out folder/);
  });
});
