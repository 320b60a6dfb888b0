import { promptVar, sayVar } from './locale.js';
import { el, type XmlElement } from './xml.js';

/**
 * The phrase macros mod_voicemail and mod_valet_parking call. pbxc ships its own set instead of
 * relying on FreeSWITCH's conf/lang folder: with `freeswitch -conf <dir>` that folder is not there,
 * and without the macros voicemail hangs up at once. Prompts are FreeSWITCH's standard sound files.
 */
type Step =
  | { readonly play: string }
  | { readonly say: string; readonly as: 'name_spelled' | 'items' | 'short_date_time' }
  | { readonly pause: number };

interface Input {
  readonly pattern: string;
  readonly steps: readonly Step[];
  readonly last?: boolean;
}

const vm = (name: string): Step => ({ play: `voicemail/vm-${name}.wav` });
const spell = (group: string): Step => ({ say: group, as: 'name_spelled' });
const pause = (ms: number): Step => ({ pause: ms });
const any = (...steps: Step[]): Input[] => [{ pattern: '^(.*)$', steps }];

/** "<prompt> press <key>" for each option; the keys arrive as $1:$2:... in the macro's input. */
function menu(prompts: readonly string[], extra = ''): Input[] {
  const keys = prompts.map(() => '([0-9#*])').join(':');
  const steps = prompts.flatMap((p, i) => [vm(p), vm('press'), spell(`$${i + 1}`), pause(100)]);
  return [{ pattern: `^${keys}${extra}$`, steps }];
}

function messageCount(): Input[] {
  const count = (word: string): Step[] => [vm('you_have'), { say: '$1', as: 'items' }, vm('$2'), vm(word)];
  return [
    { pattern: '^(1):(.*)$', steps: count('message'), last: true },
    { pattern: '^(\\d+):(.*)$', steps: count('messages') },
  ];
}

function ack(): Input[] {
  return [
    { pattern: '^(too-small)$', steps: [vm('too-small')] },
    ...['deleted', 'saved', 'emailed', 'marked-urgent'].map((word) => ({
      pattern: `^(${word})$`,
      steps: [vm('message'), vm(word)],
    })),
  ];
}

const LISTEN_OPTIONS = [
  'listen_to_recording',
  'save_recording',
  'delete_recording',
  'forward_to_email',
  'return_call',
  'to_forward',
];

const PARK_TONE: Step = { play: 'tone_stream://%(275,10,600);%(275,100,300)' };

export const MACROS: Readonly<Record<string, readonly Input[]>> = {
  voicemail_enter_id: any(vm('enter_id'), spell('$1')),
  voicemail_enter_pass: any(vm('enter_pass'), spell('$1')),
  voicemail_fail_auth: any(vm('fail_auth')),
  voicemail_change_pass_success: any(vm('password_has_been_changed')),
  voicemail_change_pass_fail: any(vm('password_not_valid')),
  voicemail_hello: any(),
  voicemail_goodbye: any(vm('goodbye')),
  voicemail_abort: any(vm('abort')),
  voicemail_message_count: messageCount(),
  voicemail_menu: menu(['listen_new', 'listen_saved', 'advanced', 'to_exit']),
  voicemail_config_menu: menu([
    'to_record_greeting',
    'choose_greeting',
    'record_name2',
    'change_password',
    'main_menu',
  ]),
  voicemail_record_name: any(vm('record_name1')),
  voicemail_record_file_check: menu(['listen_to_recording', 'save_recording', 'rerecord']),
  voicemail_record_urgent_check: menu(['mark-urgent', 'continue']),
  voicemail_forward_prepend: menu(['forward_add_intro', 'send_message_now']),
  voicemail_forward_message_enter_extension: [
    { pattern: '^([0-9#*])$', steps: [vm('forward_enter_ext'), vm('followed_by'), spell('$1')] },
  ],
  voicemail_invalid_extension: any(vm('that_was_an_invalid_ext')),
  // With and without the message's extra field (the caller's number) after the keys.
  voicemail_listen_file_check: [...menu(LISTEN_OPTIONS, ':(.*)'), ...menu(LISTEN_OPTIONS)],
  voicemail_choose_greeting: any(vm('choose_greeting_choose')),
  voicemail_choose_greeting_fail: any(vm('choose_greeting_fail')),
  voicemail_record_greeting: any(vm('record_greeting')),
  voicemail_record_message: any(vm('record_message')),
  voicemail_greeting_selected: [
    { pattern: '^(\\d+)$', steps: [vm('greeting'), { say: '$1', as: 'items' }, vm('selected')] },
  ],
  voicemail_play_greeting: any(vm('person'), spell('$1'), vm('not_available')),
  voicemail_say_number: [{ pattern: '^(\\d+)$', steps: [{ say: '$1', as: 'items' }] }],
  voicemail_say_message_number: [
    { pattern: '^([a-z]+):(\\d+)$', steps: [vm('$1'), vm('message_number'), { say: '$2', as: 'items' }] },
  ],
  voicemail_say_phone_number: [
    {
      pattern: '^000|^$|^[Aa]non|^[Pp]rivate',
      steps: [vm('message_from'), pause(100), { play: 'ivr/ivr-anonymous_caller.wav' }, pause(500)],
      last: true,
    },
    { pattern: '^(.*)$', steps: [vm('message_from'), pause(100), spell('$1'), pause(500)] },
  ],
  voicemail_say_name: any(spell('$1')),
  voicemail_ack: ack(),
  voicemail_say_date: any({ say: '$1', as: 'short_date_time' }),
  voicemail_disk_quota_exceeded: any(vm('mailbox_full')),
  valet_announce_ext: [{ pattern: '^([^:]+):(.*)$', steps: [spell('$2')] }],
  valet_lot_full: any(PARK_TONE),
  valet_lot_empty: any(PARK_TONE),
};

function action(step: Step): XmlElement {
  if ('play' in step) return el('action', { function: 'play-file', data: step.play });
  if ('pause' in step) return el('action', { function: 'execute', data: `sleep(${step.pause})` });
  return el('action', { function: 'say', data: step.say, method: 'pronounced', type: step.as });
}

/** One `<language>`: every macro above, with the language's prompts and number reading where the node has them. */
export function languageElement(code: string): XmlElement {
  const macros = Object.entries(MACROS).map(([name, inputs]) =>
    el(
      'macro',
      { name },
      inputs.map((input) =>
        el('input', { pattern: input.pattern, break_on_match: input.last ? 'true' : undefined }, [
          el('match', {}, input.steps.map(action)),
        ]),
      ),
    ),
  );
  // Other languages: their prompt folder and say module as vars.xml found them on the node at start.
  const say = code === 'en' ? 'en' : `$\${${sayVar(code)}}`;
  const prefix = code === 'en' ? '$${sound_prefix}' : `$\${sounds_dir}/$\${${promptVar(code)}}`;
  return el('language', { name: code, 'say-module': say, 'sound-prefix': prefix }, [
    el('phrases', {}, [el('macros', {}, macros)]),
  ]);
}
