import type { TenantModel } from '../../../model/types.js';
import { ivrMenuName } from '../ivr.js';
import type { XmlElement } from '../xml.js';
import { action, dest, ext } from './dp.js';
import { voicemailBoxes } from './local-extensions.js';
import { goTo, targetOf } from './targets.js';

/** Voicemail boxes, IVR menus and aliases: the targets other destinations transfer to. */
export function serviceExtensions(tenant: TenantModel): XmlElement[] {
  const boxes = voicemailBoxes(tenant);
  const menus = tenant.ivrMenus.map((m) => {
    const target = targetOf({ type: 'ivr', id: m.id });
    return ext(target, [
      dest(target, [
        action('answer'),
        action('sleep', '500'),
        action('ivr', ivrMenuName(tenant, m.id)),
        // The menu returns after its timeouts/failures; an option that transfers never comes back.
        m.onTimeout ? goTo(tenant, m.onTimeout) : action('hangup'),
      ]),
    ]);
  });
  const aliases = tenant.aliases.map((a) => ext(`alias-${a.number}`, [dest(a.number, [goTo(tenant, a.to)])]));
  return [...boxes, ...menus, ...aliases];
}
