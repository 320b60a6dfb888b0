import { AUTO_ANSWER_URL } from '../../../model/auto-answer.js';
import { renderTemplate } from '../render.js';
import type { DstRule } from '../time-zone.js';
import { vendorTimers } from '../timers.js';
import { allCodecNames, codecNames, languageName } from '../vendor-values.js';
import type { PhoneFile, VendorEmitter } from './vendor.js';

/** Tenant-wide settings, listed last in CONFIG_FILES so the per-phone file wins where both set a key. */
export const POLYCOM_COMMON = 'pbxc-common.cfg';

const deviceConfig = (mac: string) => `${mac}-pbxc.cfg`;

/** Polycom's DST fields: day of week 1 = Sunday; "lastInMonth" instead of week 5. */
function dstFields(r: DstRule) {
  return {
    month: r.month,
    date: r.week === 5 ? 1 : (r.week - 1) * 7 + 1,
    dayOfWeek: r.weekday + 1,
    last: r.week === 5 ? 1 : 0,
    hour: r.hour,
  };
}

export const polycom: VendorEmitter = {
  deviceFiles(v) {
    const timers = vendorTimers('polycom', v);
    const master = renderTemplate(
      'polycom-master.cfg.njk',
      { ...v, configFiles: `${deviceConfig(v.mac)}, ${POLYCOM_COMMON}` },
      'xml',
    );
    // BLF and park keys are resources the phone watches; speed dials live in the contact
    // directory (<mac>-directory.xml), whose speed-dial index puts them on the free line keys.
    const monitored = v.keys.filter((k) => k.type !== 'speed_dial').map((k, i) => ({ ...k, index: i + 1 }));
    const speedDials = v.keys.filter((k) => k.type === 'speed_dial').map((k, i) => ({ ...k, sd: i + 1 }));
    const device = renderTemplate(
      'polycom-device.cfg.njk',
      {
        ...v,
        expires: timers.expires,
        transportName: { udp: 'UDPOnly', tcp: 'TCPOnly', tls: 'TLS' }[v.transport],
        srtp: {
          enable: v.srtp === 'off' ? 0 : 1,
          offer: v.srtp === 'off' ? 0 : 1,
          require: v.srtp === 'mandatory' ? 1 : 0,
        },
        adminPassword: v.adminPassword ?? '',
        monitored,
      },
      'xml',
    );
    const files: PhoneFile[] = [
      { name: `${v.mac}.cfg`, content: master },
      { name: deviceConfig(v.mac), content: device },
    ];
    if (speedDials.length > 0) {
      files.push({
        name: `${v.mac}-directory.xml`,
        content: renderTemplate('polycom-directory.xml.njk', { ...v, speedDials }, 'xml'),
      });
    }
    return files;
  },
  commonFiles(v) {
    const timers = vendorTimers('polycom', v);
    const enabled = codecNames(v.codecs, 'polycom');
    const codecs = allCodecNames('polycom').map((name) => ({
      name,
      priority: enabled.includes(name) ? enabled.indexOf(name) + 1 : '',
    }));
    const dst = v.zone.dst;
    const content = renderTemplate(
      'polycom-common.cfg.njk',
      {
        ...v,
        pollSeconds: timers.updateInterval,
        keepalive: timers.keepalive,
        gmtOffset: v.zone.offsetMinutes * 60,
        dst: dst ? { start: dstFields(dst.start), end: dstFields(dst.end) } : '',
        language: languageName(v.language, 'polycom'),
        codecs,
        rfc2833: v.dtmf === 'rfc2833' ? 1 : 0,
        sipInfo: v.dtmf === 'info' ? 1 : 0,
        autoAnswerUrl: AUTO_ANSWER_URL,
      },
      'xml',
    );
    return [{ name: POLYCOM_COMMON, content }];
  },
};
