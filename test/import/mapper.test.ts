import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { importFusion } from '../../src/import/fusionpbx/index.js';
import { settingText } from '../../src/import/fusionpbx/map/extensions.js';
import { fusionRows, type Row } from '../../src/import/fusionpbx/rows.js';

/** A small FusionPBX install as rows, without a database: 5.4-style text booleans on purpose. */
const D1 = 'aaaaaaaa-0000-4000-8000-000000000001';
const D2 = 'aaaaaaaa-0000-4000-8000-000000000002';
const ext = (domain: string, n: string, extra: Row = {}): Row => ({
  extension_uuid: `e-${domain}-${n}`,
  domain_uuid: domain,
  extension: n,
  effective_caller_id_name: `User ${n}`,
  user_context: domain === D1 ? 'one.example.com' : 'two.example.com',
  enabled: 'true',
  password: `pw-${n}-secret`,
  ...extra,
});

function rows(extra: Partial<Record<string, Row[]>> = {}) {
  return fusionRows({
    v_domains: [
      { domain_uuid: D1, domain_name: 'one.example.com', domain_enabled: 'true', domain_description: 'One' },
      { domain_uuid: D2, domain_name: 'two.example.com', domain_enabled: true },
    ],
    v_domain_settings: [
      {
        domain_uuid: D1,
        domain_setting_category: 'domain',
        domain_setting_subcategory: 'time_zone',
        domain_setting_value: 'Europe/Berlin',
        domain_setting_enabled: 'true',
      },
      {
        domain_uuid: D2,
        domain_setting_category: 'domain',
        domain_setting_subcategory: 'time_zone',
        domain_setting_value: 'Europe/Berlin',
        domain_setting_enabled: 'true',
      },
    ],
    v_extensions: [
      ext(D1, '10', {
        forward_all_enabled: 'false',
        forward_busy_enabled: 'true',
        forward_busy_destination: '12',
      }),
      ext(D1, '13'), // not 11: in a German tenant 11 is the start of 110 and 112 (PBX3110)
      ext(D1, '12', { enabled: 'false' }),
      ext(D2, '10'),
    ],
    v_voicemails: [{ domain_uuid: D1, voicemail_id: '10', voicemail_enabled: 'true' }],
    v_ring_groups: [
      {
        domain_uuid: D1,
        ring_group_uuid: 'rg-1',
        ring_group_name: 'Inner',
        ring_group_extension: '20',
        ring_group_strategy: 'sequence',
        ring_group_enabled: 'true',
      },
      {
        domain_uuid: D1,
        ring_group_uuid: 'rg-2',
        ring_group_name: 'Outer',
        ring_group_extension: '21',
        ring_group_strategy: 'simultaneous',
        ring_group_enabled: 'true',
        ring_group_timeout_app: 'transfer',
        ring_group_timeout_data: '*9910 XML one.example.com',
      },
    ],
    v_ring_group_destinations: [
      {
        ring_group_uuid: 'rg-1',
        destination_number: '13',
        destination_delay: '0',
        destination_timeout: '20',
        destination_enabled: 'true',
      },
      {
        ring_group_uuid: 'rg-1',
        destination_number: '12',
        destination_delay: '1',
        destination_timeout: '20',
        destination_enabled: 'true',
      },
      {
        ring_group_uuid: 'rg-2',
        destination_number: '10',
        destination_delay: '0',
        destination_timeout: '25',
        destination_enabled: 'true',
      },
      {
        ring_group_uuid: 'rg-2',
        destination_number: '20',
        destination_delay: '0',
        destination_timeout: '25',
        destination_enabled: 'true',
      },
    ],
    v_gateways: [
      {
        gateway_uuid: 'bbbbbbbb-0000-4000-8000-000000000001',
        domain_uuid: D1,
        gateway: 'Carrier',
        proxy: '192.0.2.77',
        register: 'false',
        enabled: 'true',
      },
      {
        gateway_uuid: 'bbbbbbbb-0000-4000-8000-000000000002',
        domain_uuid: D2,
        gateway: 'Other',
        proxy: 'sip.other.example.net',
        username: 'u2',
        password: 'gw-secret-2',
        register: 'true',
        enabled: 'true',
      },
    ],
    v_destinations: [
      {
        domain_uuid: D1,
        destination_type: 'inbound',
        destination_number: '030555000',
        destination_enabled: 'true',
        destination_actions: '[{"destination_app":"transfer","destination_data":"21 XML one.example.com"}]',
      },
      {
        domain_uuid: D2,
        destination_type: 'inbound',
        destination_number: '+4930555000',
        destination_enabled: 'true',
        destination_actions: [{ destination_app: 'transfer', destination_data: '10 XML two.example.com' }],
      },
    ],
    ...extra,
  });
}

const run = (r = rows(), keepPasswords = false) =>
  importFusion(r, { domains: [], platform: 'test', keepPasswords, holidayYears: [2026], source: 'fixture' });
const tenant = (r: ReturnType<typeof run>, id: string) =>
  parse(r.files.get(`tenants/${id}.yaml`) ?? '') as Record<string, unknown>;

describe('importFusion (pure, rows in memory)', () => {
  it('reads 5.4-style text booleans like real ones', () => {
    const one = tenant(run(), 'one');
    expect((one.extensions as { number: string }[]).map((e) => e.number)).toEqual(['10', '13']);
    expect(one.extensions).toContainEqual({ number: '10', name: 'User 10', voicemail: true });
  });

  it('expands a ring group that points at another and drops the disabled member with a report line', () => {
    const r = run();
    const groups = tenant(r, 'one').ring_groups as Record<string, unknown>[];
    expect(groups).toEqual([
      { number: '20', name: 'Inner', strategy: 'sequence', ring_timeout: 40, members: ['13'] },
      {
        number: '21',
        name: 'Outer',
        strategy: 'simultaneous',
        ring_timeout: 25,
        members: ['10', '13'],
        on_no_answer: { voicemail: '10' },
      },
    ]);
    expect(r.report).toContainEqual(
      expect.objectContaining({
        tenant: 'one',
        kind: 'skipped',
        object: 'ring group 20 "Inner" member 12 (delay 1 s, timeout 20 s)',
      }),
    );
    expect(r.report).toContainEqual(
      expect.objectContaining({ object: 'extension 10 forward on busy to 12' }),
    );
  });

  it('gives a DID claimed by two domains to the first and reports the other as a decision', () => {
    const r = run();
    expect((tenant(r, 'one').dids as { number: string }[]).map((d) => d.number)).toEqual(['+4930555000']);
    expect(tenant(r, 'two').dids).toBeUndefined();
    expect(r.report).toContainEqual(
      expect.objectContaining({
        tenant: 'two',
        kind: 'decision',
        why: expect.stringContaining('already imported for tenant one'),
      }),
    );
  });

  it('makes an IP-authenticated gateway a trunk with a whitelist of its address', () => {
    const r = run();
    expect(tenant(r, 'one').trunks).toEqual([
      { id: 'carrier', host: '192.0.2.77', transport: 'udp', register: false, inbound_from: ['one-carrier'] },
    ]);
    expect(
      (parse(r.files.get('platform.yaml') ?? '') as { firewall: { whitelists: unknown } }).firewall
        .whitelists,
    ).toEqual({
      'one-carrier': ['192.0.2.77'],
      'two-other-todo': ['192.0.2.1'],
    });
    expect(r.secrets).toEqual({ 'two-trunk-other': 'gw-secret-2' });
    for (const text of r.files.values()) expect(text).not.toContain('gw-secret-2');
  });

  it('writes no password to the spec; --keep-passwords names them and returns the values', () => {
    const plain = run();
    for (const text of plain.files.values()) expect(text).not.toMatch(/pw-\d+-secret/);
    const kept = run(rows(), true);
    for (const text of kept.files.values()) expect(text).not.toMatch(/pw-\d+-secret/);
    expect(kept.secrets).toEqual({
      'one-sip-10': 'pw-10-secret',
      'one-sip-13': 'pw-13-secret',
      'two-sip-10': 'pw-10-secret',
      'two-trunk-other': 'gw-secret-2',
    });
  });

  it('skips disabled domains and lists them', () => {
    const r = run(
      rows({ v_domains: [{ domain_uuid: D1, domain_name: 'one.example.com', domain_enabled: 'false' }] }),
    );
    expect([...r.files.keys()].filter((k) => k.startsWith('tenants/'))).toEqual([]);
    expect(r.report).toContainEqual(
      expect.objectContaining({ kind: 'skipped', object: 'domain one.example.com' }),
    );
  });

  it('is deterministic whatever order the rows come in', () => {
    const a = run();
    const shuffled = Object.fromEntries(Object.entries(rows()).map(([k, v]) => [k, [...v].reverse()]));
    const b = run(fusionRows(shuffled));
    expect([...b.files.entries()]).toEqual([...a.files.entries()]);
  });
});

describe('the reference safety net', () => {
  it('drops what leads to an object that did not make it, and reports it', () => {
    const base = rows();
    const r = run(
      fusionRows({
        ...base,
        v_ring_groups: [
          ...base.v_ring_groups,
          {
            domain_uuid: D1,
            ring_group_uuid: 'rg-3',
            ring_group_name: 'Empty',
            ring_group_extension: '22',
            ring_group_strategy: 'simultaneous',
            ring_group_enabled: 'true',
          },
        ],
        v_ring_group_destinations: [
          ...base.v_ring_group_destinations,
          {
            ring_group_uuid: 'rg-3',
            destination_number: '12',
            destination_delay: '0',
            destination_timeout: '20',
            destination_enabled: 'true',
          },
        ],
        v_ivr_menus: [
          {
            domain_uuid: D1,
            ivr_menu_uuid: 'ivr-1',
            ivr_menu_name: 'Menu',
            ivr_menu_extension: '30',
            ivr_menu_enabled: 'true',
            ivr_menu_greet_long: 'menu.wav',
          },
        ],
        v_ivr_menu_options: [
          {
            ivr_menu_uuid: 'ivr-1',
            ivr_menu_option_digits: '1',
            ivr_menu_option_action: 'menu-exec-app',
            ivr_menu_option_param: 'transfer 22 XML one.example.com',
            ivr_menu_option_enabled: 'true',
          },
        ],
        v_destinations: [
          {
            domain_uuid: D1,
            destination_type: 'inbound',
            destination_number: '030555000',
            destination_enabled: 'true',
            destination_actions:
              '[{"destination_app":"transfer","destination_data":"30 XML one.example.com"}]',
          },
        ],
      }),
    );
    const one = tenant(r, 'one');
    expect(one.ivr_menus).toBeUndefined();
    expect(one.dids).toBeUndefined();
    expect(one.aliases).toBeUndefined();
    expect(r.report).toContainEqual(
      expect.objectContaining({ object: 'IVR menu option 1', kind: 'skipped' }),
    );
    expect(r.report).toContainEqual(
      expect.objectContaining({ object: 'IVR menu', why: expect.stringContaining('none of its options') }),
    );
    expect(r.report).toContainEqual(expect.objectContaining({ object: 'DID +4930555000' }));
  });
});

describe('report texts', () => {
  it('never shows the value of a credential-like setting', () => {
    expect(settingText('absolute_codec_string', 'G722')).toBe('absolute_codec_string=G722');
    expect(settingText('sip_auth_password', 's3cret')).toBe('sip_auth_password (value not shown)');
    expect(settingText('api_token', 'x')).not.toContain('x)');
  });
});
