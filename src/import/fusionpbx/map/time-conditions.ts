import { note } from '../../yaml-style.js';
import { label, slug, uniqueId } from '../names.js';
import { enabled, int, type Row, text } from '../rows.js';
import {
  type Destination,
  resolveAction,
  type Schedule,
  type Target,
  type TenantContext,
} from './context.js';
import { easterEntries, type HolidayMapping, holidayRule } from './holiday-rules.js';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const TIME_FIELDS = new Set([
  'wday',
  'minute-of-day',
  'time-of-day',
  'mday',
  'mon',
  'date-time',
  'year',
  'hour',
  'minute',
  'mweek',
  'week',
  'yday',
]);

/** "2-6" / "1,7" (1 = Sunday) → "mon-fri" / "sat-sun"; undefined when unreadable. */
export function weekdays(wday: string): string | undefined {
  const set = new Set<string>();
  for (const part of wday.split(',')) {
    const m = /^\s*([1-7])\s*(?:-\s*([1-7]))?\s*$/.exec(part);
    if (!m) return undefined;
    const from = Number(m[1]);
    const to = Number(m[2] ?? m[1]);
    for (let d = from; ; d = (d % 7) + 1) {
      set.add(DAYS[d - 1] as string);
      if (d === to) break;
    }
  }
  const on = WEEK.map((d) => set.has(d));
  const parts: string[] = [];
  for (let i = 0; i < 7; i++) {
    if (!on[i]) continue;
    let j = i;
    while (j + 1 < 7 && on[j + 1]) j++;
    parts.push(i === j ? WEEK[i]! : j === i + 1 ? `${WEEK[i]},${WEEK[j]}` : `${WEEK[i]}-${WEEK[j]}`);
    i = j;
  }
  return parts.join(',');
}

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * minute-of-day "541-1020" → 09:00-17:00. FusionPBX 5.2+ stores start+1; older versions did not,
 * so a start one past a multiple of five is read as the newer form.
 */
export function minuteRange(value: string): [string, string] | undefined {
  const m = /^(\d{1,4})-(\d{1,4})$/.exec(value.trim());
  if (!m) return undefined;
  let start = Number(m[1]);
  const stop = Number(m[2]);
  if (start % 5 === 1) start -= 1;
  if (start < 0 || stop > 1440 || stop <= start) return undefined;
  return [hhmm(start), hhmm(stop)];
}

export function timeOfDay(value: string): [string, string] | undefined {
  const m = /^(\d{1,2}):(\d{2})(?::\d{2})?-(\d{1,2}):(\d{2})(?::\d{2})?$/.exec(value.trim());
  if (!m) return undefined;
  const from = Number(m[1]) * 60 + Number(m[2]);
  const to = Number(m[3]) * 60 + Number(m[4]);
  if (to <= from || to > 1440) return undefined;
  return [hhmm(from), hhmm(to)];
}

interface Rule {
  readonly group: number;
  readonly conds: Map<string, string>;
  readonly preset?: string;
  readonly action?: [string, string];
}

function rulesOf(details: readonly Row[]): { rules: Rule[]; timezone?: string } {
  const groups = new Map<number, Row[]>();
  for (const d of details.filter((x) => enabled(x, 'dialplan_detail_enabled'))) {
    const g = int(d, 'dialplan_detail_group') ?? 0;
    groups.set(g, [...(groups.get(g) ?? []), d]);
  }
  let timezone: string | undefined;
  const rules: Rule[] = [];
  for (const [group, rows] of [...groups.entries()].sort(([a], [b]) => a - b)) {
    rows.sort((a, b) => (int(a, 'dialplan_detail_order') ?? 0) - (int(b, 'dialplan_detail_order') ?? 0));
    const conds = new Map<string, string>();
    let preset: string | undefined;
    let action: [string, string] | undefined;
    for (const r of rows) {
      const tag = text(r, 'dialplan_detail_tag');
      const type = text(r, 'dialplan_detail_type') ?? '';
      const data = text(r, 'dialplan_detail_data') ?? '';
      if (tag === 'condition' && TIME_FIELDS.has(type)) conds.set(type, data);
      else if (tag === 'action' && type === 'set' && data.startsWith('timezone=')) timezone = data.slice(9);
      else if (tag === 'action' && type === 'set' && data.startsWith('preset=')) preset = data.slice(7);
      else if (tag === 'action' && type !== 'set' && !action) action = [type, data];
    }
    rules.push({ group, conds, ...(preset ? { preset } : {}), ...(action ? { action } : {}) });
  }
  return { rules, ...(timezone ? { timezone } : {}) };
}

const key = (d: Destination | undefined) => (d ? JSON.stringify(d) : '');
const show = (d: Destination | undefined) =>
  d ? Object.entries(d).map(([k, v]) => `${k.replace('_', ' ')} ${v}`)[0] : 'nothing';

/**
 * Time conditions (FusionPBX dialplans of the time-condition app) as schedules: weekly rules become
 * open periods, date rules holidays, the last group the closed destination. The schedule has one
 * open destination: rules leading elsewhere are reported.
 */
export function mapTimeConditions(ctx: TenantContext, dialplans: readonly Row[], timezone: string): void {
  const taken = new Set<string>();
  const pending: { row: Row; number: string; id: string; name: string }[] = [];
  for (const dp of dialplans) {
    const number = text(dp, 'dialplan_number') ?? '';
    const name = label(text(dp, 'dialplan_name')) ?? number;
    const id = uniqueId(slug(name) ?? `schedule-${number}`, taken);
    pending.push({ row: dp, number, id, name });
  }
  // Register all first: a time condition may lead to another one.
  const shells = new Map<string, Schedule>();
  for (const p of pending) shells.set(p.number, { id: p.id, number: p.number, name: p.name, doc: {} });
  for (const [n, s] of shells) ctx.schedules.set(n, s);

  for (const p of pending) {
    const where = `time condition ${p.number} "${p.name}"`;
    const details = ctx
      .rows('v_dialplan_details')
      .filter((d) => text(d, 'dialplan_uuid') === text(p.row, 'dialplan_uuid'));
    const { rules, timezone: tz } = rulesOf(details);
    if (tz && tz !== timezone)
      ctx.report(
        'changed',
        where,
        `it is evaluated in ${tz}, the tenant in ${timezone}`,
        'pbxc evaluates every schedule in the tenant time zone; shift the hours if needed',
      );
    const resolve = (r: Rule): Destination | undefined => {
      if (!r.action) return undefined;
      const t: Target = resolveAction(ctx, r.action[0], r.action[1]);
      if (t.kind === 'dest') return t.dest;
      const what = t.kind === 'schedule' ? `time condition ${t.schedule.number}` : `${t.what} (${t.why})`;
      ctx.report(
        'skipped',
        `${where} rule ${r.group}: ${r.action.join(' ')}`,
        `its destination is ${what}`,
        'choose a destination in the spec',
      );
      return undefined;
    };
    const weekly: { rule: Rule; dest?: Destination; period: Record<string, string> }[] = [];
    const holidays: { rule: Rule; dest?: Destination; mapping: HolidayMapping }[] = [];
    let closed: Destination | undefined;
    for (const r of rules) {
      if (r.conds.size === 0) {
        if (r.action && r.group > 0) closed = resolve(r) ?? closed;
        continue;
      }
      const dest = resolve(r);
      const wday = r.conds.get('wday');
      const mod = r.conds.get('minute-of-day');
      const tod = r.conds.get('time-of-day');
      const others = [...r.conds.keys()].filter((k) => !['wday', 'minute-of-day', 'time-of-day'].includes(k));
      if (others.length === 0) {
        const days = wday ? weekdays(wday) : 'mon-sun';
        const range = mod ? minuteRange(mod) : tod ? timeOfDay(tod) : ['00:00', '24:00'];
        if (days && range) {
          weekly.push({
            rule: r,
            ...(dest ? { dest } : {}),
            period: { days, from: range[0] as string, to: range[1] as string },
          });
          continue;
        }
      } else {
        const mapping = mod === undefined && tod === undefined ? holidayRule(r.conds) : undefined;
        if (mapping) {
          holidays.push({ rule: r, ...(dest ? { dest } : {}), mapping });
          continue;
        }
      }
      ctx.report(
        'skipped',
        `${where} rule ${r.group}: ${[...r.conds].map(([k, v]) => `${k}=${v}`).join(' ')}`,
        'pbxc schedules know weekdays with hours and whole-day holidays only',
        'express it as open periods and holidays by hand',
      );
    }
    // The open destination: the one most weekly rules lead to (first on a tie).
    const tally = new Map<string, number>();
    for (const w of weekly) if (w.dest) tally.set(key(w.dest), (tally.get(key(w.dest)) ?? 0) + 1);
    const best = [...tally.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    const open = weekly.find((w) => key(w.dest) === best)?.dest;
    const periods: unknown[] = [];
    for (const w of weekly) {
      if (key(w.dest) === best) periods.push(w.period);
      else
        ctx.report(
          'decision',
          `${where} rule ${w.rule.group}: ${w.period.days} ${w.period.from}-${w.period.to} → ${show(w.dest)}`,
          `a pbxc schedule has one open destination (${show(open)}); this period led elsewhere and is closed now`,
          `add the period to the schedule (calls then go to ${show(open)}) or give that destination its own DID`,
        );
    }
    const easter = easterEntries(
      holidays.map((h) => ({
        entries: h.mapping.entries,
        ...(h.rule.preset ? { preset: h.rule.preset } : {}),
      })),
    );
    if (easter.recognised.length > 0)
      ctx.report(
        'changed',
        `${where} holidays`,
        `dated days that are ${easter.recognised.map((n) => n.replaceAll('_', ' ')).join(', ')} in FusionPBX`,
        'pbxc computes them from Easter every year ({easter: name}); check the years FusionPBX did not list',
      );
    for (const h of holidays) {
      const label = h.rule.preset ?? [...h.rule.conds].map(([k, v]) => `${k}=${v}`).join(' ');
      if (h.mapping.note)
        ctx.report('changed', `${where} holiday ${label}`, h.mapping.note, 'check that day');
      if (key(h.dest) !== key(closed))
        ctx.report(
          'changed',
          `${where} holiday ${label} → ${show(h.dest)}`,
          `pbxc holidays use the closed destination (${show(closed)})`,
          'check that the closed destination suits the holiday',
        );
    }
    const shell = shells.get(p.number) as Schedule;
    const doc: Record<string, unknown> = { id: p.id };
    if (periods.length === 0) {
      ctx.report('skipped', where, 'no weekly open period could be read', 'write the schedule by hand');
      ctx.schedules.delete(p.number);
      continue;
    }
    doc.open = periods;
    if (easter.entries.length > 0) doc.holidays = easter.entries;
    ctx.schedules.set(p.number, {
      ...shell,
      ...(open ? { open } : {}),
      ...(closed ? { closed } : {}),
      doc: note(doc, `FusionPBX time condition ${p.number} "${p.name}"`),
    });
  }
}
