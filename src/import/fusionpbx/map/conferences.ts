import { label } from '../names.js';
import { enabled, flag, int, type Row, text } from '../rows.js';
import type { TenantContext } from './context.js';

/**
 * FusionPBX conferences as pbxc conference rooms.
 *
 * - "Conferences" (v_conferences): a number, a name, one PIN (conference_pin_number), a profile and
 *   member flags. Each becomes a room on its number with that PIN.
 * - "Conference Centers" (v_conference_centers + v_conference_rooms): one number for the center;
 *   the caller's PIN picks the room (participant_pin, or moderator_pin to moderate). A pbxc room has
 *   its own number, so a center with one room becomes that room on the center's number; with
 *   several, the first (by name) does and the others are a decision (they need numbers).
 *
 * PINs stay digits in the spec, as pbxc keeps them (conferences[].pin is spec data; the dialplan
 * never shows it). A PIN pbxc cannot take (not 3..12 digits) is never dropped silently: the room is
 * skipped with a decision, because dropping it would open the room to anyone.
 */
export interface ConferenceRoom {
  readonly number: string;
  readonly doc: Record<string, unknown>;
  /** FusionPBX conference profile name (default, wideband, ...), for the tenant's profile. */
  readonly profile?: string;
}

const PIN = /^[0-9]{3,12}$/;
const NUMBER = /^[0-9]{2,10}$/;

/** Sample rate of FreeSWITCH's stock conference profiles, the ones FusionPBX offers. */
export const PROFILE_RATES: Readonly<Record<string, number>> = {
  default: 8000,
  wideband: 16000,
  ultrawideband: 32000,
  cdquality: 48000,
  'video-mcu-stereo': 48000,
  'video-mcu-stereo-720': 48000,
  'video-mcu-stereo-480': 48000,
  'video-mcu-stereo-320': 48000,
};

const mine = (ctx: TenantContext, table: string) =>
  ctx.rows(table).filter((r) => text(r, 'domain_uuid') === ctx.uuid);

function pinOf(raw: string | undefined): string | undefined | null {
  if (raw === undefined) return undefined;
  const digits = raw.replace(/[\s-]/g, '');
  return PIN.test(digits) ? digits : null;
}

/** The rooms of one tenant, registered by number (numbers other objects use are decisions). */
export function mapConferences(
  ctx: TenantContext,
  taken: (n: string) => string | undefined,
): ConferenceRoom[] {
  const rooms: ConferenceRoom[] = [];
  const add = (where: string, number: string, room: Omit<ConferenceRoom, 'number'>): void => {
    const clash = taken(number) ?? rooms.find((r) => r.number === number)?.doc.name;
    if (!NUMBER.test(number)) {
      ctx.report('skipped', where, 'its number is not a pbxc number', 'give the room a number');
      return;
    }
    if (clash !== undefined) {
      ctx.report('decision', where, `${clash} has the same number`, 'renumber one of them');
      return;
    }
    rooms.push({ number, ...room });
  };

  for (const c of [...mine(ctx, 'v_conferences')].sort((a, b) =>
    (text(a, 'conference_extension') ?? '').localeCompare(text(b, 'conference_extension') ?? ''),
  )) {
    const number = text(c, 'conference_extension') ?? '';
    const name = label(text(c, 'conference_name')) ?? `Conference ${number}`;
    const where = `conference ${number} "${name}"`;
    if (!enabled(c, 'conference_enabled')) {
      ctx.report('skipped', where, 'it is disabled in FusionPBX', 'nothing to do');
      continue;
    }
    const pin = pinOf(text(c, 'conference_pin_number'));
    if (pin === null) {
      ctx.report(
        'decision',
        where,
        'its PIN is not 3 to 12 digits, which pbxc rooms need; importing it without the PIN would open the room',
        'choose a PIN of 3 to 12 digits and add the room by hand',
      );
      continue;
    }
    const flags = (text(c, 'conference_flags') ?? '')
      .split('|')
      .map((f) => f.trim())
      .filter((f) => f !== '');
    if (flags.length > 0)
      ctx.report(
        'changed',
        where,
        `its member flags ${flags.join('|')} have no pbxc setting; members join speaking and hearing`,
        'nothing, unless the flags mattered (then keep that room outside pbxc)',
      );
    const profile = text(c, 'conference_profile');
    add(where, number, { doc: { number, name, ...(pin ? { pin } : {}) }, ...(profile ? { profile } : {}) });
  }

  for (const center of [...mine(ctx, 'v_conference_centers')].sort((a, b) =>
    (text(a, 'conference_center_extension') ?? '').localeCompare(
      text(b, 'conference_center_extension') ?? '',
    ),
  )) {
    const number = text(center, 'conference_center_extension') ?? '';
    const centerName = label(text(center, 'conference_center_name')) ?? `Conference center ${number}`;
    const where = `conference center ${number} "${centerName}"`;
    if (!enabled(center, 'conference_center_enabled')) {
      ctx.report('skipped', where, 'it is disabled in FusionPBX', 'nothing to do');
      continue;
    }
    const rows = mine(ctx, 'v_conference_rooms')
      .filter((r) => text(r, 'conference_center_uuid') === text(center, 'conference_center_uuid'))
      .filter((r) => enabled(r, 'enabled'))
      .sort((a, b) =>
        (text(a, 'conference_room_name') ?? '').localeCompare(text(b, 'conference_room_name') ?? ''),
      );
    if (rows.length === 0) {
      ctx.report('skipped', where, 'it has no enabled room', 'nothing to do');
      continue;
    }
    rows.forEach((r, i) => {
      const roomName = label(text(r, 'conference_room_name')) ?? centerName;
      const roomWhere = `${where} room "${roomName}"`;
      if (i > 0) {
        ctx.report(
          'decision',
          roomWhere,
          `a pbxc room has its own number; the center's number ${number} went to room "${label(text(rows[0], 'conference_room_name')) ?? centerName}", where FusionPBX told the rooms apart by PIN`,
          'give this room a number of its own in conferences',
        );
        return;
      }
      const doc = roomDoc(ctx, roomWhere, number, roomName, r);
      if (!doc) return;
      const profile = text(r, 'profile');
      add(roomWhere, number, { doc, ...(profile ? { profile } : {}) });
    });
  }
  return rooms;
}

function roomDoc(
  ctx: TenantContext,
  where: string,
  number: string,
  name: string,
  r: Row,
): Record<string, unknown> | undefined {
  const participant = pinOf(text(r, 'participant_pin'));
  const moderator = pinOf(text(r, 'moderator_pin'));
  if (participant === null || moderator === null) {
    ctx.report(
      'decision',
      where,
      'a PIN is not 3 to 12 digits, which pbxc rooms need; importing it without the PIN would open the room',
      'choose PINs of 3 to 12 digits and add the room by hand',
    );
    return undefined;
  }
  const doc: Record<string, unknown> = { number, name };
  if (participant) doc.pin = participant;
  else if (moderator)
    ctx.report(
      'decision',
      where,
      'it has a moderator PIN but no participant PIN; a pbxc moderator PIN needs a PIN',
      'give the room a participant PIN and add the moderator PIN by hand',
    );
  if (participant && moderator) {
    if (moderator === participant)
      ctx.report('changed', where, 'its moderator PIN equals its PIN', 'the PIN now admits members only');
    else doc.moderator_pin = moderator;
  }
  const max = int(r, 'max_members');
  if (max !== undefined && max > 0) {
    const clamped = Math.min(500, Math.max(2, max));
    if (clamped !== max)
      ctx.report('changed', where, `max members ${max} is outside 2..500`, `pbxc allows ${clamped}`);
    doc.max_members = clamped;
  }
  if (flag(r, 'wait_mod') === true) {
    if (doc.moderator_pin !== undefined) doc.wait_for_moderator = true;
    else
      ctx.report(
        'changed',
        where,
        'it waits for a moderator, but has no moderator PIN pbxc can carry',
        'members join at once; add a moderator PIN and wait_for_moderator by hand',
      );
  }
  if (flag(r, 'record') === true) doc.record = true;
  if (flag(r, 'sounds') === false) doc.announce = false;
  if (flag(r, 'mute') === true)
    ctx.report('changed', where, 'members joined muted in FusionPBX', 'pbxc members join speaking');
  if (flag(r, 'announce_name') === true || flag(r, 'announce_count') === true)
    ctx.report(
      'changed',
      where,
      'FusionPBX announced names or the member count',
      'pbxc plays a join and leave tone (announce)',
    );
  return doc;
}

/**
 * The tenant's conference_profile from the rooms' FusionPBX profiles: the rate of the profile most
 * rooms use (the higher rate on a tie). Undefined when no room names a known profile.
 */
export function conferenceProfile(
  ctx: TenantContext,
  rooms: readonly ConferenceRoom[],
): Record<string, unknown> | undefined {
  const rates = new Map<number, number>();
  for (const r of rooms) {
    const rate = r.profile ? PROFILE_RATES[r.profile] : undefined;
    if (r.profile && rate === undefined)
      ctx.report(
        'changed',
        `conference ${r.number}`,
        `its profile "${r.profile}" is not one of FreeSWITCH's stock profiles`,
        'check the tenant conference_profile (rate, comfort noise, energy level)',
      );
    if (rate !== undefined) rates.set(rate, (rates.get(rate) ?? 0) + 1);
  }
  const best = [...rates.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0];
  if (best === undefined) return undefined;
  if (rates.size > 1)
    ctx.report(
      'changed',
      'conference profiles',
      `the rooms used profiles of different rates (${[...rates.keys()].sort((a, b) => a - b).join(', ')} Hz); a pbxc tenant has one conference profile`,
      `all rooms now mix at ${best} Hz`,
    );
  return { rate: best };
}
