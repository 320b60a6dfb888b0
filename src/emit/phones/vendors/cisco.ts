import { createHash } from 'node:crypto';
import { CISCO_UTC, ciscoZoneAbbrev, ciscoZoneName } from '../../../model/cisco-time-zones.js';
import type { PhoneView } from '../phone-view.js';
import { renderTemplate } from '../render.js';
import type { DstRule } from '../time-zone.js';
import { vendorTimers } from '../timers.js';
import { codecNames } from '../vendor-values.js';
import type { PhoneFile, VendorEmitter } from './vendor.js';

/**
 * Cisco 7940/7960 on SIP firmware: 8.x reads SEP<MAC>.cnf.xml, 7.x reads SIPDefault.cnf and then
 * SIP<MAC>.cnf (MAC in upper case). The 79x0 SIP firmware has no BLF, so BLF and park keys become
 * speed dials on the free line buttons (pressing one calls the extension or retrieves the slot).
 */
export const SIP_DEFAULT = 'SIPDefault.cnf';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** SIP 7.x dst_* fields: month and weekday by name, week of month 1-4 or 8 for the last. */
function dstFields(r: DstRule) {
  return {
    month: MONTHS[r.month - 1],
    weekday: WEEKDAYS[r.weekday],
    week: r.week === 5 ? 8 : r.week,
    time: `${String(r.hour).padStart(2, '0')}:00`,
  };
}

function dstOffset(minutes: number): string {
  return minutes % 60 === 0
    ? String(minutes / 60)
    : `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

function common(v: PhoneView) {
  // A zone Cisco has no name (8.x) or abbreviation (7.x) for keeps UTC, without DST, and validate
  // warns (PBX3402).
  const abbrev = ciscoZoneAbbrev(v.zone);
  const dst = abbrev ? v.zone.dst : undefined;
  const keys = v.keys.map((k) => ({ ...k, button: v.accounts.length + k.index }));
  return {
    ...v,
    keys,
    phoneLabel: v.deviceName,
    adminPassword: v.adminPassword ?? '',
    preferredCodec: codecNames(v.codecs, 'cisco')[0] ?? 'g711ulaw',
    dtmfOutOfBand: v.dtmf === 'rfc2833' ? 'avt' : 'none',
    timeZone: ciscoZoneName(v.zone) ?? CISCO_UTC.xml,
    timeZoneAbbrev: abbrev ?? CISCO_UTC.abbrev,
    dst: dst
      ? { offset: dstOffset(dst.saveMinutes), start: dstFields(dst.start), end: dstFields(dst.end) }
      : // false, not '': the quoted format turns strings into (truthy) SafeStrings.
        false,
    expires: vendorTimers('cisco', v).expires,
  };
}

function sepFile(v: PhoneView): PhoneFile {
  const data = {
    ...common(v),
    dateTemplate: v.language === 'en' ? 'M/D/Y' : 'D.M.Y',
    language: v.language,
    transportLayer: v.transport === 'tcp' ? 1 : 2,
  };
  // The phone reloads its configuration only when versionStamp changes: derive it from the content.
  const draft = renderTemplate('cisco-sep.cnf.xml.njk', { ...data, versionStamp: '' }, 'xml');
  const versionStamp = createHash('sha256').update(draft).digest('hex').slice(0, 32);
  const content = renderTemplate('cisco-sep.cnf.xml.njk', { ...data, versionStamp }, 'xml');
  return { name: `SEP${v.mac.toUpperCase()}.cnf.xml`, content };
}

export const cisco: VendorEmitter = {
  deviceFiles(v) {
    if (v.firmware === '7.x') {
      return [
        {
          name: `SIP${v.mac.toUpperCase()}.cnf`,
          content: renderTemplate('cisco-sip.cnf.njk', common(v), 'quoted'),
        },
      ];
    }
    return [sepFile(v)];
  },
  commonFiles(v) {
    if (v.firmware !== '7.x') return [];
    return [{ name: SIP_DEFAULT, content: renderTemplate('cisco-sipdefault.cnf.njk', common(v), 'quoted') }];
  },
};
