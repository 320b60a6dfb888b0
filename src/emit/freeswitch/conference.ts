// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here is FreeSWITCH variable syntax, not JavaScript.
import type { ConferenceModel, Model, TenantModel } from '../../model/types.js';
import type { EmitContext } from '../target.js';
import { mediaPlayPath } from './dialplan/announcements.js';
import { usesPaging } from './dialplan/paging.js';
import { pagingProfile } from './paging-profile.js';
import { configuration, el, param, renderXml, type XmlElement } from './xml.js';

/**
 * mod_conference configuration: one profile per room (`pbxc-<tenant>-<number>`), carrying the
 * tenant's audio settings (rate, comfort noise, energy level) and the room's own limits and PINs.
 * A profile per room keeps the PINs in the configuration file: the dialplan (and so every log line
 * that prints an application's data) only names the room and its profile.
 *
 * No sound files ship with the node, so every prompt is a tone: the PIN prompt, a wrong PIN, a full
 * room, the join and leave sounds.
 */
export const CONFERENCE_TONES = {
  pin: 'tone_stream://%(200,100,880,1320)',
  badPin: 'tone_stream://%(500,100,300,200)',
  full: 'tone_stream://%(250,250,480,620);loops=3',
  enter: 'tone_stream://%(200,0,500,600,700)',
  exit: 'tone_stream://%(500,0,300,200,100,50,25)',
} as const;

/**
 * The members' keys, as FreeSWITCH's stock configuration binds them. mod_conference has no built-in
 * map: a profile naming a group the file does not define logs "Can't find caller-controls" at every
 * join and its members get no keys at all (not even # to leave).
 */
export const CALLER_CONTROLS_GROUP = 'default';
export const CALLER_CONTROLS: readonly (readonly [action: string, digits: string])[] = [
  ['mute', '0'],
  ['deaf mute', '*'],
  ['energy up', '9'],
  ['energy equ', '8'],
  ['energy dn', '7'],
  ['vol talk up', '3'],
  ['vol talk zero', '2'],
  ['vol talk dn', '1'],
  ['vol listen up', '6'],
  ['vol listen zero', '5'],
  ['vol listen dn', '4'],
  ['hangup', '#'],
];

function callerControls(): XmlElement {
  return el('caller-controls', {}, [
    el(
      'group',
      { name: CALLER_CONTROLS_GROUP },
      CALLER_CONTROLS.map(([action, digits]) => el('control', { action, digits })),
    ),
  ]);
}

export function usesConference(model: Model): boolean {
  return model.tenants.some((t) => t.conferences.length > 0) || usesPaging(model.tenants);
}

/**
 * The user part a phone subscribes to for a room's presence (BLF): mod_conference answers a
 * presence probe for `conf+<conference name>@<domain>` and publishes the room as active while it
 * has members. The tenant's dialplan joins a caller who dials it (an idle BLF key dials its value).
 */
export function conferencePresenceUser(room: ConferenceModel): string {
  return `conf+${room.room}`;
}

export function conferenceProfileName(tenant: TenantModel, room: ConferenceModel): string {
  return `pbxc-${tenant.id}-${room.number}`;
}

function roomProfile(tenant: TenantModel, room: ConferenceModel): XmlElement {
  const p = tenant.conferenceProfile;
  const flags = room.waitForModerator ? ['wait-mod'] : [];
  const params: XmlElement[] = [
    param('domain', tenant.domain),
    param('rate', p.rate),
    param('interval', 20),
    param('energy-level', p.energyLevel),
    param('comfort-noise', p.comfortNoise ? 'true' : 'false'),
    param('max-members', room.maxMembers),
    param('max-members-sound', CONFERENCE_TONES.full),
    // The key map below (caller-controls group "default"): 0 mute, # leave, 9/7 energy, ...
    param('caller-controls', CALLER_CONTROLS_GROUP),
    // A member alone in the room (or waiting for the moderator) hears the tenant's music.
    param(
      'moh-sound',
      tenant.musicOnHold === undefined ? '$${hold_music}' : mediaPlayPath(tenant, tenant.musicOnHold),
    ),
    param('muted-sound', 'silence_stream://1'),
    param('unmuted-sound', 'silence_stream://1'),
    ...(room.announce
      ? [param('enter-sound', CONFERENCE_TONES.enter), param('exit-sound', CONFERENCE_TONES.exit)]
      : []),
    ...(room.pin !== undefined || room.moderatorPin !== undefined
      ? [
          param('pin-sound', CONFERENCE_TONES.pin),
          param('bad-pin-sound', CONFERENCE_TONES.badPin),
          param('pin-retries', 3),
        ]
      : []),
    ...(room.pin !== undefined ? [param('pin', room.pin)] : []),
    ...(room.moderatorPin !== undefined ? [param('moderator-pin', room.moderatorPin)] : []),
    ...(flags.length > 0 ? [param('conference-flags', flags.join('|'))] : []),
    ...(room.record
      ? [
          param(
            'auto-record',
            `$\${recordings_dir}/${tenant.domain}/conference/${room.number}-\${strftime(%Y-%m-%d-%H-%M-%S)}.wav`,
          ),
        ]
      : []),
  ];
  return el('profile', { name: conferenceProfileName(tenant, room) }, params);
}

export function conferenceConf(ctx: EmitContext): string {
  const profiles = ctx.model.tenants.flatMap((t) => t.conferences.map((room) => roomProfile(t, room)));
  if (usesPaging(ctx.model.tenants)) profiles.push(pagingProfile());
  return renderXml(
    configuration('conference', 'pbxc conference rooms', [callerControls(), el('profiles', {}, profiles)]),
  );
}
