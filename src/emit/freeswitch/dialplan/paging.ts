// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here is FreeSWITCH variable syntax, not JavaScript.
import { AUTO_ANSWER_URL } from '../../../model/auto-answer.js';
import type { Destination, PagingGroupModel, ScheduleModel, TenantModel } from '../../../model/types.js';
import { escapeRegex } from '../../../util/escape.js';
import { fsText } from '../fs-text.js';
import type { XmlElement } from '../xml.js';
import { action, antiAction, cond, dest, exactly, ext } from './dp.js';
import { goTo } from './targets.js';
import { EXTENSION_RE } from './user-settings.js';

/**
 * Paging groups, the intercom code and the day/night override (FusionPBX "call flows").
 *
 * Auto-answer: every paged or intercom leg carries both headers the supported vendors honour:
 * - `Alert-Info: <http://127.0.0.1>;info=alert-autoanswer;delay=0`: Yealink ("info=alert-autoanswer"),
 *   Snom (the intercom Alert-Info, with answer_after_policy), Grandstream (Call-Info/Alert-Info),
 *   Polycom (its voIpProt.SIP.alertInfo rule matches the URL and maps it to the autoAnswer ring class),
 * - `Call-Info: <sip:DOMAIN>;answer-after=0`: Grandstream, Fanvil, Yealink, Snom and most others.
 * The provisioning templates switch on the phone setting that lets each vendor honour them.
 */
export const AUTO_ANSWER_ALERT_INFO = `<${AUTO_ANSWER_URL}>;info=alert-autoanswer;delay=0`;
export const autoAnswerCallInfo = (tenant: TenantModel) => `<sip:${tenant.domain}>;answer-after=0`;

/** The `{...}` block of an auto-answer leg (no comma inside a value: originate splits on them). */
export function autoAnswerVars(tenant: TenantModel): string {
  return `{sip_h_Alert-Info=${AUTO_ANSWER_ALERT_INFO},sip_h_Call-Info=${autoAnswerCallInfo(tenant)}}`;
}

/** mod_conference profile every page runs in (conference.conf.xml). */
export const PAGING_PROFILE = 'pbxc-paging';

export function usesPaging(tenants: readonly TenantModel[]): boolean {
  return tenants.some((t) => t.pagingGroups.length > 0);
}

/** mod_db realm of a tenant's day/night overrides: key = schedule id, value open|closed. */
export function dayNightRealm(tenant: TenantModel): string {
  return `${tenant.id}-daynight`;
}

/** The lookup of a schedule's override, for a condition field. */
export function overrideLookup(tenant: TenantModel, schedule: ScheduleModel): string {
  return `\${db(select/${dayNightRealm(tenant)}/${schedule.id})}`;
}

/**
 * A page: the caller joins a fresh mod_conference room (ended when the caller leaves, `endconf`),
 * which calls every member but the caller with the auto-answer headers; one-way pages mute them.
 */
export function pagingExtension(tenant: TenantModel, g: PagingGroupModel): XmlElement {
  // Everyone but the caller: each outcall is the anti-action of "the caller is this member", and
  // break="never" lets the hunt go on to the next member either way.
  const outcalls = g.members.map((m) =>
    cond(
      '${pbxc_extension}',
      exactly([m]),
      [antiAction('conference_set_auto_outcall', `user/${m}@${tenant.domain}`)],
      { break: 'never' },
    ),
  );
  return ext(`paging-${g.number}`, [
    dest(g.number, [
      action('answer'),
      action('set', `pbxc_page_group=${g.number}`),
      action('set', `conference_auto_outcall_caller_id_name=${fsText(g.name)}`),
      action('set', `conference_auto_outcall_caller_id_number=${g.number}`),
      action('set', `conference_auto_outcall_timeout=${g.timeout}`),
      action('set', 'conference_auto_outcall_skip_member_beep=true'),
      // mod_conference 1.10+ reads the member flags of auto-outcalls from this name (not *_auto_outcall_flags).
      ...(g.oneWay ? [action('set', 'conference_utils_auto_outcall_flags=mute')] : []),
      action('set', `conference_auto_outcall_prefix=${autoAnswerVars(tenant)}`),
    ]),
    ...outcalls,
    cond('destination_number', exactly([g.number]), [
      action('conference', `page-${tenant.id}-${g.number}-\${uuid}@${PAGING_PROFILE}+flags{endconf}`),
      action('hangup', 'NORMAL_CLEARING'),
    ]),
  ]);
}

/** Only phones of this tenant (authenticated against its directory) use intercom and day/night codes. */
const CALLER = cond('${pbxc_extension}', '^[a-z0-9]+$');

/** `*90<extension>`: the extension's phones answer on their own; both sides talk. */
export function intercomExtension(tenant: TenantModel): XmlElement {
  const code = tenant.featureCodes.intercom;
  return ext('feature-intercom', [
    CALLER,
    cond('destination_number', `^${escapeRegex(code)}(${EXTENSION_RE})$`, [
      action('set', 'pbxc_intercom_to=$1', true),
    ]),
    // Only an extension of this tenant: anything else falls through to the rest of the context.
    cond(`\${user_exists(id \${pbxc_intercom_to} ${tenant.domain})}`, '^true$', [
      action('set', 'hangup_after_bridge=true'),
      action('set', 'call_timeout=20'),
      action('bridge', `${autoAnswerVars(tenant)}user/\${pbxc_intercom_to}@${tenant.domain}`),
    ]),
  ]);
}

const ACK_TONE = 'tone_stream://%(200,100,880);%(200,0,1320)';
const confirm = () => [action('answer'), action('playback', ACK_TONE), action('hangup')];

/**
 * The override's presence: a BLF on the code lights (confirmed) while an override is active and
 * goes dark (terminated) in automatic. PRESENCE_IN is what mod_sofia turns into dialog NOTIFYs.
 */
function presence(tenant: TenantModel, s: ScheduleModel, active: boolean): XmlElement {
  const id = `${s.overrideCode}@${tenant.domain}`;
  const data = [
    'Event-Name=PRESENCE_IN',
    'proto=sip',
    `from=${id}`,
    `login=${id}`,
    'event_type=presence',
    'alt_event_type=dialog',
    'presence-call-direction=outbound',
    `answer-state=${active ? 'confirmed' : 'terminated'}`,
    `status=${active ? 'Override active' : 'Automatic'}`,
    'rpid=unknown',
    `unique-id=pbxc-daynight-${tenant.id}-${s.id}`,
  ].join(',');
  return action('event', data);
}

function dbSet(tenant: TenantModel, s: ScheduleModel, value: 'open' | 'closed'): string {
  return `insert/${dayNightRealm(tenant)}/${s.id}/${value}`;
}
const dbClear = (tenant: TenantModel, s: ScheduleModel) => `delete/${dayNightRealm(tenant)}/${s.id}`;

/** `<code>1` open, `<code>2` closed, `<code>0` automatic, `<code>` toggles automatic ↔ forced closed. */
export function dayNightExtensions(tenant: TenantModel): XmlElement[] {
  return tenant.schedules.flatMap((s) => {
    const code = s.overrideCode;
    if (code === undefined) return [];
    const name = `daynight-${s.id}`;
    const set = (value: 'open' | 'closed') => [
      action('db', dbSet(tenant, s, value)),
      presence(tenant, s, true),
      ...confirm(),
    ];
    return [
      ext(`${name}-open`, [CALLER, dest(`${code}1`, set('open'))]),
      ext(`${name}-closed`, [CALLER, dest(`${code}2`, set('closed'))]),
      ext(`${name}-automatic`, [
        CALLER,
        dest(`${code}0`, [action('db', dbClear(tenant, s)), presence(tenant, s, false), ...confirm()]),
      ]),
      // The code alone: an active override returns to automatic …
      ext(`${name}-toggle`, [
        CALLER,
        dest(code),
        cond(overrideLookup(tenant, s), '^(?:open|closed)$', [
          action('db', dbClear(tenant, s)),
          presence(tenant, s, false),
          ...confirm(),
        ]),
      ]),
      // … and automatic becomes forced closed (the extension above did not match).
      ext(`${name}-toggle-close`, [
        CALLER,
        dest(code, [action('db', dbSet(tenant, s, 'closed')), presence(tenant, s, true), ...confirm()]),
      ]),
    ];
  });
}

/**
 * In front of a DID's schedule (public context): a forced state wins over holidays and open periods.
 * Only schedules with an override code get them; the override lives in mod_db (node state).
 */
export function overrideExtensions(
  tenant: TenantModel,
  schedule: ScheduleModel,
  target: string,
  guard: XmlElement,
  open: Destination,
  closed: Destination,
): XmlElement[] {
  if (schedule.overrideCode === undefined) return [];
  const forced = (state: 'open' | 'closed', to: Destination) =>
    ext(`${target}-forced-${state}`, [
      dest(target),
      guard,
      cond(overrideLookup(tenant, schedule), exactly([state]), [
        action('set', `pbxc_override=${state}`),
        goTo(tenant, to),
      ]),
    ]);
  return [forced('open', open), forced('closed', closed)];
}
