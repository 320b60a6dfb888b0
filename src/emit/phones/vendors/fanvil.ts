import { renderTemplate } from '../render.js';
import type { DstRule } from '../time-zone.js';
import { codecNames, dtmfIndex } from '../vendor-values.js';
import type { VendorEmitter } from './vendor.js';

/** Fanvil DefaultLanguage indexes; anything else shows English (0). */
const LANGUAGE_INDEX: Readonly<Record<string, number>> = { en: 0, nl: 3, fr: 4, it: 7, es: 10, de: 16 };

/** DSS keys per page of the internal key pages. */
const PAGE_SIZE = 12;

/** Fanvil DST fields: week -1 = last, weekday 0 = Sunday. */
const dstFields = (r: DstRule) => ({
  month: r.month,
  week: r.week === 5 ? -1 : r.week,
  weekday: r.weekday,
  hour: r.hour,
});

/**
 * Memory keys (type 1) carry "<number>@<line>/<mode>": b = BLF (with the pickup code after it),
 * f = speed dial. Park keys are BLF on the slot.
 */
function keyValue(type: string, value: string, pickup: string): string {
  if (type === 'speed_dial') return `${value}@1/f`;
  return type === 'blf' ? `${value}@1/ba${pickup}${value}` : `${value}@1/b`;
}

export const fanvil: VendorEmitter = {
  deviceFiles(v) {
    const keys = v.keys.map((k) => ({ ...k, value: keyValue(k.type, k.value, v.pickupDirect) }));
    const pages = [];
    for (let i = 0; i < keys.length; i += PAGE_SIZE) {
      pages.push({
        index: i / PAGE_SIZE + 1,
        keys: keys.slice(i, i + PAGE_SIZE).map((k, j) => ({ ...k, index: j + 1 })),
      });
    }
    const dst = v.zone.dst;
    const hours = v.zone.offsetMinutes / 60;
    const content = renderTemplate(
      'fanvil.cfg.njk',
      {
        ...v,
        adminPassword: v.adminPassword ?? '',
        languageIndex: LANGUAGE_INDEX[v.language] ?? 0,
        timeZoneQuarters: Math.round(v.zone.offsetMinutes / 15),
        timeZoneName: hours === 0 ? 'UTC' : `UTC${hours > 0 ? '+' : ''}${hours}`,
        dst: dst ? { save: dst.saveMinutes, start: dstFields(dst.start), end: dstFields(dst.end) } : '',
        transportIndex: { udp: 0, tcp: 1, tls: 2 }[v.transport],
        dtmfMode: dtmfIndex(v.dtmf),
        codecList: codecNames(v.codecs, 'fanvil').join(','),
        pages,
      },
      'xml',
    );
    return [{ name: `${v.mac}.cfg`, content }];
  },
};
