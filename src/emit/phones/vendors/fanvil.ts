import { renderTemplate } from '../render.js';
import type { DstRule } from '../time-zone.js';
import { vendorTimers } from '../timers.js';
import { codecNames, dtmfIndex } from '../vendor-values.js';
import type { VendorEmitter } from './vendor.js';

/**
 * Fanvil X-series sysConf. Keys and values checked against FusionPBX's fanvil/x3u..x7 templates and
 * Wazo's wazo-fanvil plugin (docs/phones.md lists them).
 */

/** DefaultLanguage: the X4U/X5U/X6U/X7 firmware takes a language code (Wazo's "new model" list). */
const LANGUAGE_CODES: Readonly<Record<string, string>> = {
  en: 'en',
  de: 'de',
  fr: 'fr',
  it: 'it',
  es: 'es',
  nl: 'nl',
  pl: 'pl',
  pt: 'pt',
  ru: 'ru',
  tr: 'tr',
  hr: 'hr',
  he: 'he',
  ko: 'ko',
  ar: 'ar',
  zh: 'cn',
  ca: 'cat',
  eu: 'eus',
  sk: 'slo',
  cs: 'cz',
  uk: 'ua',
};

/** The X3U firmware still takes an index; anything else shows English (0). */
const LANGUAGE_INDEX: Readonly<Record<string, number>> = { en: 0, nl: 3, fr: 4, it: 7, es: 10, de: 16 };

function defaultLanguage(model: string, language: string): string | number {
  if (model === 'X3U') return LANGUAGE_INDEX[language] ?? 0;
  return LANGUAGE_CODES[language] ?? 'en';
}

/** DSS (memory) keys per <internal> page: X4U/X5U 6, X6U 12 (Wazo), X7 29 (FusionPBX); X3U has 6. */
const PAGE_SIZE: Readonly<Record<string, number>> = { X3U: 6, X4U: 6, X5U: 6, X6U: 12, X7: 29 };

/** <Transport>: 0 UDP, 1 TCP, 3 TLS (2 is not TLS). */
const TRANSPORT = { udp: 0, tcp: 1, tls: 3 } as const;

/** Fanvil DST fields: week -1 = last, weekday 0 = Sunday. */
const dstFields = (r: DstRule) => ({
  month: r.month,
  week: r.week === 5 ? -1 : r.week,
  weekday: r.weekday,
  hour: r.hour,
});

/**
 * Memory keys (type 1) carry "<number>@<line>/<mode>": b = BLF (with the pickup code after it),
 * f = speed dial. Park and conference keys are BLF on the slot or room (pressing dials it).
 */
function keyValue(type: string, value: string, pickup: string): string {
  if (type === 'speed_dial') return `${value}@1/f`;
  return type === 'blf' ? `${value}@1/ba${pickup}${value}` : `${value}@1/b`;
}

export const fanvil: VendorEmitter = {
  deviceFiles(v) {
    const keys = v.keys.map((k) => ({ ...k, value: keyValue(k.type, k.value, v.pickupDirect) }));
    const size = PAGE_SIZE[v.model] ?? 6;
    const pages = [];
    for (let i = 0; i < keys.length; i += size) {
      pages.push({
        index: i / size + 1,
        keys: keys.slice(i, i + size).map((k, j) => ({ ...k, index: j + 1 })),
      });
    }
    const dst = v.zone.dst;
    const hours = v.zone.offsetMinutes / 60;
    const timers = vendorTimers('fanvil', v);
    const content = renderTemplate(
      'fanvil.cfg.njk',
      {
        ...v,
        adminPassword: v.adminPassword ?? '',
        defaultLanguage: defaultLanguage(v.model, v.language),
        timeZoneQuarters: Math.round(v.zone.offsetMinutes / 15),
        timeZoneName: hours === 0 ? 'UTC' : `UTC${hours > 0 ? '+' : ''}${hours}`,
        dst: dst ? { save: dst.saveMinutes, start: dstFields(dst.start), end: dstFields(dst.end) } : '',
        transportIndex: TRANSPORT[v.transport],
        mediaCrypto: { off: 0, optional: 1, mandatory: 2 }[v.srtp],
        dtmfMode: dtmfIndex(v.dtmf),
        codecList: codecNames(v.codecs, 'fanvil').join(','),
        flashIntervalHours: timers.updateInterval,
        expires: timers.expires,
        keepalive: timers.keepalive,
        pages,
      },
      'xml',
    );
    return [{ name: `${v.mac}.cfg`, content }];
  },
};
