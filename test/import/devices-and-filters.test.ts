import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { importFusion } from '../../src/import/fusionpbx/index.js';
import { builtinType, deviceModel, functionType, modelKey } from '../../src/import/fusionpbx/map/devices.js';
import { fusionRows, type Row } from '../../src/import/fusionpbx/rows.js';

/**
 * FusionPBX's key functions (app/devices/app_config.php at c7a00dc: vendor, function type, value)
 * for the key types pbxc writes. The built-in table must read each value as its function.
 */
const FUSION_FUNCTIONS: [string, string, string][] = [
  ['yealink', 'line', '15'],
  ['yealink', 'call_park', '10'],
  ['yealink', 'speed_dial', '13'],
  ['yealink', 'blf', '16'],
  ['snom', 'blf', 'blf'],
  ['snom', 'line', 'line'],
  ['snom', 'speed_dial', 'speed'],
  ['polycom', 'line', 'line'],
  ['polycom', 'automata', 'automata'],
  ['polycom', 'normal', 'normal'],
  ['cisco', 'blf', 'blf'],
  ['cisco', 'line', 'line'],
  ['grandstream', 'line', 'line'],
  ['grandstream', 'speed_dial', 'speed dial'],
  ['grandstream', 'blf', 'blf'],
  ['grandstream', 'speed_dial_active', 'speed dial active'],
  ['grandstream', 'call_park', 'call park'],
  ['grandstream', 'monitored_call_park', 'monitored call park'],
  ['fanvil', 'line', '1'],
  ['fanvil', 'none', '3'],
  ['fanvil', 'call_park', 'c'],
  ['fanvil', 'speed_dial', 'f'],
  ['fanvil', 'blf_new', 'bc'],
  ['fanvil', 'blf_new_video', 'bcV'],
  ['fanvil', 'blf_bxfer', 'bb'],
  ['fanvil', 'blf_axfer', 'ba'],
  ['fanvil', 'blf_conference', 'bf'],
];

describe('phone keys and models as FusionPBX stores them', () => {
  it.each(FUSION_FUNCTIONS)('%s function %s (value %s) is read as that function', (vendor, type, value) => {
    expect(builtinType(vendor, value)).toBe(functionType(type));
  });

  it('reads Fanvil bc as BLF and 1 as a line key, not the other way round', () => {
    expect(builtinType('fanvil', 'bc')).toBe('blf');
    expect(builtinType('fanvil', '1')).toBe('line');
    expect(builtinType('fanvil', '2')).toBeUndefined(); // voicemail: reported, not guessed
  });

  it.each([
    ['polycom', 'VVX 450', 'polycom/vvx450', 'polycom', 'VVX450', false],
    ['polycom', 'vvx-450', undefined, 'polycom', 'VVX450', false],
    ['Polycom', 'VVX450 (office)', 'polycom/vvx450', 'polycom', 'VVX450', true],
    [undefined, undefined, 'yealink/t54w', 'yealink', 'T54W', false],
    ['snom', 'D 785', 'acme.example.com/snom/D785', 'snom', 'D785', false],
    ['gigaset', 'N510', 'gigaset/n510', undefined, undefined, false],
  ])('vendor %s model %s template %s → %s %s (from template: %s)', (v, m, t, vendor, model, fromTemplate) => {
    const r = deviceModel(v, m, t);
    expect(r.vendor).toBe(vendor);
    expect(r.model).toBe(model);
    expect(r.fromTemplate).toBe(fromTemplate);
  });

  it('normalises model names like FusionPBX template folders', () => {
    expect(modelKey('VVX 450')).toBe('vvx450');
    expect(modelKey('GXP-2170')).toBe('gxp2170');
  });
});

const D = 'cccccccc-0000-4000-8000-000000000001';
const ext = (n: string): Row => ({
  extension_uuid: `e-${n}`,
  domain_uuid: D,
  extension: n,
  effective_caller_id_name: `User ${n}`,
  user_context: 'one.example.com',
  enabled: true,
});
const block = (n: number, extra: Row): Row => ({
  domain_uuid: D,
  call_block_uuid: `cb-${n}`,
  call_block_direction: 'inbound',
  call_block_app: 'reject',
  call_block_enabled: true,
  ...extra,
});

function importOne(extra: Partial<Record<string, Row[]>>) {
  const r = importFusion(
    fusionRows({
      v_domains: [{ domain_uuid: D, domain_name: 'one.example.com', domain_enabled: true }],
      v_domain_settings: [
        {
          domain_uuid: D,
          domain_setting_category: 'domain',
          domain_setting_subcategory: 'time_zone',
          domain_setting_value: 'Europe/Berlin',
          domain_setting_enabled: true,
        },
      ],
      v_extensions: [ext('10'), ext('12'), ext('13')],
      ...extra,
    }),
    { domains: [], platform: 'test', keepPasswords: false, holidayYears: [2026], source: 'fixture' },
  );
  return { ...r, tenant: parse(r.files.get('tenants/one.yaml') ?? '') as Record<string, unknown> };
}

describe('devices from FusionPBX rows', () => {
  const device = (mac: string, vendor: string | null, model: string | null, template: string): Row => ({
    device_uuid: `d-${mac}`,
    domain_uuid: D,
    device_address: mac,
    device_vendor: vendor,
    device_model: model,
    device_template: template,
    device_enabled: true,
  });
  const line = (mac: string, user: string): Row => ({
    device_line_uuid: `l-${mac}`,
    domain_uuid: D,
    device_uuid: `d-${mac}`,
    line_number: '1',
    server_address: 'one.example.com',
    user_id: user,
    enabled: true,
  });
  const key = (mac: string, id: number, type: string, value: string | null): Row => ({
    device_key_uuid: `k-${mac}-${id}`,
    domain_uuid: D,
    device_uuid: `d-${mac}`,
    device_key_id: id,
    device_key_category: 'memory',
    device_key_vendor: 'fanvil',
    device_key_type: type,
    device_key_value: value,
  });

  it('keeps a Polycom stored as "VVX 450" and the BLF keys of a Fanvil (bc), without calling a BLF key unsupported', () => {
    const r = importOne({
      v_devices: [
        device('0004f2000001', 'polycom', 'VVX 450', 'polycom/vvx450'),
        device('0c383e000001', 'fanvil', 'X4U', 'fanvil/x4u'),
      ],
      v_device_lines: [line('0004f2000001', '10'), line('0c383e000001', '13')],
      v_device_keys: [
        key('0c383e000001', 1, '1', null),
        key('0c383e000001', 2, 'bc', '10'),
        key('0c383e000001', 3, 'bc', '12'),
        key('0c383e000001', 4, '2', '*97'),
      ],
    });
    const devices = r.tenant.devices as { model: string; keys?: unknown[] }[];
    expect(devices.map((d) => d.model)).toEqual(['VVX450', 'X4U']);
    expect(devices[1]!.keys).toEqual([
      { type: 'blf', extension: '10' },
      { type: 'blf', extension: '12' },
    ]);
    const keyLines = r.report.filter((i) => i.object.includes(' key '));
    // Only the voicemail key is reported, and it is named as what it is.
    expect(keyLines.map((i) => [i.object, i.why])).toEqual([
      [
        'device 0c383e000001 key memory 4 (2 *97)',
        'its fanvil function voicemail (2) is not a BLF, speed-dial or park key, the only key types pbxc writes',
      ],
    ]);
  });
});

describe('call block rows (FusionPBX app/call_block/index.lua)', () => {
  const filters = (rows: Row[]) => {
    const r = importOne({ v_call_block: rows });
    return { filters: (r.tenant.call_filters ?? []) as Record<string, unknown>[], report: r.report };
  };

  it('a row without a caller ID name blocks every number starting with its digits', () => {
    const { filters: f } = filters([
      block(1, { call_block_number: '0900', call_block_description: 'Premium rate' }),
      block(2, { call_block_number: '3055509', call_block_country_code: '49' }),
      block(3, { call_block_number: '+4930555012' }),
    ]);
    expect(f).toEqual([
      { name: 'Call block +4930555012', type: 'blacklist', pattern: '+4930555012*', action: 'reject' },
      { name: 'Call block 3055509', type: 'blacklist', pattern: '+493055509*', action: 'reject' },
      { name: 'Premium rate', type: 'blacklist', pattern: '+49900*', action: 'reject' },
    ]);
  });

  it('a row with a name and a number is an exact match, named by its description, with the name condition reported', () => {
    const { filters: f, report } = filters([
      block(1, {
        call_block_name: 'Robocaller',
        call_block_number: '3055509999',
        call_block_country_code: '49',
        call_block_description: 'Werbung',
      }),
      block(2, { call_block_name: 'Prank', call_block_number: '03055509998' }),
    ]);
    expect(f).toEqual([
      { name: 'Prank', type: 'blacklist', pattern: '+493055509998', action: 'reject' },
      { name: 'Werbung', type: 'blacklist', pattern: '+493055509999', action: 'reject' },
    ]);
    expect(report.filter((i) => /caller ID name was also exactly/.test(i.why)).length).toBe(2);
  });

  it('a name alone, or a name with a number no caller has, is reported and not turned into a filter', () => {
    const { filters: f, report } = filters([
      block(1, { call_block_name: 'V123456789' }),
      block(2, { call_block_name: 'Freephone spam', call_block_number: '0800' }),
    ]);
    expect(f).toEqual([]);
    expect(report).toContainEqual(
      expect.objectContaining({
        kind: 'skipped',
        why: expect.stringContaining('caller ID name "V123456789"'),
      }),
    );
    expect(report).toContainEqual(
      expect.objectContaining({
        kind: 'decision',
        why: expect.stringContaining('it blocks nothing'),
        todo: expect.stringContaining('"+49800*"'),
      }),
    );
  });
});

describe('internal numbers that clash with an emergency number (PBX3110)', () => {
  it('are not imported, with a decision, and leave no line, key or member behind', () => {
    const r = importOne({
      v_extensions: [ext('10'), ext('11'), ext('1120')],
      v_ring_groups: [
        {
          domain_uuid: D,
          ring_group_uuid: 'rg',
          ring_group_name: 'All',
          ring_group_extension: '30',
          ring_group_strategy: 'simultaneous',
          ring_group_enabled: true,
        },
      ],
      v_ring_group_destinations: [
        {
          ring_group_uuid: 'rg',
          destination_number: '10',
          destination_delay: 0,
          destination_timeout: 20,
          destination_enabled: true,
        },
        {
          ring_group_uuid: 'rg',
          destination_number: '11',
          destination_delay: 0,
          destination_timeout: 20,
          destination_enabled: true,
        },
      ],
    });
    expect((r.tenant.extensions as { number: string }[]).map((e) => e.number)).toEqual(['10']);
    expect((r.tenant.ring_groups as { members: string[] }[])[0]!.members).toEqual(['10']);
    const decisions = r.report.filter((i) => i.kind === 'decision' && /emergency number/.test(i.why));
    expect(decisions.map((i) => i.object).sort()).toEqual(['extension 11', 'extension 1120']);
    expect(decisions.find((i) => i.object === 'extension 11')!.why).toMatch(
      /it is the start of the emergency number 110/,
    );
  });
});
