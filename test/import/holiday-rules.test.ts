import { describe, expect, it } from 'vitest';
import {
  easterEntries,
  type HolidayEntry,
  holidayRule,
  mweekDay,
} from '../../src/import/fusionpbx/map/holiday-rules.js';
import { holidayOn, parseHoliday } from '../../src/model/holidays.js';

const conds = (o: Record<string, string>) => new Map(Object.entries(o));

/** FreeSWITCH's own reading of the time attributes (switch_xml_std_datetime_check), for one date. */
function freeswitchCloses(c: Record<string, string>, date: string): boolean {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const dow = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  const inList = (value: string, n: number) =>
    value.split(',').some((p) => {
      const [a, b] = p.split('-').map(Number) as [number, number | undefined];
      return n >= a && n <= (b ?? a);
    });
  if (c.year && !inList(c.year, y)) return false;
  if (c.mon && !inList(c.mon, m)) return false;
  if (c.mday && !inList(c.mday, d)) return false;
  if (c.wday && !inList(c.wday, dow + 1)) return false;
  if (c.mweek) {
    const firstdow = (7 - ((d - (dow + 1)) % 7)) % 7;
    if (!inList(c.mweek, Math.ceil((d + firstdow) / 7))) return false;
  }
  return true;
}

const pbxcCloses = (entries: readonly HolidayEntry[], date: string) =>
  entries.some((e) => holidayOn(parseHoliday(e as never)!.rule, date));

function everyDay(from: number, to: number): string[] {
  const out: string[] = [];
  for (let t = Date.UTC(from, 0, 1); t <= Date.UTC(to, 11, 31); t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** [FusionPBX attributes, pbxc entries]: every one closes exactly FreeSWITCH's days, 2026-2035. */
const EXACT: [Record<string, string>, HolidayEntry[]][] = [
  [{ mday: '1', mon: '1' }, ['01-01']],
  [{ mday: '24-26', mon: '12' }, ['12-24..12-26']],
  [{ mday: '25,26,31', mon: '12' }, ['12-25..12-26', '12-31']],
  [{ mday: '29', mon: '2' }, ['02-29']],
  [{ mday: '4', mon: '7', year: '2026' }, ['2026-07-04']],
  [{ mday: '24-31', mon: '12', year: '2026-2027' }, ['2026-12-24..2026-12-31', '2027-12-24..2027-12-31']],
  // US presets written as 7-day windows: MLK (3rd Mon of Jan), Memorial Day (last Mon of May),
  // Labor Day (1st Mon of Sep), Thanksgiving (4th Thu of Nov).
  [{ wday: '2', mon: '1', mday: '15-21' }, [{ nth: 3, weekday: 'mon', month: 1 }]],
  [{ wday: '2', mon: '5', mday: '25-31' }, [{ nth: -1, weekday: 'mon', month: 5 }]],
  [{ wday: '2', mon: '9', mday: '1-7' }, [{ nth: 1, weekday: 'mon', month: 9 }]],
  [{ wday: '5', mon: '11', mday: '22-28' }, [{ nth: 4, weekday: 'thu', month: 11 }]],
];

describe('import: FusionPBX holiday rules → recurring pbxc holidays', () => {
  it('maps each form to the expected entries', () => {
    for (const [c, want] of EXACT) expect(holidayRule(conds(c))?.entries, JSON.stringify(c)).toEqual(want);
    expect(holidayRule(conds({ 'date-time': '2026-12-24 00:00~2027-01-01 23:59' }))?.entries).toEqual([
      '2026-12-24..2027-01-01',
    ]);
    expect(holidayRule(conds({ 'date-time': '2026-05-01 00:00~2026-05-01 23:59' }))?.entries).toEqual([
      '2026-05-01',
    ]);
  });

  it('closes exactly the days FreeSWITCH closed, every day of 2026-2035', () => {
    const days = everyDay(2026, 2035);
    for (const [c, entries] of EXACT) {
      const wrong = days.filter((d) => freeswitchCloses(c, d) !== pbxcCloses(entries, d));
      expect(wrong, JSON.stringify(c)).toEqual([]);
    }
  });

  it('refuses what it cannot state as a whole-day yearly or dated rule', () => {
    const refused: Record<string, string>[] = [
      { wday: '2-6', mon: '12', mday: '24' }, // Dec 24 only on a weekday
      { wday: '2', mon: '5', mday: '24-31' }, // 8-day window
      { wday: '2', mon: '5', mday: '10-16' }, // not a week boundary
      { wday: '2,3', mon: '1', mday: '1-7' },
      { mon: '12' },
      { mday: '1', mon: '1', hour: '8' },
      { mday: '1', mon: '1-13' },
      { 'date-time': '2027-01-01 00:00~2026-12-24 23:59' },
    ];
    for (const c of refused) expect(holidayRule(conds(c)), JSON.stringify(c)).toBeUndefined();
  });

  it('mweek is a calendar week: mapped to the n-th weekday, with the years FreeSWITCH differed', () => {
    const m = holidayRule(conds({ wday: '5', mon: '11', mweek: '4' }))!;
    expect(m.entries).toEqual([{ nth: 4, weekday: 'thu', month: 11 }]);
    // November 2026 starts on a Sunday: the 4th calendar week's Thursday is the 4th Thursday.
    expect(mweekDay(2026, 11, 4, 5)).toBe(26);
    // November 2030 starts on a Friday: FreeSWITCH closed the 21st, the 3rd Thursday.
    expect(mweekDay(2030, 11, 4, 5)).toBe(21);
    expect(m.note).toMatch(/2030 \(2030-11-21\)/);
    expect(m.note).not.toMatch(/2026/);
    const days = everyDay(2026, 2035);
    const listed = days.filter(
      (d) => freeswitchCloses({ wday: '5', mon: '11', mweek: '4' }, d) !== pbxcCloses(m.entries, d),
    );
    for (const d of listed) expect(m.note).toContain(d.slice(0, 4));
  });

  it('recognises Easter-relative days across years, or by their preset name', () => {
    // Good Friday 2026-04-03, 2027-03-26; Easter Monday 2026-04-06; 2026-05-01 is not Easter-relative.
    const r = easterEntries([
      { entries: ['2026-04-03'] },
      { entries: ['2027-03-26'] },
      { entries: ['2026-04-06'], preset: 'easter_monday' },
      { entries: ['2026-05-01'] },
      { entries: ['2026-05-14'] }, // Ascension 2026, one year and no name: kept as a date
      { entries: ['12-25'] },
    ]);
    expect(r.entries).toEqual([
      { easter: 'good_friday' },
      { easter: 'easter_monday' },
      '2026-05-01',
      '2026-05-14',
      '12-25',
    ]);
    expect(r.recognised).toEqual(['good_friday', 'easter_monday']);
  });
});
