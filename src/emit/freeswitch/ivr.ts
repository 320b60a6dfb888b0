import type { Model, TenantModel } from '../../model/types.js';
import { mediaPlayPath } from './dialplan/announcements.js';
import { targetOf } from './dialplan/targets.js';
import { configuration, el, renderXml } from './xml.js';

/** Menu names are global in FreeSWITCH: prefix the tenant. */
export function ivrMenuName(tenant: TenantModel, id: string): string {
  return `${tenant.id}-${id}`;
}

export function ivrConf(model: Model): string {
  const menus = model.tenants.flatMap((tenant) =>
    tenant.ivrMenus.map((m) =>
      el(
        'menu',
        {
          name: ivrMenuName(tenant, m.id),
          'greet-long': m.greetingMedia ? mediaPlayPath(tenant, m.greeting) : m.greeting,
          'greet-short': m.greetingMedia ? mediaPlayPath(tenant, m.greeting) : m.greeting,
          'invalid-sound': 'ivr/ivr-that_was_an_invalid_entry.wav',
          'exit-sound': 'voicemail/vm-goodbye.wav',
          timeout: m.timeout * 1000,
          'inter-digit-timeout': 2000,
          'max-failures': m.maxFailures,
          'max-timeouts': m.maxFailures,
          'digit-len': 1,
        },
        m.options.map((o) =>
          el('entry', {
            action: 'menu-exec-app',
            digits: o.digit,
            param: `transfer ${targetOf(o.to)} XML ${tenant.context}`,
          }),
        ),
      ),
    ),
  );
  return renderXml(configuration('ivr', 'IVR menus', [el('menus', {}, menus)]));
}
