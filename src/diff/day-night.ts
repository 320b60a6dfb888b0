import type { TenantModel } from '../model/types.js';
import { match } from './fields.js';
import type { Collector } from './tenant.js';

/**
 * The risk `day-night-override-changed`: a schedule's override code (day/night) is added or removed.
 * The override's state is node state (mod_db row `<tenant>-daynight/<schedule>`), not configuration,
 * and nothing deletes it when the code goes:
 * - removed: a state forced on the node stops applying at the deploy (the DIDs follow the schedule's
 *   times again) — and stays in the database;
 * - added: a state left from an earlier code of the same schedule applies at once.
 * A changed code keeps the state (the row is keyed by the schedule): no risk.
 */
export function dayNightRisks(c: Collector, a: TenantModel, b: TenantModel): void {
  const m = match(a.schedules, b.schedules, (s) => s.id);
  for (const [x, y] of m.both) {
    if (x.overrideCode !== undefined && y.overrideCode === undefined)
      c.risk(
        'day-night-override-changed',
        `schedule ${y.id}: day/night override ${x.overrideCode} removed: a state forced on the node (open or closed) stops applying, so its DIDs follow the schedule's times again`,
      );
    if (x.overrideCode === undefined && y.overrideCode !== undefined)
      c.risk(
        'day-night-override-changed',
        `schedule ${y.id}: day/night override ${y.overrideCode} added: a state a node still holds from an earlier code of this schedule applies at once (dial ${y.overrideCode}0 to return to automatic)`,
      );
  }
}
