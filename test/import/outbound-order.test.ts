// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here are FreeSWITCH variable names, not templates.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { importFusion } from '../../src/import/fusionpbx/index.js';
import { fusionRows, type Row } from '../../src/import/fusionpbx/rows.js';

/** FusionPBX tries outbound routes by order, pbxc by longest prefix: where that differs, it is a decision. */

const D = 'dddddddd-0000-4000-8000-000000000001';
const OUT = '8c914ec3-9fc0-8ab5-4cda-6c9288bdc9a3';
const GW = (n: number) => `dddddddd-0000-4000-8007-00000000000${n}`;

function route(n: number, order: number, regex: string, gw: number, sent: string, toll?: string) {
  const uuid = `dddddddd-0000-4000-8006-00000000000${n}`;
  const plan: Row = {
    domain_uuid: D,
    dialplan_uuid: uuid,
    app_uuid: OUT,
    dialplan_context: 'us.example.com',
    dialplan_name: `gw${gw}.r${n}`,
    dialplan_order: order,
    dialplan_enabled: true,
  };
  const detail = (k: number, tag: string, type: string, data: string): Row => ({
    domain_uuid: D,
    dialplan_uuid: uuid,
    dialplan_detail_uuid: `${uuid}-${k}`,
    dialplan_detail_tag: tag,
    dialplan_detail_type: type,
    dialplan_detail_data: data,
    dialplan_detail_group: 0,
    dialplan_detail_order: k,
    dialplan_detail_enabled: true,
  });
  const details = [
    detail(1, 'condition', 'destination_number', regex),
    detail(3, 'action', 'bridge', `sofia/gateway/${GW(gw)}/${sent}`),
  ];
  if (toll) details.push(detail(2, 'condition', '${toll_allow}', toll));
  return { plan, details };
}

function importRoutes(routes: ReturnType<typeof route>[]) {
  const r = importFusion(
    fusionRows({
      v_domains: [{ domain_uuid: D, domain_name: 'us.example.com', domain_enabled: true }],
      v_domain_settings: [
        {
          domain_uuid: D,
          domain_setting_category: 'domain',
          domain_setting_subcategory: 'time_zone',
          domain_setting_value: 'America/New_York',
          domain_setting_enabled: true,
        },
      ],
      v_extensions: ['200', '201'].map((n) => ({
        extension_uuid: `e-${n}`,
        domain_uuid: D,
        extension: n,
        user_context: 'us.example.com',
        toll_allow: n === '200' ? 'international' : 'domestic',
        enabled: true,
      })),
      v_gateways: [1, 2].map((n) => ({
        gateway_uuid: GW(n),
        domain_uuid: D,
        gateway: `gw${n}`,
        proxy: `192.0.2.${n}`,
        register: false,
        enabled: true,
      })),
      v_dialplans: routes.map((x) => x.plan),
      v_dialplan_details: routes.flatMap((x) => x.details),
    }),
    { domains: [], platform: 'test', keepPasswords: false, holidayYears: [2026], source: 'fixture' },
  );
  const tenant = parse(r.files.get('tenants/us.yaml') ?? '') as {
    outbound_routes: Record<string, unknown>[];
  };
  return { routes: tenant.outbound_routes, decisions: r.report.filter((i) => i.kind === 'decision') };
}

describe('outbound routes: FusionPBX order against pbxc longest prefix', () => {
  it('is a decision when an earlier, shorter route sent the numbers through another trunk', () => {
    const { routes, decisions } = importRoutes([
      route(1, 100, '^\\+?(\\d{11})$', 1, '$1'),
      route(2, 110, '^1?(8(00|33)[2-9]\\d{6})$', 2, '1$1'),
    ]);
    expect(routes.map((r) => [r.prefixes, r.trunk])).toEqual([
      [['+1800', '+1833'], 'gw2'],
      [['+1'], 'gw1'],
    ]);
    expect(decisions.filter((d) => d.object.startsWith('outbound route gw2.r2')).map((d) => d.why)).toEqual([
      expect.stringContaining('FusionPBX tried gw1.r1 first (lower order)'),
      expect.stringContaining('FusionPBX tried gw1.r1 first (lower order)'),
    ]);
  });

  it('is no decision when both send the numbers the same way, or the shorter route is international', () => {
    const same = importRoutes([
      route(1, 100, '^\\+?(\\d{11})$', 1, '$1'),
      route(2, 110, '^1?(8(00|33)[2-9]\\d{6})$', 1, '1$1'),
    ]);
    expect(same.decisions.filter((d) => d.object.startsWith('outbound route'))).toEqual([]);
    const intl = importRoutes([
      route(1, 100, '^(011\\d{9,17})$', 1, '$1', 'international'),
      route(2, 110, '^\\+?(\\d{11})$', 2, '$1'),
    ]);
    expect(intl.decisions.filter((d) => d.object.startsWith('outbound route'))).toEqual([]);
    expect(intl.routes.find((r) => (r.prefixes as string[]).includes('+'))?.allow).toEqual(['200']);
  });

  it('merges two routes for the same prefix only when trunk and restriction agree, else asks', () => {
    const merged = importRoutes([
      route(1, 100, '^\\+?(\\d{11})$', 1, '$1'),
      route(2, 110, '^(\\d{10})$', 1, '1$1'),
    ]);
    expect(merged.routes.filter((r) => (r.prefixes as string[]).includes('+1'))).toHaveLength(1);
    expect(merged.decisions.filter((d) => d.object.startsWith('outbound route'))).toEqual([]);
    const differ = importRoutes([
      route(1, 100, '^\\+?(\\d{11})$', 1, '$1', 'international'),
      route(2, 110, '^(\\d{10})$', 1, '1$1'),
    ]);
    expect(differ.decisions.map((d) => d.why)).toContainEqual(
      expect.stringMatching(/\+1 is also dialled by gw1\.r1 .*only 200 instead of everyone may call/),
    );
  });
});
