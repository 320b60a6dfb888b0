import { renderTemplate } from '../render.js';
import type { ZoneInfo } from '../time-zone.js';
import { vendorTimers } from '../timers.js';
import { accountValues, keyValues, type PValue } from './grandstream-pvalues.js';
import type { VendorEmitter } from './vendor.js';

/** POSIX offset west of UTC ("+6", "-1", "-5:30"), as P246 writes it. */
function west(minutes: number): string {
  const m = -minutes;
  const abs = Math.abs(m);
  const hm = abs % 60 === 0 ? `${abs / 60}` : `${Math.floor(abs / 60)}:${String(abs % 60).padStart(2, '0')}`;
  return `${m < 0 ? '-' : '+'}${hm}`;
}

/**
 * P246 "self-defined time zone" (with P64 = customize): POSIX TZ with the DST offset spelled out,
 * the form of FusionPBX's Grandstream templates ("MTZ+6MDT+5,M3.2.0,M11.1.0"), plus the hour.
 */
export function selfDefinedZone(zone: ZoneInfo): string {
  const std = `MTZ${west(zone.offsetMinutes)}`;
  if (!zone.dst) return std;
  const { start, end, saveMinutes } = zone.dst;
  const rule = (r: typeof start) => `M${r.month}.${r.week}.${r.weekday}/${r.hour}`;
  return `${std}MDT${west(zone.offsetMinutes + saveMinutes)},${rule(start)},${rule(end)}`;
}

export const grandstream: VendorEmitter = {
  deviceFiles(v) {
    const url = new URL(v.provisioningUrl);
    const timers = vendorTimers('grandstream', v);
    const settings: PValue[] = [
      // Config server: HTTPS (P212 = 2), path without the scheme, basic-auth user and password.
      {
        id: 212,
        value: 2,
        comment:
          'provisioning: 212 method (2 HTTPS), 237 server path, 1360/1361 HTTP user/password, 194/193 check every N minutes',
      },
      { id: 237, value: `${url.host}${url.pathname}`.replace(/\/$/, '') },
      { id: 1360, value: v.provisioningUser },
      { id: 1361, value: v.provisioningPassword },
      // P194 = 1: check every P193 minutes, which the firmware accepts from 60 to 86400.
      { id: 194, value: 1 },
      { id: 193, value: timers.updateInterval },
      // Keep-alive interval in seconds (10-160), used by accounts with NAT traversal 2.
      ...(timers.keepalive > 0
        ? [{ id: 84, value: timers.keepalive, comment: 'NAT keep-alive interval, seconds' }]
        : []),
      { id: 30, value: v.ntpServer, comment: 'time: 30 NTP server, 64 customize, 246 POSIX zone rule' },
      { id: 64, value: 'customize' },
      { id: 246, value: selfDefinedZone(v.zone) },
      { id: 1362, value: v.language, comment: 'display language' },
      ...(v.adminPassword ? [{ id: 2, value: v.adminPassword, comment: 'web admin password' }] : []),
    ];
    const values: PValue[] = [...accountValues(v), ...keyValues(v), ...settings];
    const content = renderTemplate('grandstream.xml.njk', { ...v, values }, 'xml');
    return [{ name: `cfg${v.mac}.xml`, content }];
  },
};
