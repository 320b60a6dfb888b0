import { describe, expect, it } from 'vitest';
import { inferPlan } from '../../src/import/fusionpbx/map/number-plan.js';
import { e164Prefix, emergencyNumbers } from '../../src/import/fusionpbx/map/outbound.js';
import {
  holidayDates,
  minuteRange,
  timeOfDay,
  weekdays,
} from '../../src/import/fusionpbx/map/time-conditions.js';

describe('time condition fields', () => {
  it.each([
    ['2-6', 'mon-fri'],
    ['2-5', 'mon-thu'],
    ['6', 'fri'],
    ['1,7', 'sat,sun'],
    ['7-1', 'sat,sun'],
    ['2,4,6', 'mon,wed,fri'],
    ['1-7', 'mon-sun'],
    ['8', undefined],
  ])('wday %s is %s', (wday, want) => {
    expect(weekdays(wday)).toBe(want);
  });

  it.each([
    ['541-1020', ['09:00', '17:00']],
    ['481-1050', ['08:00', '17:30']],
    ['540-1020', ['09:00', '17:00']],
    ['0-1440', ['00:00', '24:00']],
    ['1020-541', undefined],
  ])('minute-of-day %s (5.2+ start+1 and older) is %j', (value, want) => {
    expect(minuteRange(value)).toEqual(want);
  });

  it('reads time-of-day ranges', () => {
    expect(timeOfDay('09:00-17:30')).toEqual(['09:00', '17:30']);
    expect(timeOfDay('8:00:00-12:00:00')).toEqual(['08:00', '12:00']);
    expect(timeOfDay('17:00-09:00')).toBeUndefined();
  });

  it('expands recurring holidays for the given years and date ranges day by day', () => {
    expect(
      holidayDates(
        new Map([
          ['mday', '1'],
          ['mon', '1'],
        ]),
        [2026, 2027],
      ),
    ).toEqual(['2026-01-01', '2027-01-01']);
    expect(
      holidayDates(
        new Map([
          ['mday', '25-26'],
          ['mon', '12'],
        ]),
        [2026],
      ),
    ).toEqual(['2026-12-25', '2026-12-26']);
    expect(
      holidayDates(
        new Map([
          ['mday', '29'],
          ['mon', '2'],
        ]),
        [2027, 2028],
      ),
    ).toEqual(['2028-02-29']);
    expect(holidayDates(new Map([['date-time', '2026-12-24 00:00~2026-12-26 23:59']]), [2030])).toEqual([
      '2026-12-24',
      '2026-12-25',
      '2026-12-26',
    ]);
    expect(
      holidayDates(
        new Map([
          ['mday', '24'],
          ['mon', '12'],
          ['year', '2026'],
        ]),
        [2030],
      ),
    ).toEqual(['2026-12-24']);
    expect(holidayDates(new Map([['wday', '1']]), [2026])).toBeUndefined();
  });
});

describe('outbound patterns', () => {
  it.each([
    ['^(110|112)$', ['110', '112']],
    ['(^911$|^933$)', ['911', '933']],
    ['^0([1-9]\\d{4,13})$', undefined],
    ['^(\\d{10})$', undefined],
  ])('%s has emergency numbers %j', (regex, want) => {
    expect(emergencyNumbers(regex)).toEqual(want);
  });

  it.each([
    ['^0([1-9]\\d{4,13})$', '+49', '49', '0', '00', '+49'],
    ['^00([1-9]\\d{6,16})$', '+', '49', '0', '00', '+'],
    ['^0([1-9]\\d{8,9})$', '44', '44', '0', '00', '+44'],
    ['^00(\\d+)$', '', '44', '0', '00', '+'],
    ['^(\\d{10})$', '1', '1', '1', '011', '+1'],
    ['^\\+?(\\d{11})$', '', '1', '1', '011', '+1'],
    ['^011(\\d+)$', '', '1', '1', '011', '+'],
  ])('%s bridged as %s$1 (cc %s) covers %s…', (regex, sent, cc, national, international, want) => {
    expect(e164Prefix(regex, sent, cc, national, international).prefix).toBe(want);
  });
});

describe('number plan inference', () => {
  it('uses blocks of the leading digits, narrowed where another use shares them', () => {
    expect(
      inferPlan({ extensions: ['1000', '1001', '1007'], groups: ['2000', '2001'], aliases: ['5000'] }),
    ).toEqual([
      { range: '1000-1099', use: 'extensions' },
      { range: '2000-2099', use: 'groups' },
      { range: '5000-5099', use: 'aliases' },
    ]);
    expect(inferPlan({ extensions: ['100', '101', '150'], groups: ['120'], aliases: [] })).toEqual([
      { range: '100-109', use: 'extensions' },
      { range: '120-129', use: 'groups' },
      { range: '150-159', use: 'extensions' },
    ]);
    expect(inferPlan({ extensions: ['100', '102'], groups: ['101'], aliases: ['webrtc1'] })).toEqual([
      { range: '100-100', use: 'extensions' },
      { range: '101-101', use: 'groups' },
      { range: '102-102', use: 'extensions' },
      { match: 'webrtc1', use: 'aliases' },
    ]);
  });
});
