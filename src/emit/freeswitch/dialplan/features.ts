// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here is FreeSWITCH variable syntax, not JavaScript.
import type { TenantModel } from '../../../model/types.js';
import { escapeRegex } from '../../../util/escape.js';
import { VOICEMAIL_PROFILE } from '../voicemail.js';
import type { XmlElement } from '../xml.js';
import { action, cond, dest, exactly, ext } from './dp.js';
import { USER_VARS } from './user-settings.js';

/** mod_db realms of a tenant: feature state survives restarts and is kept apart per tenant. */
export function realm(tenant: TenantModel, what: 'dnd' | 'cfa' | 'record'): string {
  return `${tenant.id}-${what}`;
}

/** mod_hash realm of the last call to each extension and call group (for pickup). */
export function pickupRealm(tenant: TenantModel): string {
  return `${tenant.id}-last_dial_ext`;
}

/** "true|x" or "|true": the stored state, else the directory default (see recordingOn). */
export const ON_OR_DEFAULT_ON = '^(?:true\\|.*|\\|true)$';

/**
 * Starts recording once per call: a transfer hunts the context again, and caller and callee may
 * both record. `state` is "<stored>|<default>".
 */
export function recordingCondition(tenant: TenantModel, state: string): XmlElement {
  return cond(
    `\${pbxc_recording}/${state}`,
    `^/${ON_OR_DEFAULT_ON.slice(1)}`,
    [
      action('set', 'pbxc_recording=true'),
      action('set', 'media_bug_answer_req=true'),
      action('record_session', `$\${recordings_dir}/${tenant.domain}/\${strftime(%Y-%m-%d)}/\${uuid}.wav`),
    ],
    { break: 'never' },
  );
}

/** Only phones of this tenant (authenticated against its directory) may change their own state. */
const CALLER = cond('${pbxc_extension}', '^[a-z0-9]+$');

const ACK_TONE = 'tone_stream://%(200,100,880);%(200,0,1320)';

function confirm(): XmlElement[] {
  return [action('answer'), action('playback', ACK_TONE), action('hangup')];
}

function dbSet(tenant: TenantModel, what: 'dnd' | 'cfa' | 'record', value: string): XmlElement {
  return action('db', `insert/${realm(tenant, what)}/\${pbxc_extension}/${value}`);
}

export function featureExtensions(tenant: TenantModel): XmlElement[] {
  const fc = tenant.featureCodes;
  const ctx = tenant.context;
  // "<lot>@<domain>": mod_valet_parking takes the presence domain from the lot name, so a phone
  // watching park+5901@<tenant domain> sees the slot light up.
  const lot = `${tenant.park.lot}@${tenant.domain}`;
  const slotDigits = tenant.park.slots.map((s) => s.slice(1));
  const recordState = `\${db(select/${realm(tenant, 'record')}/\${pbxc_extension})}|\${pbxc_record_default}`;
  return [
    ext('feature-dnd-on', [CALLER, dest(fc.dnd_on, [dbSet(tenant, 'dnd', 'true'), ...confirm()])]),
    ext('feature-dnd-off', [CALLER, dest(fc.dnd_off, [dbSet(tenant, 'dnd', 'false'), ...confirm()])]),
    // *72<number> forwards at once; *72 alone asks for the number.
    ext('feature-forward-on-number', [
      CALLER,
      cond('destination_number', `^(?:${escapeRegex(fc.forward_on)}|pbxc-cfa-)(\\+?[0-9]{2,15})$`, [
        dbSet(tenant, 'cfa', '$1'),
        ...confirm(),
      ]),
    ]),
    ext('feature-forward-on', [
      CALLER,
      dest(fc.forward_on, [
        action('answer'),
        action(
          'play_and_get_digits',
          '2 16 3 7000 # ivr/ivr-enter_destination_telephone_number.wav ivr/ivr-that_was_an_invalid_entry.wav pbxc_forward_to \\+?[0-9]{2,15}',
        ),
        // A separate target: an empty answer must not loop back into this prompt.
        action('transfer', `pbxc-cfa-\${pbxc_forward_to} XML ${ctx}`),
      ]),
    ]),
    ext('feature-forward-off', [CALLER, dest(fc.forward_off, [dbSet(tenant, 'cfa', 'off'), ...confirm()])]),
    ext('feature-voicemail', [
      CALLER,
      dest(fc.voicemail, [
        action('answer'),
        action('sleep', '500'),
        action('voicemail', `check ${VOICEMAIL_PROFILE} ${tenant.domain} \${pbxc_extension}`),
      ]),
    ]),
    ext('feature-voicemail-any', [
      dest(fc.voicemail_any, [
        action('answer'),
        action('sleep', '500'),
        action('voicemail', `check ${VOICEMAIL_PROFILE} ${tenant.domain}`),
      ]),
    ]),
    ext('feature-park', [
      dest(fc.park, [
        action('answer'),
        // The upper bound of "auto in" is exclusive in mod_valet_parking: one past the last slot.
        action('valet_park', `${lot} auto in ${slotDigits[0]} ${Number(slotDigits.at(-1)) + 1}`),
      ]),
    ]),
    ext('feature-park-slot', [
      // *5901 as dialled, park+5901 as a BLF key on the slot dials it.
      cond('destination_number', `^(?:\\*|park\\+)(${slotDigits.map(escapeRegex).join('|')})$`, [
        action('answer'),
        action('valet_park', `${lot} $1`),
      ]),
    ]),
    ext('feature-pickup-group', [
      // The caller's first call group (directory variable, set by authentication).
      dest(fc.pickup_group),
      cond(`\${${USER_VARS.callGroups}}`, '^([a-z0-9]+)', [
        action('intercept', `\${hash(select/${pickupRealm(tenant)}/$1)}`),
      ]),
    ]),
    ext('feature-pickup-direct', [
      cond('destination_number', `^${escapeRegex(fc.pickup_direct)}([a-z0-9]+)$`, [
        action('intercept', `\${hash(select/${pickupRealm(tenant)}/$1)}`),
      ]),
    ]),
    ext('feature-record-off', [
      CALLER,
      dest(fc.record_toggle),
      cond(recordState, ON_OR_DEFAULT_ON, [dbSet(tenant, 'record', 'false'), ...confirm()]),
    ]),
    ext('feature-record-on', [
      CALLER,
      dest(fc.record_toggle, [dbSet(tenant, 'record', 'true'), ...confirm()]),
    ]),
    ext('feature-echo-test', [
      cond('destination_number', exactly([fc.echo_test]), [action('answer'), action('echo')]),
    ]),
  ];
}
