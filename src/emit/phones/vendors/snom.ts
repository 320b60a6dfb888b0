import { renderTemplate } from '../render.js';
import { snomTimeZone } from '../snom-time-zones.js';
import type { DstRule } from '../time-zone.js';
import { vendorTimers } from '../timers.js';
import { codecNames, languageName } from '../vendor-values.js';
import type { VendorEmitter } from './vendor.js';

/** Snom's dst rule part: "MM.WW.DD HH:MM:SS", week 5 = last, day of week 1 = Monday .. 7 = Sunday. */
const rule = (r: DstRule) =>
  `${String(r.month).padStart(2, '0')}.${String(r.week).padStart(2, '0')}.${String(
    r.weekday === 0 ? 7 : r.weekday,
  ).padStart(2, '0')} ${String(r.hour).padStart(2, '0')}:00:00`;

/** Snom requests <MAC>.xml with the MAC in upper case ({mac} in its setting server URL). */
export const snomFile = (mac: string) => `${mac.toUpperCase()}.xml`;

/**
 * First boot with the tenant folder as setting server (DHCP option 66, SRAPS): the firmware asks
 * for snom<model>.htm, then snom<model>-<MAC>.htm. The first points it at its own file; the second
 * is that file under the name the phone asked for.
 */
export const snomModelFile = (model: string) => `snom${model}.htm`;
export const snomModelMacFile = (model: string, mac: string) => `snom${model}-${mac.toUpperCase()}.htm`;

/** perm="R": the user cannot change it on the phone; "RW": the user may, the next provisioning resets it. */
const perm = (allowed: readonly string[], group: string) => (allowed.includes(group) ? 'RW' : 'R');

export const snom: VendorEmitter = {
  deviceFiles(v) {
    const dst = v.zone.dst;
    // Function keys double as line keys on Snom: the first ones show the accounts, then the keys.
    // fkey indexes are 0-based.
    const fkeys = [
      ...v.accounts.map((a) => ({ idx: a.index - 1, context: a.index, label: a.label, value: 'line' })),
      ...v.keys.map((k) => ({
        idx: v.accounts.length + k.index - 1,
        context: 'active',
        label: k.label,
        value:
          k.type === 'speed_dial'
            ? `speed ${k.value}`
            : k.type === 'blf'
              ? `blf <sip:${k.value}@${v.domain}>|${v.pickupDirect}`
              : `blf <sip:${k.value}@${v.domain}>`,
      })),
    ];
    const timers = vendorTimers('snom', v);
    const content = renderTemplate(
      'snom.xml.njk',
      {
        ...v,
        settingServer: `${v.provisioningUrl}{mac}.xml`,
        adminPassword: v.adminPassword ?? '',
        timezoneCode: snomTimeZone(v.timezone) ?? '',
        utcOffset: v.zone.offsetMinutes * 60,
        dst: dst ? `${dst.saveMinutes * 60} ${rule(dst.start)} ${rule(dst.end)}` : '',
        language: languageName(v.language, 'snom'),
        dtmfInfo: v.dtmf === 'info' ? 'sip_info_only' : 'off',
        codecList: [...codecNames(v.codecs, 'snom'), 'telephone-event'].join(','),
        srtpOn: v.srtp === 'off' ? 'off' : 'on',
        savp: v.srtp,
        refreshSeconds: timers.updateInterval,
        expires: timers.expires,
        keepalive: timers.keepalive,
        permLanguage: perm(v.userSettings, 'language'),
        permTime: perm(v.userSettings, 'time'),
        permKeys: perm(v.userSettings, 'function_keys'),
        fkeys,
      },
      'xml',
    );
    const redirect = renderTemplate(
      'snom-model.htm.njk',
      { ...v, settingServer: `${v.provisioningUrl}{mac}.xml` },
      'xml',
    );
    return [
      { name: snomFile(v.mac), content },
      { name: snomModelMacFile(v.model, v.mac), content },
      { name: snomModelFile(v.model), content: redirect },
    ];
  },
};
