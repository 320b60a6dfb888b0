// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here is FreeSWITCH variable syntax, not JavaScript.
import type { ExtensionModel, TenantModel } from '../../../model/types.js';
import { VOICEMAIL_PROFILE } from '../voicemail.js';
import type { XmlElement } from '../xml.js';
import { toBusy, toBusyOtherwise } from './busy.js';
import { action, always, antiAction, cond, ext, transfer } from './dp.js';
import { ON_OR_DEFAULT_ON, pickupRealm, realm, recordingCondition } from './features.js';
import { EXTENSION_RE, USER_VARS, userData } from './user-settings.js';

export { DEFAULT_RING_SECONDS } from './user-settings.js';

/** The leg of one extension in a bridge: busy when its DND is on, else all its registrations. */
export function legVariable(number: string): string {
  return `pbxc_leg_${number}`;
}

export function dndState(tenant: TenantModel, e: ExtensionModel): string {
  return `\${db(select/${realm(tenant, 'dnd')}/${e.number})}|${e.dnd}`;
}

/** Sets pbxc_leg_<n> for a later bridge; FreeSWITCH has no DND of its own, so it is checked here. */
export function legCondition(tenant: TenantModel, e: ExtensionModel): XmlElement {
  return cond(
    dndState(tenant, e),
    ON_OR_DEFAULT_ON,
    [
      action('set', `${legVariable(e.number)}=error/USER_BUSY`),
      antiAction('set', `${legVariable(e.number)}=user/${e.number}@${tenant.domain}`),
    ],
    { break: 'never' },
  );
}

/** Remember the ringing call under the extension and its call groups, for directed and group pickup. */
export function pickupMarks(tenant: TenantModel, keys: readonly string[]): XmlElement[] {
  return keys.map((k) => action('hash', `insert/${pickupRealm(tenant)}/${k}/\${uuid}`));
}

/** Channel variables the lookup sets: the callee's settings, read once per hunt. */
const CALLEE = {
  number: 'pbxc_callee',
  dnd: 'pbxc_callee_dnd',
  forward: 'pbxc_callee_cfa',
  voicemail: 'pbxc_callee_voicemail',
  record: 'pbxc_callee_record',
  ring: 'pbxc_callee_ring',
  groups: 'pbxc_callee_groups',
} as const;

const DEST = '${destination_number}';
const setInline = (name: string, value: string) => action('set', `${name}=${value}`, true);

/**
 * Looks the dialled number up in the tenant's directory and copies the user's settings onto the
 * channel: stored feature state (mod_db) "|" the spec's default (directory variable). Every value is
 * set on every lookup, so nothing of an earlier callee of the same call survives a transfer.
 */
function lookup(tenant: TenantModel): XmlElement {
  const db = (what: 'dnd' | 'cfa' | 'record') => `\${db(select/${realm(tenant, what)}/${DEST})}`;
  return ext(
    'local-lookup',
    [
      cond('destination_number', `^${EXTENSION_RE}$`),
      cond('${user_exists(id ${destination_number} ${domain_name})}', '^true$', [
        setInline(CALLEE.number, DEST),
        setInline(CALLEE.dnd, `${db('dnd')}|${userData(DEST, USER_VARS.dnd)}`),
        setInline(CALLEE.forward, `${db('cfa')}|${userData(DEST, USER_VARS.forwardAlways)}`),
        setInline(CALLEE.voicemail, userData(DEST, USER_VARS.voicemail)),
        setInline(CALLEE.record, `${db('record')}|${userData(DEST, USER_VARS.record)}`),
        setInline(CALLEE.ring, userData(DEST, USER_VARS.ringSeconds)),
        setInline(CALLEE.groups, userData(DEST, USER_VARS.callGroups)),
      ]),
    ],
    true,
  );
}

/** The lookup of this hunt found the dialled number (a stale one from an earlier hunt never matches). */
const isCallee = () => cond(`\${${CALLEE.number}}|${DEST}`, `^(${EXTENSION_RE})\\|\\1$`);

/** How many call groups an extension of the tenant belongs to at most. */
function maxCallGroups(tenant: TenantModel): number {
  // A reduce, not Math.max(...list): spreading 130,000 extensions overflows the stack.
  return tenant.extensions.reduce((max, e) => Math.max(max, e.callGroups.length), 0);
}

/** The k-th (1-based) entry of a comma list. */
function nth(k: number): string {
  return `^${k > 1 ? `(?:[^,]+,){${k - 1}}` : ''}([^,]+)`;
}

/** Busy, not registered, anything else: the user's forward, else its voicemail, else the cause. */
const FAILURES = [
  { name: 'busy', disposition: 'USER_BUSY', forward: USER_VARS.forwardBusy, cause: 'USER_BUSY' },
  {
    name: 'unregistered',
    disposition: '(?:USER_NOT_REGISTERED|SUBSCRIBER_ABSENT)',
    forward: USER_VARS.forwardUnregistered,
    cause: 'USER_NOT_REGISTERED',
  },
  { name: 'no-answer', disposition: '.*', forward: USER_VARS.forwardNoAnswer, cause: 'NO_ANSWER' },
] as const;

function failure(tenant: TenantModel, f: (typeof FAILURES)[number]): XmlElement {
  const ctx = tenant.context;
  return ext(`local-${f.name}`, [
    // $1 in an inline action is the number of this condition's match.
    cond('destination_number', `^pbxc-fail-(${EXTENSION_RE})-${f.disposition}$`, [
      setInline('pbxc_fail', `${userData('$1', f.forward)}|${userData('$1', USER_VARS.voicemail)}|$1`),
    ]),
    cond('${pbxc_fail}', '^([^|]+)\\|', [transfer('$1', ctx)], { break: 'on-true' }),
    cond('${pbxc_fail}', `^\\|true\\|(${EXTENSION_RE})$`, [transfer('pbxc-vm-$1', ctx)], {
      break: 'on-true',
    }),
    // Busy: the country's busy tone first if the caller is answered (busy.ts).
    always([f.cause === 'USER_BUSY' ? toBusy(tenant) : action('hangup', f.cause)]),
  ]);
}

/**
 * The tenant's extensions as one generic block (like FusionPBX's local_extension): DND, forward
 * always (stored or the spec's), recording, ringing every registration, then the busy /
 * not-registered / no-answer fallbacks. Nothing here grows with the number of extensions: each
 * user's settings are variables of its directory user (USER_VARS), read per call.
 */
export function localExtensions(tenant: TenantModel): XmlElement[] {
  const ctx = tenant.context;
  const groupMarks = Array.from({ length: maxCallGroups(tenant) }, (_, i) =>
    cond(`\${${CALLEE.groups}}`, nth(i + 1), pickupMarks(tenant, ['$1']), { break: 'never' }),
  );
  return [
    lookup(tenant),
    ext('local-dnd', [
      isCallee(),
      cond(`\${${CALLEE.dnd}}`, ON_OR_DEFAULT_ON),
      // Its voicemail, else busy: with the anti-action the extension matches either way.
      cond(`\${${CALLEE.voicemail}}`, '^true$', [transfer(`pbxc-vm-${DEST}`, ctx), toBusyOtherwise(tenant)]),
    ]),
    ext('local-forward', [
      isCallee(),
      cond(`\${${CALLEE.forward}}`, '^(\\+?[0-9]{2,15})\\|', [transfer('$1', ctx)]),
    ]),
    // The spec's forward applies until the user switches forwarding off (*73 stores "off").
    ext('local-forward-default', [
      isCallee(),
      cond(`\${${CALLEE.forward}}`, '^\\|([^|\\s]+)$', [transfer('$1', ctx)]),
    ]),
    ext('local-extension', [
      isCallee(),
      recordingCondition(tenant, `\${${CALLEE.record}}`),
      always([
        action('set', `dialed_extension=${DEST}`),
        action('export', `dialed_extension=${DEST}`),
        ...pickupMarks(tenant, [DEST]),
      ]),
      ...groupMarks,
      always([
        action('set', `call_timeout=\${${CALLEE.ring}}`),
        action('set', 'hangup_after_bridge=true'),
        action('set', 'continue_on_fail=true'),
        action('bridge', `user/${DEST}@${tenant.domain}`),
        transfer(`pbxc-fail-${DEST}-\${originate_disposition}`, ctx),
      ]),
    ]),
    ...FAILURES.map((f) => failure(tenant, f)),
  ];
}

/** One voicemail extension for every box of the tenant: pbxc-vm-<n> when <n> has voicemail. */
export function voicemailBoxes(tenant: TenantModel): XmlElement[] {
  if (!tenant.extensions.some((e) => e.voicemail)) return [];
  return [
    ext('voicemail-box', [
      cond('destination_number', `^pbxc-vm-(${EXTENSION_RE})$`, [setInline('pbxc_vm_box', '$1')]),
      cond(userData('${pbxc_vm_box}', USER_VARS.voicemail), '^true$', [action('answer')]),
      // A greeting from the spec's media (directory user variable, relative to the conf folder): it
      // wins over one recorded by phone; a box without one keeps the recorded greeting.
      ...(tenant.extensions.some((e) => e.voicemailGreeting !== undefined)
        ? [
            cond(
              userData('${pbxc_vm_box}', USER_VARS.voicemailGreeting),
              '^(media/.+)$',
              [action('set', 'voicemail_greeting_path=$${conf_dir}/$1')],
              { break: 'never' },
            ),
          ]
        : []),
      always([
        action('sleep', '500'),
        action('voicemail', `${VOICEMAIL_PROFILE} ${tenant.domain} \${pbxc_vm_box}`),
        action('hangup'),
      ]),
    ]),
  ];
}

/** WebRTC users place calls over WSS only; anything else from them is refused. */
export function webrtcGuard(tenant: TenantModel): XmlElement[] {
  if (!tenant.extensions.some((e) => e.webrtc)) return [];
  return [
    ext('webrtc-wss-only', [
      cond(`\${${USER_VARS.webrtc}}`, '^true$'),
      cond('${sip_via_protocol}', '^(?:udp|tcp|tls)$', [action('hangup', 'CALL_REJECTED')]),
    ]),
  ];
}
