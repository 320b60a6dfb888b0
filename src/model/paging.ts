import type { Device, TenantSpec } from '../schema/types.gen.js';
import { DEFAULTS } from './defaults.js';
import type { FeatureCodes, KeyModel, Origin, PagingGroupModel } from './types.js';

/** Paging groups, intercom and day/night keys: the model side (one file, so merges stay small). */

type Key = NonNullable<Device['keys']>[number];
type Locate = (path: (string | number)[]) => Origin;

export function pagingGroups(t: TenantSpec, locate: Locate): PagingGroupModel[] {
  return (t.paging_groups ?? [])
    .map((g, i) => ({
      number: g.number,
      name: g.name,
      members: [...g.members],
      oneWay: g.one_way ?? true,
      timeout: g.timeout ?? DEFAULTS.pagingTimeout,
      origin: locate(['paging_groups', i]),
    }))
    .sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0));
}

/**
 * The new key types become the kinds every vendor template already knows: a paging key is a speed
 * dial to the group, an intercom key a speed dial to the intercom code + extension, a day/night key
 * a BLF on the schedule's override code (its presence is what the override publishes).
 * undefined: not one of these types (or its schedule has no code, which a rule reports).
 */
export function pagingKey(
  t: TenantSpec,
  codes: FeatureCodes,
  k: Key,
  origin: Origin,
  extName: (n: string) => string,
): KeyModel | undefined {
  if (k.type === 'paging') {
    const g = (t.paging_groups ?? []).find((x) => x.number === k.group);
    return { type: 'speed_dial', number: k.group, label: k.label ?? g?.name ?? `Page ${k.group}`, origin };
  }
  if (k.type === 'intercom')
    return {
      type: 'speed_dial',
      number: `${codes.intercom}${k.extension}`,
      label: k.label ?? `Intercom ${extName(k.extension)}`,
      origin,
    };
  if (k.type === 'day_night') {
    const code = (t.schedules ?? []).find((s) => s.id === k.schedule)?.override_code;
    if (code === undefined) return undefined;
    return { type: 'blf', extension: code, label: k.label ?? `Night ${k.schedule}`, origin };
  }
  return undefined;
}
