import { posixTz } from '../../model/posix-tz.js';
import type { Model } from '../../model/types.js';
import { compareStrings } from '../../util/text.js';
import { configuration, el, renderXml } from './xml.js';

/** The zones the tenants use, sorted. */
export function tenantZones(model: Model): string[] {
  return [...new Set(model.tenants.map((t) => t.timezone))].sort(compareStrings);
}

/**
 * timezones.conf: FreeSWITCH knows a `timezone` channel variable only through this table (IANA name →
 * POSIX TZ). Without it every time condition logs "Timezone ... not found" and runs in the server's
 * zone. Only the tenants' zones are listed.
 */
export function timezonesConf(model: Model): string {
  const zones = tenantZones(model).map((name) => el('zone', { name, value: posixTz(name) }));
  return renderXml(configuration('timezones', 'Timezones', [el('timezones', {}, zones)]));
}
