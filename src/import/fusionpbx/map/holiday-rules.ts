import { daysInMonth, EASTER_DAYS, easterDate, nthWeekday } from '../../../model/holidays.js';
import type { Weekday } from '../../../model/types.js';

/**
 * A FusionPBX time-condition holiday rule (FreeSWITCH time attributes) as pbxc's recurring holiday
 * entries, so the imported tenant never needs editing each January:
 * - mday + mon (no year) → "MM-DD" / "MM-DD..MM-DD" every year;
 * - mday + mon + year, or date-time → dated "YYYY-MM-DD[..YYYY-MM-DD]";
 * - wday + mon + a 7-day mday window (1-7, 8-14, 15-21, 22-28, the month's last 7 days) → the n-th
 *   or last weekday {nth, weekday, month}: exactly what FreeSWITCH closed;
 * - wday + mon + mweek → the n-th weekday, with a note: FreeSWITCH's mweek counts calendar weeks
 *   (Sunday to Saturday), so FusionPBX closed another day (or none) in the years the note lists.
 * Easter-relative days are recognised afterwards across rules (easterEntries).
 * undefined: the rule is not a whole-day yearly or dated holiday pbxc can state.
 */
export type HolidayEntry = string | { nth: number; weekday: Weekday; month: number } | { easter: string };

export interface HolidayMapping {
  readonly entries: HolidayEntry[];
  /** Why the entries differ from what FusionPBX did, when they do. */
  readonly note?: string;
}

const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const pad = (n: number) => String(n).padStart(2, '0');
/** Years the reports check FreeSWITCH's reading against (the issue's property range). */
export const CHECK_YEARS = { from: 2026, to: 2035 } as const;

function numbers(value: string, min: number, max: number): number[] | undefined {
  const out = new Set<number>();
  for (const part of value.split(',')) {
    const m = /^\s*(\d{1,4})\s*(?:-\s*(\d{1,4}))?\s*$/.exec(part);
    if (!m) return undefined;
    const a = Number(m[1]);
    const b = Number(m[2] ?? m[1]);
    if (a < min || b > max || b < a) return undefined;
    for (let i = a; i <= b; i++) out.add(i);
  }
  return [...out].sort((x, y) => x - y);
}

/** Contiguous runs of sorted numbers: [1,2,3,7] → [[1,3],[7,7]]. */
function runs(list: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const n of list) {
    const last = out.at(-1);
    if (last && n === last[1] + 1) last[1] = n;
    else out.push([n, n]);
  }
  return out;
}

function dateTime(value: string): HolidayEntry[] | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})(?: [0-9:]+)?~(\d{4}-\d{2}-\d{2})(?: [0-9:]+)?$/.exec(value.trim());
  if (!m || (m[2] as string) < (m[1] as string)) return undefined;
  return [m[1] === m[2] ? (m[1] as string) : `${m[1]}..${m[2]}`];
}

/** The day FreeSWITCH's `mweek` + `wday` picks in a month (calendar weeks from Sunday), if any. */
export function mweekDay(year: number, month: number, mweek: number, wday: number): number | undefined {
  const firstDow = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const day = 7 * (mweek - 1) + (wday - 1) - firstDow + 1;
  return day >= 1 && day <= daysInMonth(year, month) ? day : undefined;
}

export function holidayRule(conds: ReadonlyMap<string, string>): HolidayMapping | undefined {
  const keys = [...conds.keys()].sort().join(' ');
  const dt = conds.get('date-time');
  if (dt !== undefined) {
    if (keys !== 'date-time') return undefined;
    const entries = dateTime(dt);
    return entries ? { entries } : undefined;
  }
  const mon = conds.get('mon');
  const months = mon === undefined ? undefined : numbers(mon, 1, 12);
  if (!months) return undefined;
  const wday = conds.get('wday');
  if (wday !== undefined) return nthRule(conds, keys, months, wday);
  if (keys !== 'mday mon' && keys !== 'mday mon year') return undefined;
  const days = numbers(conds.get('mday') ?? '', 1, 31);
  if (!days) return undefined;
  const year = conds.get('year');
  const years = year === undefined ? undefined : numbers(year, 1970, 2100);
  if (year !== undefined && (!years || years.length > 20)) return undefined;
  const entries: HolidayEntry[] = [];
  for (const m of months)
    for (const [a, b0] of runs(days)) {
      if (years) {
        for (const y of years) {
          const b = Math.min(b0, daysInMonth(y, m));
          if (a > b) continue;
          const from = `${y}-${pad(m)}-${pad(a)}`;
          entries.push(a === b ? from : `${from}..${y}-${pad(m)}-${pad(b)}`);
        }
      } else {
        const b = Math.min(b0, daysInMonth(2024, m));
        if (a > b) continue;
        entries.push(a === b ? `${pad(m)}-${pad(a)}` : `${pad(m)}-${pad(a)}..${pad(m)}-${pad(b)}`);
      }
    }
  return entries.length > 0 ? { entries } : undefined;
}

function nthRule(
  conds: ReadonlyMap<string, string>,
  keys: string,
  months: readonly number[],
  wdayText: string,
): HolidayMapping | undefined {
  const wdays = numbers(wdayText, 1, 7);
  if (wdays?.length !== 1 || months.length !== 1) return undefined;
  const wday = wdays[0] as number;
  const month = months[0] as number;
  const weekday = WEEKDAYS[wday - 1] as Weekday;
  if (keys === 'mday mon wday') {
    const days = numbers(conds.get('mday') ?? '', 1, 31);
    if (days?.length !== 7 || (days[6] as number) - (days[0] as number) !== 6) return undefined;
    const first = days[0] as number;
    if ((first - 1) % 7 === 0 && first <= 22)
      return { entries: [{ nth: (first - 1) / 7 + 1, weekday, month }] };
    // The last 7 days of the month: the last weekday (February's length moves with leap years).
    const longest = daysInMonth(2024, month);
    if (first === longest - 6 && month !== 2) return { entries: [{ nth: -1, weekday, month }] };
    return undefined;
  }
  if (keys === 'mon mweek wday') {
    const weeks = numbers(conds.get('mweek') ?? '', 1, 6);
    if (weeks?.length !== 1) return undefined;
    const mweek = weeks[0] as number;
    if (mweek > 5) return undefined;
    const differs: string[] = [];
    for (let y = CHECK_YEARS.from; y <= CHECK_YEARS.to; y++) {
      const fs = mweekDay(y, month, mweek, wday);
      const nth = nthWeekday(y, month, mweek, weekday);
      if (fs !== nth) differs.push(`${y} (${fs === undefined ? 'no day' : `${y}-${pad(month)}-${pad(fs)}`})`);
    }
    return {
      entries: [{ nth: mweek, weekday, month }],
      ...(differs.length > 0
        ? {
            note: `FreeSWITCH's mweek counts calendar weeks from Sunday, so FusionPBX closed a different day in ${differs.join(', ')}; pbxc closes the ${mweek}. ${weekday} every year`,
          }
        : {}),
    };
  }
  return undefined;
}

/** The Easter offsets pbxc names, by offset. */
const EASTER_NAMES = new Map(Object.entries(EASTER_DAYS).map(([name, offset]) => [offset, name]));
/** FusionPBX/English preset spellings of the named Easter days. */
const EASTER_ALIASES: Readonly<Record<string, string>> = {
  ascension_day: 'ascension',
  pentecost: 'whit_sunday',
  pentecost_monday: 'whit_monday',
  pentecost_sunday: 'whit_sunday',
  easter: 'easter_sunday',
  whitmonday: 'whit_monday',
};

/** The named Easter offset a single date is, if any. */
function easterOffsetOf(date: string): number | undefined {
  const year = Number(date.slice(0, 4));
  for (const offset of EASTER_NAMES.keys()) if (easterDate(year, offset) === date) return offset;
  return undefined;
}

/**
 * Dated single days that are the same Easter-relative day in several years (or in one year, under a
 * preset that names it: good_friday, easter_monday, ...) become one {easter: name} entry. Returns
 * the entries with those dates replaced, and the names recognised.
 */
export function easterEntries(rules: readonly { entries: readonly HolidayEntry[]; preset?: string }[]): {
  entries: HolidayEntry[];
  recognised: string[];
} {
  const byOffset = new Map<number, { years: Set<string>; named: boolean }>();
  for (const r of rules) {
    const preset = r.preset ? (EASTER_ALIASES[r.preset] ?? r.preset) : undefined;
    for (const e of r.entries) {
      if (typeof e !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(e)) continue;
      const offset = easterOffsetOf(e);
      if (offset === undefined) continue;
      const slot = byOffset.get(offset) ?? { years: new Set(), named: false };
      slot.years.add(e.slice(0, 4));
      if (preset === EASTER_NAMES.get(offset)) slot.named = true;
      byOffset.set(offset, slot);
    }
  }
  const easter = new Set([...byOffset].filter(([, s]) => s.years.size >= 2 || s.named).map(([o]) => o));
  const out: HolidayEntry[] = [];
  const seen = new Set<string>();
  const push = (e: HolidayEntry) => {
    const k = JSON.stringify(e);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(e);
    }
  };
  for (const r of rules)
    for (const e of r.entries) {
      const offset = typeof e === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(e) ? easterOffsetOf(e) : undefined;
      if (offset !== undefined && easter.has(offset)) push({ easter: EASTER_NAMES.get(offset) as string });
      else push(e);
    }
  return {
    entries: out,
    recognised: [...easter].sort((a, b) => a - b).map((o) => EASTER_NAMES.get(o) as string),
  };
}
