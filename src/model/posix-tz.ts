/**
 * POSIX TZ strings ("CET-1CEST,M3.5.0/2,M10.5.0/3") for IANA zones, derived from the zone's offsets
 * in one fixed reference year as Node's Intl (its bundled ICU time zone data) reports them. The
 * output depends on no clock and no file of the machine: the same Node/ICU gives the same strings,
 * and a unit test pins the zones of the example spec. FreeSWITCH evaluates time conditions in the
 * channel's `timezone` through such strings (timezones.conf), and has no tz database of its own.
 *
 * Limits (documented): the rule of the reference year is assumed to hold every year; a zone whose
 * transitions are not "n-th/last weekday of a month" every year (e.g. Morocco) is approximated by
 * the reference year's dates, and a zone with other than two transitions a year gets the offset in
 * force at the end of that year, without DST.
 */
export const REFERENCE_YEAR = 2026;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const formats = new Map<string, Intl.DateTimeFormat>();

function formatOf(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(zone, f);
  }
  return f;
}

/** Minutes east of UTC in `zone` at instant t (ms). */
export function offsetMinutes(zone: string, t: number): number {
  const f = formatOf(zone);
  const p = Object.fromEntries(f.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  const local = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
  return Math.round((local - Math.floor(t / 1000) * 1000) / 60_000);
}

/** The instants (ms, to the minute) at which the zone's offset changes in the reference year. */
export function transitions(zone: string, year = REFERENCE_YEAR): number[] {
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const out: number[] = [];
  let prev = offsetMinutes(zone, start);
  for (let t = start + DAY; t <= end; t += DAY) {
    const now = offsetMinutes(zone, t);
    if (now === prev) continue;
    let lo = t - DAY;
    let hi = t;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (offsetMinutes(zone, mid) === prev) lo = mid;
      else hi = mid;
    }
    out.push(hi);
    prev = now;
  }
  return out;
}

/** POSIX offsets are west-positive: UTC+1 is "-1", UTC-5 is "5", UTC+5:30 is "-5:30". */
function posixOffset(eastMinutes: number): string {
  const west = -eastMinutes;
  const sign = west < 0 ? '-' : '';
  const abs = Math.abs(west);
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  return `${sign}${h}${m ? `:${String(m).padStart(2, '0')}` : ''}`;
}

/** "<+0530>" style name, always valid; FreeSWITCH's own timezones.conf uses the same form. */
function numericName(eastMinutes: number): string {
  const sign = eastMinutes < 0 ? '-' : '+';
  const abs = Math.abs(eastMinutes);
  const h = String(Math.floor(abs / 60)).padStart(2, '0');
  const m = abs % 60;
  return `<${sign}${h}${m ? String(m).padStart(2, '0') : ''}>`;
}

/** The zone's abbreviation at t when Intl has an alphabetic one (CET, EST, GMT, BST), else numeric. */
function abbreviation(zone: string, t: number, eastMinutes: number): string {
  for (const locale of ['en-US', 'en-GB']) {
    const name = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' })
      .formatToParts(new Date(t))
      .find((p) => p.type === 'timeZoneName')?.value;
    if (name && /^[A-Za-z]{3,6}$/.test(name) && name !== 'UTC' ? true : name === 'UTC' && eastMinutes === 0)
      return name!;
  }
  return numericName(eastMinutes);
}

/** "M3.5.0/2": the transition's month, week (5 = last), weekday and wall-clock time before it. */
function rule(t: number, offsetBefore: number): string {
  const local = new Date(t + offsetBefore * 60_000);
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth();
  const day = local.getUTCDate();
  const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const week = day + 7 > daysInMonth ? 5 : Math.ceil(day / 7);
  const minutes = local.getUTCHours() * 60 + local.getUTCMinutes();
  const time = `${Math.floor(minutes / 60)}${minutes % 60 ? `:${String(minutes % 60).padStart(2, '0')}` : ''}`;
  return `M${month + 1}.${week}.${local.getUTCDay()}/${time}`;
}

export function posixTz(zone: string, year = REFERENCE_YEAR): string {
  const ts = transitions(zone, year);
  const endOfYear = Date.UTC(year, 11, 31, 12);
  if (ts.length !== 2) {
    const off = offsetMinutes(zone, endOfYear);
    return `${abbreviation(zone, endOfYear, off)}${posixOffset(off)}`;
  }
  const [a, b] = ts as [number, number];
  const after = (t: number) => offsetMinutes(zone, t);
  // DST starts where the offset grows (in the northern hemisphere the first, in the southern the second).
  const [dstStart, dstEnd] = after(a) > after(b) ? [a, b] : [b, a];
  const std = after(dstEnd);
  const dst = after(dstStart);
  const stdName = abbreviation(zone, dstEnd + HOUR, std);
  const dstName = abbreviation(zone, dstStart + HOUR, dst);
  const dstOffset = dst - std === 60 ? '' : posixOffset(dst);
  return `${stdName}${posixOffset(std)}${dstName}${dstOffset},${rule(dstStart, std)},${rule(dstEnd, dst)}`;
}
