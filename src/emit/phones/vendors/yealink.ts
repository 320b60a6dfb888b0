import { renderTemplate } from '../render.js';
import type { DstRule } from '../time-zone.js';
import { offsetHours } from '../time-zone.js';
import { vendorTimers } from '../timers.js';
import { allCodecNames, codecNames, dtmfIndex, languageName } from '../vendor-values.js';
import type { VendorEmitter } from './vendor.js';

/** The model ID in the name of the common file each Yealink model requests (y0000000000xx.cfg). */
const MODEL_IDS: Readonly<Record<string, string>> = {
  T31P: '123',
  T33G: '124',
  T43U: '107',
  T46U: '108',
  T48U: '109',
  T53W: '95',
  T54W: '96',
  T57W: '97',
  T58W: '150',
};

export function yealinkCommonFile(model: string): string {
  return `y${(MODEL_IDS[model] ?? '0').padStart(12, '0')}.cfg`;
}

/** Yealink asks for <mac>.boot first, then the common y000000000000.boot (Yealink's boot-file names). */
export const YEALINK_COMMON_BOOT = 'y000000000000.boot';

/**
 * A boot file: the cfg files to load in order (relative to the boot file, later ones win), with
 * overwrite_mode 1 so a setting removed from the spec returns to the factory default.
 */
function bootFile(comment: string, files: readonly string[]): string {
  return [
    '#!version:1.0.0.1',
    `## pbxc: ${comment}`,
    '# The files this phone loads, in order; a setting in a later file wins',
    ...files.map((f) => `include:config "${f}"`),
    '# 1: a setting no file sets any more returns to its factory default',
    'overwrite_mode = 1',
    '',
  ].join('\n');
}

/** local_time.start_time by week: month/week of month (5 = last)/day of week (1 = Monday .. 7)/hour. */
const rule = (r: DstRule) => `${r.month}/${r.week}/${r.weekday === 0 ? 7 : r.weekday}/${r.hour}`;

/** linekey.N.type: 15 line, 16 BLF, 13 speed dial. */
const KEY_TYPE = { blf: 16, park: 16, conference: 16, speed_dial: 13 } as const;

export const yealink: VendorEmitter = {
  deviceFiles(v) {
    const timers = vendorTimers('yealink', v);
    const enabled = codecNames(v.codecs, 'yealink');
    const codecs = allCodecNames('yealink').map((name) => ({
      name,
      enable: enabled.includes(name) ? 1 : 0,
      priority: enabled.includes(name) ? enabled.indexOf(name) + 1 : 0,
    }));
    const linekeys = [
      ...v.accounts.map((a) => ({ index: a.index, type: 15, line: a.index, value: '', label: a.label })),
      ...v.keys.map((k) => ({
        index: v.lineKeyCount + k.index,
        type: KEY_TYPE[k.type],
        line: 1,
        value: k.value,
        label: k.label,
        // Park and conference keys dial what they watch (the slot, the room); a BLF picks up.
        pickup: k.type === 'blf' ? `${v.pickupDirect}${k.value}` : k.type === 'speed_dial' ? '' : k.value,
      })),
    ];
    const content = renderTemplate(
      'yealink-device.cfg.njk',
      {
        ...v,
        transportType: { udp: 0, tcp: 1, tls: 2 }[v.transport],
        expires: timers.expires,
        keepalive: timers.keepalive,
        dtmfType: dtmfIndex(v.dtmf),
        codecs,
        linekeys,
        srtpEncryption: { off: 0, optional: 1, mandatory: 2 }[v.srtp],
        adminPassword: v.adminPassword ?? '',
      },
      'line',
    );
    const boot = bootFile(`boot file of one phone (${v.model})`, [
      yealinkCommonFile(v.model),
      `${v.mac}.cfg`,
    ]);
    return [
      { name: `${v.mac}.cfg`, content },
      { name: `${v.mac}.boot`, content: boot },
    ];
  },
  commonFiles(v) {
    const dst = v.zone.dst;
    const content = renderTemplate(
      'yealink-common.cfg.njk',
      {
        ...v,
        tzOffset: offsetHours(v.zone),
        repeatMinutes: vendorTimers('yealink', v).updateInterval,
        dst: dst ? { start: rule(dst.start), end: rule(dst.end), save: dst.saveMinutes } : '',
        language: languageName(v.language, 'yealink'),
      },
      'line',
    );
    // Asked for only by a Yealink without its own boot file (a phone not in the spec yet): the
    // tenant's common settings, and no account.
    const boot = bootFile(`common boot file of tenant ${v.tenant}`, [yealinkCommonFile(v.model)]);
    return [
      { name: yealinkCommonFile(v.model), content },
      { name: YEALINK_COMMON_BOOT, content: boot },
    ];
  },
};
