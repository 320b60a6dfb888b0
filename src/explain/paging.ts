import type { ExtensionModel, PagingGroupModel, ScheduleModel, TenantModel } from '../model/types.js';
import type { Walker } from './walker.js';

/** explain for paging groups, the intercom code and the day/night override codes. */

export type OverrideState = 'open' | 'closed';
export type DayNightAction = 'toggle' | 'open' | 'closed' | 'automatic';

/** "--override office-hours=closed": the forced states to assume, by schedule id. */
export type Overrides = Readonly<Record<string, OverrideState>>;

/** "office-hours=closed" → its parts, or a message saying what is wrong. */
export function parseOverride(
  text: string,
): { schedule: string; state: OverrideState | 'auto' } | { error: string } {
  const m = /^([^=]+)=(open|closed|auto|automatic)$/.exec(text);
  if (!m)
    return {
      error: `--override must look like SCHEDULE=open, SCHEDULE=closed or SCHEDULE=auto (got ${text})`,
    };
  const state = m[2] === 'open' || m[2] === 'closed' ? m[2] : 'auto';
  return { schedule: m[1]!, state };
}

export function pagingTerms(t: TenantModel, g: PagingGroupModel): string {
  const names = g.members.map((m) => {
    const e = t.extensions.find((x) => x.number === m);
    return e ? `${m} ${e.name}` : m;
  });
  const how = g.oneWay
    ? 'one-way: the members are muted, only the caller is heard'
    : 'two-way: every member is heard';
  return `pages ${names.join(', ')} at once with the auto-answer headers (Alert-Info info=alert-autoanswer, Call-Info answer-after=0), ${how}; the caller is not paged; each phone has ${g.timeout} s to answer`;
}

export function followPaging(w: Walker, t: TenantModel, number: string, depth: number, main: boolean): void {
  const g = t.pagingGroups.find((x) => x.number === number);
  if (!g) return;
  w.step(depth, `paging group ${g.number} ${g.name}: ${pagingTerms(t, g)}`);
  if (main) w.reach({ kind: 'paging', number: g.number, oneWay: g.oneWay });
}

const ACTION_TEXT: Record<DayNightAction, string> = {
  toggle: 'toggles the override: an active override returns to automatic, automatic becomes forced closed',
  open: 'forces the schedule open',
  closed: 'forces the schedule closed',
  automatic: 'returns the schedule to automatic (its open periods and holidays)',
};

function dayNightFor(
  t: TenantModel,
  n: string,
): { schedule: ScheduleModel; action: DayNightAction } | undefined {
  for (const s of t.schedules) {
    const c = s.overrideCode;
    if (c === undefined || !n.startsWith(c)) continue;
    const rest = n.slice(c.length);
    const action: DayNightAction | undefined =
      rest === ''
        ? 'toggle'
        : rest === '1'
          ? 'open'
          : rest === '2'
            ? 'closed'
            : rest === '0'
              ? 'automatic'
              : undefined;
    if (action) return { schedule: s, action };
  }
  return undefined;
}

/**
 * The intercom code + an extension, or a schedule's override code (the dialplan tries them right
 * after the feature codes). true: the number was one of them and the walk is done.
 */
export function pagingFeature(
  w: Walker,
  t: TenantModel,
  n: string,
  from: ExtensionModel | undefined,
): boolean {
  const code = t.featureCodes.intercom;
  const target = n.startsWith(code) ? t.extensions.find((e) => e.number === n.slice(code.length)) : undefined;
  const dn = dayNightFor(t, n);
  if (!target && !dn) return false;
  if (!from) {
    w.step(
      0,
      `${n} is ${target ? 'the intercom code' : `the day/night code of schedule ${dn!.schedule.id}`}, which only a phone of an extension may use`,
    );
    return false;
  }
  if (target) {
    w.step(
      0,
      `${n} is feature code intercom: calls ${target.number} ${target.name} with the auto-answer headers, so its phones answer on the speaker; both sides talk`,
    );
    w.reach({ kind: 'feature', code: 'intercom', detail: target.number });
    return true;
  }
  const { schedule, action } = dn!;
  w.step(
    0,
    `${n} is the day/night code of schedule ${schedule.id}: ${ACTION_TEXT[action]}; the override is kept in the node's database and a BLF on ${schedule.overrideCode} lights while it is active`,
  );
  w.reach({ kind: 'day_night', schedule: schedule.id, action });
  return true;
}

/** The step text of a DID's schedule under a forced override. */
export function overrideText(state: OverrideState): string {
  return `override: forced ${state} (day/night code; --override given)`;
}
