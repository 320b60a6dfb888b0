// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here is FreeSWITCH variable syntax, not JavaScript.
import type { TenantModel } from '../../../model/types.js';
import { busyTone } from '../locale.js';
import type { XmlElement } from '../xml.js';
import { action, antiAction, cond, dest, ext, transfer } from './dp.js';

/** The tenant-context number every "callee is busy" ending goes to. */
export const BUSY_TARGET = 'pbxc-busy';

/** The action that ends a call to a busy callee (see busyExtension). */
export function toBusy(tenant: TenantModel): XmlElement {
  return transfer(BUSY_TARGET, tenant.context);
}

/**
 * The same, as an anti-action (for a condition whose other branch goes elsewhere).
 */
export function toBusyOtherwise(tenant: TenantModel): XmlElement {
  return antiAction('transfer', `${BUSY_TARGET} XML ${tenant.context}`);
}

/**
 * A busy callee: a caller FreeSWITCH has answered (an IVR or auto attendant, a call transferred on,
 * a DID the PBX picked up) hears the busy tone of the tenant's country for a few cadences, then
 * the call ends with USER_BUSY; nobody else would play it a tone. A caller not answered gets 486 at
 * once: its phone or carrier plays its own busy tone. `answered_time` (the caller profile's answer
 * time, kept across transfers) is 0 until the channel is answered; the XML dialplan tests it when
 * the call arrives here, after the failed bridge.
 */
export function busyExtension(tenant: TenantModel): XmlElement {
  return ext('busy', [
    dest(BUSY_TARGET),
    cond('${answered_time}', '^[1-9][0-9]*$', [
      action('playback', busyTone(tenant)),
      action('hangup', 'USER_BUSY'),
      antiAction('hangup', 'USER_BUSY'),
    ]),
  ]);
}
