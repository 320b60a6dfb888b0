import type { Weekday } from './types.js';

export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** "mon-fri", "sat", "mon,wed-fri" → days in week order. A wrapping range ("fri-mon") wraps. */
export function parseDays(text: string): Weekday[] {
  const days = new Set<Weekday>();
  for (const part of text.split(',')) {
    const [from, to] = part.split('-') as [Weekday, Weekday | undefined];
    const start = WEEKDAYS.indexOf(from);
    const end = to ? WEEKDAYS.indexOf(to) : start;
    for (let i = start; ; i = (i + 1) % 7) {
      days.add(WEEKDAYS[i]!);
      if (i === end) break;
    }
  }
  return WEEKDAYS.filter((d) => days.has(d));
}

/** "HH:MM" → minutes, 00:00..24:00; undefined when out of range. */
export function parseTime(text: string): number | undefined {
  const match = /^([0-9]{2}):([0-9]{2})$/.exec(text);
  if (!match) return undefined;
  const h = Number(match[1]);
  const m = Number(match[2]);
  if (m > 59 || h > 24 || (h === 24 && m !== 0)) return undefined;
  return h * 60 + m;
}

/** A real IANA zone, spelled exactly as the tz database does (Europe/Berlin, UTC). */
const zones = new Map<string, boolean>();

/** Area/Location as tzdb spells names: each part starts with a capital or a digit. */
const TZDB_SPELLING = /^[A-Z][A-Za-z_+-]*(?:\/[A-Z0-9][A-Za-z0-9_+-]*)*$/;

/** Whether the tz database knows the zone (Intl is slow to ask, so answers are kept). */
export function isIanaZone(zone: string): boolean {
  let known = zones.get(zone);
  if (known === undefined) {
    try {
      const resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
      // ICU answers some current names with their old spelling (Asia/Kolkata → Asia/Calcutta,
      // Asia/Kathmandu → Asia/Katmandu, Europe/Kyiv → Europe/Kiev): a name it knows under another
      // spelling is real, one that differs from its answer only in case is not spelled as tzdb does.
      known =
        resolved === zone || (resolved.toLowerCase() !== zone.toLowerCase() && TZDB_SPELLING.test(zone));
    } catch {
      known = false;
    }
    if (zones.size < 1000) zones.set(zone, known);
  }
  return known;
}
