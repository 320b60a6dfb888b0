import { describe, expect, it } from 'vitest';
import { conferenceProfile, mapConferences } from '../../src/import/fusionpbx/map/conferences.js';
import type { TenantContext } from '../../src/import/fusionpbx/map/context.js';
import type { Row } from '../../src/import/fusionpbx/rows.js';
import type { ReportItem } from '../../src/import/report.js';

const D = 'dddddddd-0000-4000-8000-000000000001';
const OTHER = 'dddddddd-0000-4000-8000-000000000002';

function context(tables: Record<string, Row[]>): TenantContext & { items: ReportItem[] } {
  const items: ReportItem[] = [];
  return {
    id: 't',
    domain: 't.example.com',
    uuid: D,
    country: { cc: '1', national: '1', international: '011', emergency: ['911'] } as never,
    rows: (t) => tables[t] ?? [],
    extensions: new Map(),
    disabledExtensions: new Map(),
    voicemailOn: new Set(),
    ringGroups: new Map(),
    queues: new Map(),
    ivrs: new Map(),
    ivrByUuid: new Map(),
    conferences: new Map(),
    schedules: new Map(),
    others: new Map(),
    callFlows: new Map(),
    items,
    report: (kind, object, why, todo) => items.push({ kind, object, why, todo }),
  };
}

const conf = (n: string, extra: Row = {}): Row => ({
  domain_uuid: D,
  conference_uuid: `c-${n}`,
  conference_extension: n,
  conference_name: `Room ${n}`,
  conference_enabled: 'true',
  conference_profile: 'default',
  ...extra,
});

describe('import: FusionPBX conferences → pbxc rooms', () => {
  it('maps number, name and PIN; skips disabled rooms and other tenants', () => {
    const ctx = context({
      v_conferences: [
        conf('3001', { conference_pin_number: '4321' }),
        conf('3000'),
        conf('3002', { conference_enabled: 'false' }),
        conf('3003', { domain_uuid: OTHER }),
      ],
    });
    const rooms = mapConferences(ctx, () => undefined);
    expect(rooms.map((r) => r.doc)).toEqual([
      { number: '3000', name: 'Room 3000' },
      { number: '3001', name: 'Room 3001', pin: '4321' },
    ]);
    expect(ctx.items.map((i) => [i.kind, i.object])).toEqual([['skipped', 'conference 3002 "Room 3002"']]);
  });

  it('never opens a room: a PIN pbxc cannot take skips the room with a decision', () => {
    for (const pin of ['12', 'abcd', '1234567890123']) {
      const ctx = context({ v_conferences: [conf('3000', { conference_pin_number: pin })] });
      expect(mapConferences(ctx, () => undefined)).toEqual([]);
      expect(ctx.items[0]).toMatchObject({ kind: 'decision', object: 'conference 3000 "Room 3000"' });
      expect(ctx.items[0]!.why).toMatch(/would open the room/);
    }
  });

  it('a number another object uses is a decision; member flags are reported', () => {
    const ctx = context({
      v_conferences: [conf('3000'), conf('3001', { conference_flags: 'mute|nomoh' })],
    });
    const rooms = mapConferences(ctx, (n) => (n === '3000' ? 'extension 3000' : undefined));
    expect(rooms.map((r) => r.number)).toEqual(['3001']);
    expect(ctx.items.map((i) => [i.kind, i.object, i.why])).toEqual([
      ['decision', 'conference 3000 "Room 3000"', 'extension 3000 has the same number'],
      [
        'changed',
        'conference 3001 "Room 3001"',
        'its member flags mute|nomoh have no pbxc setting; members join speaking and hearing',
      ],
    ]);
  });

  it('conference centers: the first room takes the center number with both PINs, wait-mod and record', () => {
    const ctx = context({
      v_conference_centers: [
        {
          domain_uuid: D,
          conference_center_uuid: 'cc-1',
          conference_center_name: 'Meetings',
          conference_center_extension: '3500',
          conference_center_enabled: true,
        },
      ],
      v_conference_rooms: [
        {
          domain_uuid: D,
          conference_center_uuid: 'cc-1',
          conference_room_name: 'Board',
          participant_pin: '135 792 468',
          moderator_pin: '246813579',
          wait_mod: 'true',
          record: true,
          max_members: 1000,
          profile: 'wideband',
          enabled: 'true',
        },
        {
          domain_uuid: D,
          conference_center_uuid: 'cc-1',
          conference_room_name: 'Sales',
          participant_pin: '111222333',
          enabled: 'true',
        },
      ],
    });
    const rooms = mapConferences(ctx, () => undefined);
    expect(rooms.map((r) => r.doc)).toEqual([
      {
        number: '3500',
        name: 'Board',
        pin: '135792468',
        moderator_pin: '246813579',
        max_members: 500,
        wait_for_moderator: true,
        record: true,
      },
    ]);
    expect(ctx.items.map((i) => [i.kind, i.object])).toEqual([
      ['changed', 'conference center 3500 "Meetings" room "Board"'],
      ['decision', 'conference center 3500 "Meetings" room "Sales"'],
    ]);
    expect(conferenceProfile(ctx, rooms)).toEqual({ rate: 16000 });
  });

  it('the tenant profile takes the rate most rooms use and reports a mix', () => {
    const ctx = context({
      v_conferences: [
        conf('3000', { conference_profile: 'wideband' }),
        conf('3001', { conference_profile: 'wideband' }),
        conf('3002', { conference_profile: 'default' }),
      ],
    });
    const rooms = mapConferences(ctx, () => undefined);
    expect(conferenceProfile(ctx, rooms)).toEqual({ rate: 16000 });
    expect(ctx.items.at(-1)).toMatchObject({ kind: 'changed', object: 'conference profiles' });
  });
});
