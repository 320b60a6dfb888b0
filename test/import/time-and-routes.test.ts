import { describe, expect, it } from 'vitest';
import { inferPlan } from '../../src/import/fusionpbx/map/number-plan.js';
import { emergencyNumbers } from '../../src/import/fusionpbx/map/outbound.js';
import { patternForms, readRoute } from '../../src/import/fusionpbx/map/route-pattern.js';
import { minuteRange, timeOfDay, weekdays } from '../../src/import/fusionpbx/map/time-conditions.js';

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

  const DE = { cc: '49', national: '0', international: '00' };
  const UK = { cc: '44', national: '0', international: '00' };
  const US = { cc: '1', national: '1', international: '011' };
  it.each([
    ['^0([1-9]\\d{4,13})$', '+49', DE, ['+49'], []],
    ['^00([1-9]\\d{6,16})$', '+', DE, ['+'], []],
    ['^0([1-9]\\d{8,9})$', '44', UK, ['+44'], []],
    ['^00(\\d+)$', '', UK, ['+'], []],
    // US: FusionPBX's own expressions. The 011 is inside the group, so the leading digits are in $1.
    ['^(011\\d{9,17})$', '', US, ['+'], []],
    ['^011(\\d+)$', '', US, ['+'], []],
    ['^\\+?(\\d{11})$', '', US, ['+1'], []],
    ['^(1\\d{10})$', '', US, ['+1'], []],
    ['^(\\d{10})$', '1', US, ['+1'], [10]],
    ['^(\\d{10})$', '+1', US, ['+1'], [10]],
    ['^\\+?1?(\\d{10})$', '1', US, ['+1'], [10]],
    ['^(?:\\+1|1)?([2-9]\\d{2}[2-9]\\d{2}\\d{4})$', '1', US, ['+1'], [10]],
    [
      '^1?(8(00|33|44|55|66|77|88)[2-9]\\d{6})$',
      '1',
      US,
      ['+1800', '+1833', '+1844', '+1855', '+1866', '+1877', '+1888'],
      [10],
    ],
  ])('%s bridged as %s$1 covers %j (bare national lengths %j)', (regex, sent, d, want, lengths) => {
    const r = readRoute(regex, sent, d);
    expect(r?.prefixes).toEqual(want);
    expect(r?.lengths).toEqual(lengths);
    expect(r?.unreachable).toEqual([]);
  });

  it('reports 7-digit local dialling, whose area code the bridge adds, as not dialable in pbxc', () => {
    const r = readRoute('^(\\d{7})$', '1212', US);
    expect(r?.prefixes).toEqual([]);
    expect(r?.unreachable).toEqual(['7-digit numbers']);
  });

  it.each(['^(?=1)\\d+$', '^(\\d{3})(\\d{7})$', '^abc(\\d+)$', '^((\\d)+)$'])(
    'does not guess at %s',
    (regex) => {
      expect(readRoute(regex, '', US)).toBeUndefined();
    },
  );

  it('expands optional parts and alternations into forms', () => {
    expect(patternForms('^\\+?1?(\\d{10})$')).toEqual([
      { lead: '', min: 10, max: 10, capture: { lead: '', min: 10, max: 10 } },
      { lead: '1', min: 11, max: 11, capture: { lead: '', min: 10, max: 10 } },
      { lead: '+', min: 11, max: 11, capture: { lead: '', min: 10, max: 10 } },
      { lead: '+1', min: 12, max: 12, capture: { lead: '', min: 10, max: 10 } },
    ]);
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
