// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here are FreeSWITCH variable names, not templates.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readFusion } from '../../src/import/fusionpbx/reader.js';
import type { FusionRows, Row } from '../../src/import/fusionpbx/rows.js';
import { run } from '../helpers/cli.js';
import { CASES, FIXED } from './helpers/fixture.js';
import { PG_AVAILABLE, type PgServer, startPostgres } from './helpers/postgres.js';

if (!PG_AVAILABLE)
  console.warn('SKIPPED: the US dial plan import test because PostgreSQL 15 (initdb, pg_ctl) is absent');

const OUTBOUND = '8c914ec3-9fc0-8ab5-4cda-6c9288bdc9a3';
const str = (r: Row, k: string) => (r[k] == null ? '' : String(r[k]));

/**
 * FusionPBX's own outbound routing, evaluated independently of the importer: the domain's
 * outbound-route dialplans in dialplan_order, each matching when its toll_allow condition (a regex
 * on the extension's toll_allow) and its destination_number regex both match; the first one
 * bridges prefix + $1. undefined: no route.
 */
function fusionRoute(rows: FusionRows, tollAllow: string, dialled: string): string | undefined {
  const plans = rows.v_dialplans
    .filter((p) => str(p, 'app_uuid') === OUTBOUND && !str(p, 'dialplan_name').startsWith('call_direction'))
    .sort((a, b) => Number(a.dialplan_order) - Number(b.dialplan_order));
  for (const p of plans) {
    const details = rows.v_dialplan_details.filter((d) => d.dialplan_uuid === p.dialplan_uuid);
    let m: RegExpExecArray | null = null;
    let ok = true;
    for (const d of details.filter((x) => x.dialplan_detail_tag === 'condition')) {
      const re = new RegExp(str(d, 'dialplan_detail_data'));
      const field = str(d, 'dialplan_detail_type');
      if (field === 'destination_number') m = re.exec(dialled);
      else if (field === '${toll_allow}') ok &&= re.test(tollAllow);
      else if (field === '${user_exists}') ok &&= re.test('false');
    }
    if (!ok || !m) continue;
    const bridge = details.find((d) => d.dialplan_detail_type === 'bridge');
    return str(bridge!, 'dialplan_detail_data')
      .replace(/^sofia\/gateway\/[^/]+\//, '')
      .replace('$1', m[1] ?? '');
  }
  return undefined;
}

/** What a US carrier makes of the digits FusionPBX sends: E.164, or the short code itself. */
function carrierE164(sent: string): string {
  if (sent.startsWith('+')) return sent;
  if (sent.startsWith('011')) return `+${sent.slice(3)}`;
  if (/^1[0-9]{10}$/.test(sent)) return `+${sent}`;
  if (/^[0-9]{10}$/.test(sent)) return `+1${sent}`;
  return sent;
}

const DIALLED = [
  '011442079460000',
  '0114930123456',
  '13125550100',
  '+13125550100',
  '3125550100',
  '18005550100',
  '8885550100',
  '911',
  '933',
  '12345',
];

describe.skipIf(!PG_AVAILABLE)('import of a US dial plan (FusionPBX North America routes)', () => {
  let pg: PgServer;
  let work: string;
  let spec: string;
  let rows: FusionRows;
  beforeAll(async () => {
    pg = startPostgres();
    pg.load('us', CASES.us);
    rows = await readFusion(pg.url('us'));
    work = mkdtempSync(join(tmpdir(), 'import-us-'));
    spec = join(work, 'spec');
    const r = await run(['import', 'fusionpbx', '--db', pg.url('us'), '--out', spec, ...FIXED]);
    expect(r.code).toBe(0);
  }, 180_000);
  afterAll(() => {
    pg?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const explain = async (from: string, number: string) => {
    const r = await run(['explain', '--spec', spec, 'chicago', number, '--from', from, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout).outcome as { kind: string; number?: string; reason?: string };
  };

  it('keeps international, 1+10, 10-digit, toll-free and 911 each routed as FusionPBX routes them', async () => {
    const exts = rows.v_extensions.map((e) => [str(e, 'extension'), str(e, 'toll_allow')] as const);
    expect(exts.length).toBe(7);
    const disagreements: string[] = [];
    for (const [ext, toll] of exts)
      for (const number of DIALLED) {
        const sent = fusionRoute(rows, toll, number);
        const got = await explain(ext, number);
        const want = sent === undefined ? 'not dialled' : `trunk ${carrierE164(sent)}`;
        const have =
          got.kind === 'trunk'
            ? `trunk ${got.number}`
            : ['no_route', 'rejected'].includes(got.kind)
              ? 'not dialled'
              : got.kind;
        if (want !== have)
          disagreements.push(`${ext} (${toll}) dials ${number}: FusionPBX ${want}, pbxc ${have}`);
      }
    expect(disagreements).toEqual([]);
  }, 120_000);

  it('the five international extensions reach 011 numbers, and nobody is refused a national call', async () => {
    for (const ext of ['200', '201', '202', '203', '204'])
      expect(await explain(ext, '011442079460000')).toMatchObject({ kind: 'trunk', number: '+442079460000' });
    for (const ext of ['205', '206'])
      expect(await explain(ext, '011442079460000')).toMatchObject({ kind: 'rejected' });
    for (const ext of ['200', '205', '206'])
      for (const n of ['13125550100', '3125550100'])
        expect(await explain(ext, n)).toMatchObject({ kind: 'trunk', number: '+13125550100' });
  });

  it('writes one pbxc route per distinct routing and says where a FusionPBX route cannot be kept', () => {
    const tenant = parse(readFileSync(join(spec, 'tenants/chicago.yaml'), 'utf8'));
    expect(tenant.dialing.national_without_prefix).toEqual([10]);
    const routes = tenant.outbound_routes as { name: string; prefixes?: string[]; allow?: string[] }[];
    const intl = routes.find((r) => r.prefixes?.includes('+'));
    const national = routes.find((r) => r.prefixes?.includes('+1'));
    expect(intl?.allow).toEqual(['200', '201', '202', '203', '204']);
    expect(national?.allow).toBeUndefined();
    const report = readFileSync(join(spec, 'IMPORT-REPORT.md'), 'utf8');
    // 7-digit local dialling (bridged with the area code) has no pbxc equivalent: a decision.
    const lines = report.split('\n');
    const at = lines.findIndex((l) => l.startsWith('| chicago | outbound route us-carrier.7d '));
    expect(lines[at]).toMatch(/7-digit numbers/);
    expect(lines.slice(0, at).findLast((l) => l.startsWith('## '))).toBe('## Needs a decision');
  });
});
