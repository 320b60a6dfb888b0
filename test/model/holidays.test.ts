import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTree } from '../../src/build-tree.js';
import { explainCall } from '../../src/explain/index.js';
import { localTime } from '../../src/explain/local-time.js';
import { loadModel } from '../../src/load-model.js';
import {
  easterDate,
  easterSunday,
  type HolidayRule,
  holidayConditions,
  holidayOn,
  nthWeekday,
  parseHoliday,
} from '../../src/model/holidays.js';
import { evaluate, loadDialplan } from '../explain/dialplan-eval.js';
import { EXAMPLE_SPEC } from '../helpers/example.js';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** Every ISO date of the years [from, to]. */
function days(from: number, to: number): string[] {
  const out: string[] = [];
  for (let t = Date.UTC(from, 0, 1); t <= Date.UTC(to, 11, 31); t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** FreeSWITCH's time-condition match (all attributes, "a-b" ranges and lists), for one local date. */
function matches(attrs: Readonly<Record<string, string>>, date: string): boolean {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const values: Record<string, number> = {
    year: y,
    mon: m,
    mday: d,
    wday: new Date(`${date}T12:00:00Z`).getUTCDay() + 1,
  };
  return Object.entries(attrs).every(([k, spec]) =>
    spec.split(',').some((part) => {
      const [lo, hi] = part.split('-').map(Number) as [number, number | undefined];
      return hi === undefined ? values[k] === lo : values[k]! >= lo && values[k]! <= hi;
    }),
  );
}

const md = fc.record({ month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) });
const rule: fc.Arbitrary<HolidayRule> = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 3650 }), fc.integer({ min: 0, max: 120 })).map(([a, len]) => {
    const from = new Date(Date.UTC(2026, 0, 1 + a)).toISOString().slice(0, 10);
    const to = new Date(Date.UTC(2026, 0, 1 + a + len)).toISOString().slice(0, 10);
    return { kind: 'dates' as const, from, to };
  }),
  fc
    .tuple(md, md)
    .filter(([a, b]) => parseHoliday(`${p(a)}..${p(b)}`) !== undefined)
    .map(([from, to]) => ({ kind: 'yearly' as const, from, to })),
  fc.record({
    kind: fc.constant('nth' as const),
    nth: fc.constantFrom(1, 2, 3, 4, 5, -1),
    weekday: fc.constantFrom(...WEEKDAYS),
    month: fc.integer({ min: 1, max: 12 }),
  }),
  fc.record({ kind: fc.constant('easter' as const), offset: fc.integer({ min: -63, max: 63 }) }),
);
const p = (x: { month: number; day: number }) =>
  `${String(x.month).padStart(2, '0')}-${String(x.day).padStart(2, '0')}`;

describe('holidays: recurring rules', () => {
  it('computes Easter Sunday (Gregorian) and the days named after it', () => {
    const known: Record<number, string> = {
      2024: '03-31',
      2025: '04-20',
      2026: '04-05',
      2027: '03-28',
      2030: '04-21',
      2035: '03-25',
      2038: '04-25',
      2045: '04-09',
    };
    for (const [year, date] of Object.entries(known)) {
      const e = easterSunday(Number(year));
      expect(p(e), year).toBe(date);
    }
    expect(easterDate(2026, -2)).toBe('2026-04-03'); // Good Friday
    expect(easterDate(2026, 1)).toBe('2026-04-06'); // Easter Monday
    expect(easterDate(2026, 39)).toBe('2026-05-14'); // Ascension
    expect(easterDate(2026, 50)).toBe('2026-05-25'); // Whit Monday
    expect(easterDate(2026, 60)).toBe('2026-06-04'); // Corpus Christi
  });

  it('finds the n-th and last weekday of a month', () => {
    expect(nthWeekday(2026, 11, 4, 'thu')).toBe(26); // Thanksgiving 2026
    expect(nthWeekday(2027, 11, 4, 'thu')).toBe(25);
    expect(nthWeekday(2026, 5, -1, 'mon')).toBe(25); // Memorial Day / Spring bank holiday
    expect(nthWeekday(2024, 2, -1, 'thu')).toBe(29);
    expect(nthWeekday(2026, 2, 5, 'sun')).toBeUndefined();
  });

  it('parses the spec forms and labels them; refuses days that do not exist', () => {
    expect(parseHoliday('12-25')?.label).toBe('12-25');
    expect(parseHoliday({ easter: 'good_friday' })?.label).toBe('easter-2 (good friday)');
    expect(parseHoliday({ nth: 4, weekday: 'thu', month: 11 })?.label).toBe('4th thu of nov');
    expect(parseHoliday({ nth: -1, weekday: 'mon', month: 5 })?.label).toBe('last mon of may');
    for (const bad of ['2026-02-30', '13-01', '02-30', '2026-12-26..2026-12-24', '2026-12-24..2027-02-29'])
      expect(parseHoliday(bad), bad).toBeUndefined();
    expect(parseHoliday('02-29')).toBeDefined();
  });

  it('the dialplan conditions close exactly the days holidayOn closes, every day 2026-2035 (property)', {
    timeout: 240_000,
  }, () => {
    const all = days(2026, 2035);
    fc.assert(
      fc.property(rule, (r) => {
        const conds = holidayConditions(r);
        for (const date of all) {
          const want = holidayOn(r, date);
          const got = conds.some((c) => matches(c, date));
          if (want !== got)
            throw new Error(`${JSON.stringify(r)} on ${date}: holidayOn ${want}, dialplan ${got}`);
        }
      }),
      { numRuns: 200, seed: 2026 },
    );
  });

  it('explain --at and the emitted dialplan agree for a schedule of recurring holidays, 2026-2035', {
    timeout: 240_000,
  }, async () => {
    const spec = mkdtempSync(join(tmpdir(), 'pbxc-holidays-'));
    try {
      cpSync(EXAMPLE_SPEC, spec, { recursive: true });
      const file = join(spec, 'tenants/xynap.yaml');
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace(
          'holidays: ["2026-12-24", "2026-12-25", "2026-12-26", "2027-01-01"]',
          [
            'holidays:',
            '      - "12-24..12-26"',
            '      - "12-31..01-01"',
            '      - "2027-07-01..2027-08-15"',
            '      - { easter: good_friday }',
            '      - { easter: easter_monday }',
            '      - { easter: ascension }',
            '      - { easter: whit_monday }',
            '      - { easter: corpus_christi }',
            '      - { nth: 4, weekday: thu, month: 11 }',
            '      - { nth: -1, weekday: fri, month: 2 }',
          ].join('\n'),
        ),
      );
      const r = await loadModel(spec);
      expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const model = r.model!;
      const tenant = model.tenants.find((t) => t.id === 'xynap')!;
      const did = tenant.dids.find((d) => d.schedule === 'office-hours')!;
      const plan = loadDialplan(new Map(buildTree(model, 'test').files.map((f) => [f.path, f.content])));
      const holidaysSeen = new Set<string>();
      // Weekdays at 10:00 (open unless a holiday), 2026-2035: every holiday and every fifth other day.
      const rules = tenant.schedules[0]!.holidays;
      for (const [i, date] of days(2026, 2035).entries()) {
        const at = { kind: 'wall' as const, date, minute: 600 };
        const now = localTime(at, tenant.timezone);
        if (now.weekday === 'sat' || now.weekday === 'sun') continue;
        if (i % 5 !== 0 && !rules.some((h) => holidayOn(h.rule, date))) continue;
        const explained = explainCall(model, {
          tenant: tenant.id,
          number: did.number,
          at,
          caller: '+88812345678',
        });
        if ('error' in explained) throw new Error(explained.error);
        const emitted = evaluate(plan, model, {
          context: 'public',
          destination: did.number,
          vars: { caller_id_number: '+88812345678', network_addr: '192.0.2.17' },
          now,
        });
        expect(JSON.stringify(emitted), date).toBe(JSON.stringify(explained.explanation.outcome));
        if (rules.some((h) => holidayOn(h.rule, date))) holidaysSeen.add(date);
      }
      // The sample covered holidays of every kind (Christmas, Easter days, Thanksgiving, the summer range).
      for (const d of ['2026-12-24', '2030-04-19', '2031-11-27', '2027-07-15', '2032-02-27', '2035-05-03'])
        expect(holidaysSeen.has(d) || new Date(`${d}T12:00:00Z`).getUTCDay() % 6 === 0, d).toBe(true);
      expect(holidaysSeen.size).toBeGreaterThan(120);
    } finally {
      rmSync(spec, { recursive: true, force: true });
    }
  });
});
