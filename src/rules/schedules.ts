import { each } from '../bind/symbols.js';
import { diag } from '../diag/diagnostic.js';
import { parseHoliday } from '../model/holidays.js';
import { parseTime } from '../model/schedule-time.js';
import type { Rule } from './rule.js';

/** Open periods run from before to; times are HH:MM within 00:00..24:00; holidays are real days. */
export const scheduleTimes: Rule = {
  name: 'schedule-times',
  check(ctx) {
    for (const scope of ctx.bound.tenants) {
      for (const [s, i] of each(scope, 'schedules')) {
        const report = (path: (string | number)[], detail: string) =>
          ctx.report(
            diag(
              'PBX3030',
              { schedule: s.id, tenant: scope.id, detail },
              scope.locate(['schedules', i, ...path]),
            ),
          );
        s.open.forEach((period, j) => {
          const from = parseTime(period.from);
          const to = parseTime(period.to);
          if (from === undefined)
            report(['open', j, 'from'], `"${period.from}" is not a time between 00:00 and 24:00`);
          if (to === undefined)
            report(['open', j, 'to'], `"${period.to}" is not a time between 00:00 and 24:00`);
          if (from !== undefined && to !== undefined && from >= to)
            report(['open', j, 'to'], `closes at ${period.to}, not after it opens at ${period.from}`);
        });
        (s.holidays ?? []).forEach((day, j) => {
          if (day === null || day === undefined) return;
          if (parseHoliday(day as Parameters<typeof parseHoliday>[0]) !== undefined) return;
          if (typeof day === 'string')
            report(
              ['holidays', j],
              day.includes('..')
                ? `holiday range "${day}" needs real dates, the first not after the second`
                : `holiday "${day}" is not a real date (YYYY-MM-DD, or MM-DD every year)`,
            );
          else report(['holidays', j], 'holiday rule is not a real day (nth 1-5 or -1, month 1-12)');
        });
      }
    }
  },
};

export const SCHEDULE_RULES: readonly Rule[] = [scheduleTimes];
