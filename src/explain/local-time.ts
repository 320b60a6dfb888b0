import { holidayOn } from '../model/holidays.js';
import { WEEKDAYS } from '../model/schedule-time.js';
import type { ScheduleModel, Weekday } from '../model/types.js';
import type { At } from './types.js';

export interface LocalTime {
  /** ISO date in the zone. */
  readonly date: string;
  readonly weekday: Weekday;
  /** Minutes since local midnight. */
  readonly minute: number;
  readonly zone: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The wall clock in `zone` at `at` (an instant, or already a wall-clock time there). */
export function localTime(at: At, zone: string): LocalTime {
  if (at.kind === 'wall') {
    const [y, m, d] = at.date.split('-').map(Number) as [number, number, number];
    const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
    return { date: at.date, weekday: WEEKDAYS[(day + 6) % 7]!, minute: at.minute, zone };
  }
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    })
      .formatToParts(at.date)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: parts.weekday!.toLowerCase().slice(0, 3) as Weekday,
    minute: Number(parts.hour) * 60 + Number(parts.minute),
    zone,
  };
}

export function localText(t: LocalTime): string {
  return `${t.date} ${pad(Math.floor(t.minute / 60))}:${pad(t.minute % 60)} ${t.zone} (${t.weekday})`;
}

export type ScheduleState =
  | { readonly open: true; readonly window: number }
  | { readonly open: false; readonly holiday?: string };

/** Holidays close the whole day; otherwise open inside any window [from, to) of the weekday. */
export function scheduleState(schedule: ScheduleModel, t: LocalTime): ScheduleState {
  const holiday = schedule.holidays.find((h) => holidayOn(h.rule, t.date));
  if (holiday)
    return { open: false, holiday: holiday.label === t.date ? t.date : `${t.date}, ${holiday.label}` };
  const window = schedule.open.findIndex(
    (w) => w.days.includes(t.weekday) && t.minute >= w.from && t.minute < w.to,
  );
  return window >= 0 ? { open: true, window } : { open: false };
}

/** "2026-12-24 10:00", "2026-12-24T10:00" (wall clock in the tenant's zone) or with Z / ±hh:mm (an instant). */
export function parseAt(text: string): At | undefined {
  const wall = /^([0-9]{4}-[0-9]{2}-[0-9]{2})[T ]([0-9]{2}):([0-9]{2})$/.exec(text);
  if (wall) {
    const h = Number(wall[2]);
    const m = Number(wall[3]);
    const day = new Date(`${wall[1]}T00:00:00Z`);
    if (h > 23 || m > 59 || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== wall[1])
      return undefined;
    return { kind: 'wall', date: wall[1]!, minute: h * 60 + m };
  }
  const instant =
    /^([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?(?:Z|[+-]([0-9]{2}):([0-9]{2}))$/.exec(
      text,
    );
  if (instant) {
    // Every field in range: Date would roll 2026-02-30 over to March 2 and 24:00 to the next day.
    const [y, mo, d, h, mi, s = '0', oh = '0', om = '0'] = instant.slice(1).map((v) => v ?? '0');
    const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
    if (
      day.getUTCFullYear() !== Number(y) ||
      day.getUTCMonth() !== Number(mo) - 1 ||
      day.getUTCDate() !== Number(d) ||
      Number(h) > 23 ||
      Number(mi) > 59 ||
      Number(s) > 59 ||
      Number(oh) > 14 ||
      Number(om) > 59
    )
      return undefined;
    const date = new Date(text.replace(' ', 'T'));
    return Number.isNaN(date.getTime()) ? undefined : { kind: 'instant', date };
  }
  return undefined;
}
