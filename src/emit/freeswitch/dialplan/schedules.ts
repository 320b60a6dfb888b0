// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here is FreeSWITCH variable syntax, not JavaScript.
import { holidayConditions } from '../../../model/holidays.js';
import type { Destination, ScheduleModel, TenantModel, Weekday } from '../../../model/types.js';
import type { XmlElement } from '../xml.js';
import { always, cond, dest, exactly, ext, timeCond } from './dp.js';
import { overrideExtensions } from './paging.js';
import { goTo } from './targets.js';

/** FreeSWITCH counts week days from Sunday = 1. */
const WDAY: Record<Weekday, number> = { sun: 1, mon: 2, tue: 3, wed: 4, thu: 5, fri: 6, sat: 7 };

/**
 * minute-of-day counts from 1 (00:00-00:00:59 is minute 1), so [from, to) in minutes since
 * midnight is from+1..to.
 */
export function minuteOfDay(from: number, to: number): string {
  return `${from + 1}-${to}`;
}

/**
 * Holidays first (closed), then each open window, then closed. Time conditions are evaluated in the
 * channel's `timezone` (an IANA name), which the DID extension set before transferring here.
 */
export function scheduleExtensions(
  tenant: TenantModel,
  schedule: ScheduleModel,
  target: string,
  open: Destination,
  closed: Destination,
): XmlElement[] {
  const guard = cond('${pbxc_tenant}', exactly([tenant.id]));
  // One extension per time condition (FreeSWITCH ANDs a condition's attributes; a rule that needs
  // several, such as a range over months or Easter in every year, gets several extensions).
  const holidays = schedule.holidays.flatMap((h, i) => {
    const conditions = holidayConditions(h.rule);
    const name = (k: number) =>
      h.rule.kind === 'dates' && h.rule.from === h.rule.to
        ? `${target}-holiday-${h.rule.from}`
        : `${target}-holiday-${i + 1}${conditions.length > 1 ? `-${k + 1}` : ''}`;
    return conditions.map((attrs, k) =>
      ext(name(k), [dest(target), guard, timeCond(attrs, [goTo(tenant, closed)])]),
    );
  });
  const windows = schedule.open.map((w, i) =>
    ext(`${target}-open-${i + 1}`, [
      dest(target),
      guard,
      timeCond({ wday: w.days.map((d) => WDAY[d]).join(','), 'minute-of-day': minuteOfDay(w.from, w.to) }, [
        goTo(tenant, open),
      ]),
    ]),
  );
  return [
    // A day/night override (node state) wins over holidays and open periods.
    ...overrideExtensions(tenant, schedule, target, guard, open, closed),
    ...holidays,
    ...windows,
    ext(`${target}-closed`, [dest(target), guard, always([goTo(tenant, closed)])]),
  ];
}
