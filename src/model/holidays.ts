import type { Weekday } from './types.js';

/**
 * Holidays a tenant never has to edit each January: a date, a range, a yearly date or range, the
 * n-th (or last) weekday of a month, or a day relative to Easter Sunday (Good Friday, Easter Monday,
 * Ascension, Whit Monday, Corpus Christi are computed, not listed). One pure statement of when each
 * rule closes a day (`holidayOn`), shared by explain and, through `holidayConditions`, the dialplan.
 */
export type HolidayRule =
  /** One date, or every date from..to (ISO, inclusive). */
  | { readonly kind: 'dates'; readonly from: string; readonly to: string }
  /** Every year: month/day from..to (inclusive; to before from wraps over New Year). */
  | { readonly kind: 'yearly'; readonly from: MonthDay; readonly to: MonthDay }
  /** The nth (1–5) or last (-1) weekday of a month, every year. */
  | { readonly kind: 'nth'; readonly nth: number; readonly weekday: Weekday; readonly month: number }
  /** Easter Sunday plus `offset` days (Gregorian), every year of HOLIDAY_YEARS. */
  | { readonly kind: 'easter'; readonly offset: number };

export interface MonthDay {
  readonly month: number;
  readonly day: number;
}

export interface HolidayModel {
  /** The rule as the spec reads it, for explain and diff ("12-25", "4th thu of nov", "easter+1"). */
  readonly label: string;
  readonly rule: HolidayRule;
}

/**
 * The years the dialplan carries rules FreeSWITCH cannot state without a year (Easter-relative
 * days, the last weekday of February): explicit dates for each. Fixed per pbxc version (output never
 * depends on the clock); explain answers the same way outside them.
 */
export const HOLIDAY_YEARS = { from: 2025, to: 2045 } as const;

/** Named days relative to Easter Sunday (the spec's `easter:` names). */
export const EASTER_DAYS: Readonly<Record<string, number>> = {
  good_friday: -2,
  holy_saturday: -1,
  easter_sunday: 0,
  easter_monday: 1,
  ascension: 39,
  whit_sunday: 49,
  whit_monday: 50,
  corpus_christi: 60,
};

const WEEKDAY_INDEX: Readonly<Record<Weekday, number>> = {
  sun: 0,
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
};
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): { month: number; day: number } {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { month, day };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isoOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The dates of an Easter-relative rule in one year. */
export function easterDate(year: number, offset: number): string {
  const e = easterSunday(year);
  return isoOf(new Date(Date.UTC(year, e.month - 1, e.day + offset)));
}

/** The day of month of the nth (or last) weekday of a month. */
export function nthWeekday(year: number, month: number, nth: number, weekday: Weekday): number | undefined {
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const firstDay = 1 + ((WEEKDAY_INDEX[weekday] - first + 7) % 7);
  const len = daysInMonth(year, month);
  if (nth === -1) return firstDay + 7 * Math.floor((len - firstDay) / 7);
  const day = firstDay + 7 * (nth - 1);
  return day <= len ? day : undefined;
}

const inYears = (year: number) => year >= HOLIDAY_YEARS.from && year <= HOLIDAY_YEARS.to;

/** Whether the rule closes this ISO date (a local date in the tenant's zone). */
export function holidayOn(rule: HolidayRule, date: string): boolean {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  switch (rule.kind) {
    case 'dates':
      return date >= rule.from && date <= rule.to;
    case 'yearly': {
      const md = m * 100 + d;
      const from = rule.from.month * 100 + rule.from.day;
      const to = rule.to.month * 100 + rule.to.day;
      return from <= to ? md >= from && md <= to : md >= from || md <= to;
    }
    case 'nth':
      if (rule.month !== m) return false;
      // The last weekday of February moves with leap years: explicit dates, only in HOLIDAY_YEARS.
      if (rule.nth === -1 && m === 2 && !inYears(y)) return false;
      return nthWeekday(y, m, rule.nth, rule.weekday) === d;
    case 'easter':
      return inYears(y) && easterDate(y, rule.offset) === date;
  }
}

/** FreeSWITCH time-condition attributes (all must match); several sets mean any of them. */
export type TimeAttrs = Readonly<Record<string, string>>;

/** Month pieces of a month/day span within one year, as mon + mday conditions. */
function monthPieces(from: MonthDay, to: MonthDay, year?: number): TimeAttrs[] {
  const out: TimeAttrs[] = [];
  for (let month = from.month; month <= to.month; month++) {
    const first = month === from.month ? from.day : 1;
    // Without a year, a month's last day is its longest (February 29 exists only where it does).
    const len =
      year === undefined
        ? [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!
        : daysInMonth(year, month);
    const last = month === to.month ? to.day : len;
    out.push({
      ...(year === undefined ? {} : { year: String(year) }),
      mon: String(month),
      mday: first === last ? String(first) : `${first}-${last}`,
    });
  }
  return out;
}

const WDAY: Readonly<Record<Weekday, number>> = { sun: 1, mon: 2, tue: 3, wed: 4, thu: 5, fri: 6, sat: 7 };

function dateAttrs(date: string): TimeAttrs {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return { year: String(y), mon: String(m), mday: String(d) };
}

/** The time conditions that close exactly the rule's days (evaluated in the tenant's zone). */
export function holidayConditions(rule: HolidayRule): TimeAttrs[] {
  switch (rule.kind) {
    case 'dates': {
      const [fy, fm, fd] = rule.from.split('-').map(Number) as [number, number, number];
      const [ty, tm, td] = rule.to.split('-').map(Number) as [number, number, number];
      if (rule.from === rule.to) return [dateAttrs(rule.from)];
      const out: TimeAttrs[] = [];
      for (let year = fy; year <= ty; year++)
        out.push(
          ...monthPieces(
            year === fy ? { month: fm, day: fd } : { month: 1, day: 1 },
            year === ty ? { month: tm, day: td } : { month: 12, day: 31 },
            year,
          ),
        );
      return out;
    }
    case 'yearly': {
      const { from, to } = rule;
      if (from.month * 100 + from.day <= to.month * 100 + to.day) return monthPieces(from, to);
      return [...monthPieces(from, { month: 12, day: 31 }), ...monthPieces({ month: 1, day: 1 }, to)];
    }
    case 'nth': {
      const wday = String(WDAY[rule.weekday]);
      if (rule.nth === -1 && rule.month === 2) {
        const out: TimeAttrs[] = [];
        for (let y = HOLIDAY_YEARS.from; y <= HOLIDAY_YEARS.to; y++)
          out.push(dateAttrs(`${y}-02-${pad(nthWeekday(y, 2, -1, rule.weekday)!)}`));
        return out;
      }
      // Months other than February have a fixed length: the last seven days hold the last weekday.
      const len = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][rule.month - 1]!;
      const first = rule.nth === -1 ? len - 6 : 7 * (rule.nth - 1) + 1;
      const last = rule.nth === -1 ? len : Math.min(7 * rule.nth, len);
      return [{ mon: String(rule.month), mday: `${first}-${last}`, wday }];
    }
    case 'easter': {
      const out: TimeAttrs[] = [];
      for (let y = HOLIDAY_YEARS.from; y <= HOLIDAY_YEARS.to; y++)
        out.push(dateAttrs(easterDate(y, rule.offset)));
      return out;
    }
  }
}

/** A spec holiday (string or object) as a rule and its label; undefined when it is not well formed. */
export function parseHoliday(
  value: string | { nth: number; weekday: Weekday; month: number } | { easter: number | string },
): HolidayModel | undefined {
  if (typeof value === 'string') {
    const dated = /^([0-9]{4}-[0-9]{2}-[0-9]{2})(?:\.\.([0-9]{4}-[0-9]{2}-[0-9]{2}))?$/.exec(value);
    if (dated) {
      const from = dated[1]!;
      const to = dated[2] ?? from;
      if (!isRealDate(from) || !isRealDate(to) || to < from) return undefined;
      return { label: value, rule: { kind: 'dates', from, to } };
    }
    const yearly = /^([0-9]{2})-([0-9]{2})(?:\.\.([0-9]{2})-([0-9]{2}))?$/.exec(value);
    if (yearly) {
      const from = { month: Number(yearly[1]), day: Number(yearly[2]) };
      const to = yearly[3] ? { month: Number(yearly[3]), day: Number(yearly[4]) } : from;
      if (!isRealMonthDay(from) || !isRealMonthDay(to)) return undefined;
      return { label: value, rule: { kind: 'yearly', from, to } };
    }
    return undefined;
  }
  if ('easter' in value) {
    const offset = typeof value.easter === 'number' ? value.easter : EASTER_DAYS[value.easter];
    if (offset === undefined || !Number.isInteger(offset)) return undefined;
    const name = typeof value.easter === 'string' ? ` (${value.easter.replaceAll('_', ' ')})` : '';
    const sign = offset === 0 ? '' : offset > 0 ? `+${offset}` : String(offset);
    return { label: `easter${sign}${name}`, rule: { kind: 'easter', offset } };
  }
  const { nth, weekday, month } = value;
  if (!(nth === -1 || (nth >= 1 && nth <= 5)) || month < 1 || month > 12) return undefined;
  const which = nth === -1 ? 'last' : `${nth}${['st', 'nd', 'rd', 'th', 'th'][nth - 1]}`;
  return { label: `${which} ${weekday} of ${MONTHS[month - 1]}`, rule: { kind: 'nth', nth, weekday, month } };
}

function isRealDate(iso: string): boolean {
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && isoOf(d) === iso;
}

function isRealMonthDay(md: MonthDay): boolean {
  // A leap year admits every real month/day (02-29 closes only the years that have it).
  return md.month >= 1 && md.month <= 12 && md.day >= 1 && md.day <= daysInMonth(2024, md.month);
}
