/**
 * Phones do not know IANA zones: each vendor wants a UTC offset plus a daylight-saving rule. Both
 * are derived from the zone's transitions in one fixed reference year, so the output depends on the
 * spec only (and on the ICU zone data Node ships), never on the build machine's clock or zone.
 */
const REFERENCE_YEAR = 2026;
const HOUR = 3_600_000;

/** A DST transition in the "month, n-th weekday" form every phone understands. */
export interface DstRule {
  readonly month: number;
  /** 1..4, or 5 for "last". */
  readonly week: number;
  /** 0 = Sunday .. 6 = Saturday. */
  readonly weekday: number;
  /** Local wall-clock hour at which the change happens (before the change). */
  readonly hour: number;
}

export interface ZoneInfo {
  /** Standard (winter) offset east of UTC, in minutes. */
  readonly offsetMinutes: number;
  readonly dst?: { readonly saveMinutes: number; readonly start: DstRule; readonly end: DstRule };
}

const cache = new Map<string, ZoneInfo>();

function formatter(zone: string): Intl.DateTimeFormat {
  // One formatter per zone: building one is what costs (the scan below formats 8,760 instants).
  return new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  });
}

function offsetAt(format: Intl.DateTimeFormat, utcMs: number): number {
  const parts = format.formatToParts(new Date(utcMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((local - utcMs) / 60_000);
}

function ruleAt(utcMs: number, offsetBefore: number): DstRule {
  const local = new Date(utcMs + offsetBefore * 60_000);
  const day = local.getUTCDate();
  const month = local.getUTCMonth() + 1;
  const daysInMonth = new Date(Date.UTC(local.getUTCFullYear(), month, 0)).getUTCDate();
  return {
    month,
    week: day + 7 > daysInMonth ? 5 : Math.ceil(day / 7),
    weekday: local.getUTCDay(),
    hour: local.getUTCHours(),
  };
}

/** Offset and DST rule of an IANA zone; unknown zones fall back to UTC (validation rejects them). */
export function zoneInfo(zone: string): ZoneInfo {
  const hit = cache.get(zone);
  if (hit) return hit;
  let info: ZoneInfo;
  try {
    const start = Date.UTC(REFERENCE_YEAR, 0, 1);
    const transitions: { at: number; before: number; after: number }[] = [];
    const format = formatter(zone);
    let prev = offsetAt(format, start);
    for (let t = start + HOUR; t < Date.UTC(REFERENCE_YEAR + 1, 0, 1); t += HOUR) {
      const cur = offsetAt(format, t);
      if (cur !== prev) transitions.push({ at: t, before: prev, after: cur });
      prev = cur;
    }
    const offsets = transitions.flatMap((x) => [x.before, x.after]);
    const standard = offsets.length > 0 ? Math.min(...offsets) : prev;
    const on = transitions.find((x) => x.after > x.before);
    const off = transitions.find((x) => x.after < x.before);
    info =
      on && off
        ? {
            offsetMinutes: standard,
            dst: {
              saveMinutes: on.after - on.before,
              start: ruleAt(on.at, on.before),
              end: ruleAt(off.at, off.before),
            },
          }
        : { offsetMinutes: standard };
  } catch {
    info = { offsetMinutes: 0 };
  }
  cache.set(zone, info);
  return info;
}

function hhmm(minutes: number): string {
  const h = Math.floor(Math.abs(minutes) / 60);
  const m = Math.abs(minutes) % 60;
  return m === 0 ? `${h}` : `${h}:${String(m).padStart(2, '0')}`;
}

/** "+1", "-5", "+5:30": the offset in hours as Yealink and Fanvil menus show it. */
export function offsetHours(info: ZoneInfo): string {
  return `${info.offsetMinutes < 0 ? '-' : '+'}${hhmm(info.offsetMinutes)}`;
}
