// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here is FreeSWITCH variable syntax, not JavaScript.
import type { Destination, ExtensionModel, TenantModel } from '../../../model/types.js';
import { escapeRegex } from '../../../util/escape.js';
import type { XmlElement } from '../xml.js';
import { action, always, antiAction, cond, dest, ext, transfer } from './dp.js';
import { ON_OR_DEFAULT_ON, pickupRealm, realm, recordingCondition } from './features.js';
import { goTo } from './targets.js';

export const DEFAULT_RING_SECONDS = 30;

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

function fallback(tenant: TenantModel, e: ExtensionModel, forward: Destination | undefined, cause: string) {
  if (forward) return goTo(tenant, forward);
  if (e.voicemail) return goTo(tenant, { type: 'voicemail', box: e.number });
  return action('hangup', cause);
}

function failTarget(e: ExtensionModel, disposition: string): string {
  return `^pbxc-fail-${escapeRegex(e.number)}-${disposition}$`;
}

export function localExtension(tenant: TenantModel, e: ExtensionModel): XmlElement[] {
  const n = e.number;
  const cfa = `\${db(select/${realm(tenant, 'cfa')}/${n})}`;
  const recording = `\${db(select/${realm(tenant, 'record')}/${n})}|${e.record}`;
  const out: XmlElement[] = [
    ext(`ext-${n}-dnd`, [
      dest(n),
      cond(dndState(tenant, e), ON_OR_DEFAULT_ON, [
        e.voicemail ? goTo(tenant, { type: 'voicemail', box: n }) : action('hangup', 'USER_BUSY'),
      ]),
    ]),
    ext(`ext-${n}-forward`, [dest(n), cond(cfa, '^(\\+?[0-9]{2,15})$', [transfer('$1', tenant.context)])]),
  ];
  if (e.forward.always) {
    // The spec's forward applies until the user switches forwarding off (*73 stores "off").
    out.push(ext(`ext-${n}-forward-default`, [dest(n), cond(cfa, '^$', [goTo(tenant, e.forward.always)])]));
  }
  out.push(
    ext(`ext-${n}`, [
      dest(n),
      recordingCondition(tenant, recording),
      always([
        action('set', `dialed_extension=${n}`),
        action('export', `dialed_extension=${n}`),
        ...pickupMarks(tenant, [n, ...e.callGroups]),
        action('set', `call_timeout=${e.forward.noAnswer?.after ?? DEFAULT_RING_SECONDS}`),
        action('set', 'hangup_after_bridge=true'),
        action('set', 'continue_on_fail=true'),
        action('bridge', `user/${n}@${tenant.domain}`),
        transfer(`pbxc-fail-${n}-\${originate_disposition}`, tenant.context),
      ]),
    ]),
    ext(`ext-${n}-busy`, [
      cond('destination_number', failTarget(e, 'USER_BUSY'), [
        fallback(tenant, e, e.forward.busy, 'USER_BUSY'),
      ]),
    ]),
    ext(`ext-${n}-unregistered`, [
      cond('destination_number', failTarget(e, '(?:USER_NOT_REGISTERED|SUBSCRIBER_ABSENT)'), [
        fallback(tenant, e, e.forward.unregistered, 'USER_NOT_REGISTERED'),
      ]),
    ]),
    ext(`ext-${n}-no-answer`, [
      cond('destination_number', failTarget(e, '.*'), [
        fallback(tenant, e, e.forward.noAnswer?.to, 'NO_ANSWER'),
      ]),
    ]),
  );
  return out;
}

/** WebRTC users place calls over WSS only; anything else from them is refused. */
export function webrtcGuard(tenant: TenantModel): XmlElement[] {
  const numbers = tenant.extensions.filter((e) => e.webrtc).map((e) => escapeRegex(e.number));
  if (numbers.length === 0) return [];
  return [
    ext('webrtc-wss-only', [
      cond('${pbxc_extension}', `^(?:${numbers.join('|')})$`),
      cond('${sip_via_protocol}', '^(?:udp|tcp|tls)$', [action('hangup', 'CALL_REJECTED')]),
    ]),
  ];
}
