// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here is FreeSWITCH variable syntax, not JavaScript.
import { dbInclude } from './database.js';
import { configuration, el, param, renderXml } from './xml.js';

export const VOICEMAIL_PROFILE = 'default';

/**
 * mod_voicemail reads its mail templates from the conf dir at load; pbxc ships them instead of
 * relying on the distribution's copies.
 */
export const VOICEMAIL_TEMPLATE = [
  'From: "${voicemail_caller_id_name}" <${voicemail_account}@${voicemail_domain}>',
  'To: <${voicemail_email}>',
  'Subject: Voicemail from ${voicemail_caller_id_name} <${voicemail_caller_id_number}> (${voicemail_message_len}s)',
  'X-Priority: ${voicemail_priority}',
  'Content-Type: text/plain; charset=UTF-8',
  '',
  'New voicemail for ${voicemail_account}@${voicemail_domain}',
  'From: ${voicemail_caller_id_name} <${voicemail_caller_id_number}>',
  'Received: ${voicemail_time}',
  'Length: ${voicemail_message_len} seconds',
  '',
].join('\n');

export const NOTIFY_TEMPLATE = [
  'From: "${voicemail_caller_id_name}" <${voicemail_account}@${voicemail_domain}>',
  'To: <${voicemail_notify_email}>',
  'Subject: Voicemail from ${voicemail_caller_id_name} <${voicemail_caller_id_number}>',
  'Content-Type: text/plain; charset=UTF-8',
  '',
  'New voicemail for ${voicemail_account}@${voicemail_domain} (${voicemail_message_len} seconds).',
  '',
].join('\n');

const KEYS: readonly [string, string | number][] = [
  ['file-extension', 'wav'],
  ['terminator-key', '#'],
  ['max-login-attempts', 3],
  ['digit-timeout', 10000],
  ['min-record-len', 3],
  ['max-record-len', 300],
  ['max-retries', 3],
  ['tone-spec', '%(1000, 0, 640)'],
  ['callback-dialplan', 'XML'],
  ['play-new-messages-key', 1],
  ['play-saved-messages-key', 2],
  ['login-keys', 0],
  ['main-menu-key', 0],
  ['config-menu-key', 5],
  ['record-greeting-key', 1],
  ['choose-greeting-key', 2],
  ['change-pass-key', 6],
  ['record-name-key', 3],
  ['record-file-key', 3],
  ['listen-file-key', 1],
  ['save-file-key', 2],
  ['delete-file-key', 7],
  ['undelete-file-key', 8],
  ['email-key', 4],
  ['pause-key', 0],
  ['restart-key', 1],
  ['ff-key', 6],
  ['rew-key', 4],
  ['skip-greet-key', '#'],
  ['previous-message-key', 1],
  ['next-message-key', 3],
  ['skip-info-key', '*'],
  ['repeat-message-key', 0],
  ['record-silence-threshold', 200],
  ['record-silence-hits', 2],
  ['db-password-override', 'false'],
  ['allow-empty-password-auth', 'false'],
];

export function voicemailConf(): string {
  return renderXml(
    configuration('voicemail', 'Voicemail', [
      el('settings'),
      el('profiles', {}, [
        el('profile', { name: VOICEMAIL_PROFILE }, [
          ...KEYS.map(([k, v]) => param(k, v)),
          // The message index in PostgreSQL when the node uses it (database.ts); files stay on shared storage.
          dbInclude('voicemail'),
          el('email', {}, [
            param('template-file', 'voicemail.tpl'),
            param('notify-template-file', 'notify-voicemail.tpl'),
            param('date-fmt', '%A, %B %d %Y, %H:%M'),
            param('email-from', '${voicemail_account}@${voicemail_domain}'),
          ]),
        ]),
      ]),
    ]),
  );
}
