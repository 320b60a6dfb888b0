import { each } from '../bind/symbols.js';
import { diag } from '../diag/diagnostic.js';
import { offsetHours, zoneInfo } from '../emit/phones/time-zone.js';
import { ciscoZoneAbbrev, ciscoZoneName } from '../model/cisco-time-zones.js';
import { isIanaZone } from '../model/schedule-time.js';
import type { Rule } from './rule.js';

/**
 * Cisco 79x0 know a fixed list of zones (src/model/cisco-time-zones.ts); a tenant zone whose offset
 * and DST rule match none of them leaves the phone on UTC, so say so, once per tenant, at its first
 * such phone.
 */
export const ciscoTimeZoneKnown: Rule = {
  name: 'cisco-time-zone',
  check(ctx) {
    for (const scope of ctx.bound.tenants) {
      const zone = scope.spec.timezone;
      if (typeof zone !== 'string' || !isIanaZone(zone)) continue;
      for (const [d, i] of each(scope, 'devices')) {
        if (d.vendor !== 'cisco') continue;
        const info = zoneInfo(zone);
        const firmware7 = d.firmware === '7.x';
        if ((firmware7 ? ciscoZoneAbbrev(info) : ciscoZoneName(info)) !== undefined) continue;
        ctx.report(
          diag(
            'PBX3402',
            {
              device: d.name,
              zone,
              offset: offsetHours(info),
              firmware: firmware7 ? '7.x' : '8.x',
              tenant: scope.id,
            },
            scope.locate(['devices', i, 'model']),
          ),
        );
        break;
      }
    }
  },
};
