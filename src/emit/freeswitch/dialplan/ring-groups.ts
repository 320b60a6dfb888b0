// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here is FreeSWITCH variable syntax, not JavaScript.
import type { RingGroupModel, TenantModel } from '../../../model/types.js';
import { ringbackTone } from '../locale.js';
import { el, type XmlElement } from '../xml.js';
import { action, always, dest, ext } from './dp.js';
import { legCondition, legVariable, pickupMarks } from './local-extensions.js';
import { goTo } from './targets.js';

/** How many member orders a random group cycles through, picked by the first hex digit of the call's UUID. */
export const RANDOM_BUCKETS = 16;

/**
 * FreeSWITCH calls only the first registration of a `user/` leg when the bridge has more than one
 * element (`,` or `|` lists set SOF_FORKED_DIAL, switch_ivr_originate.c; mod_dptools then dials the
 * user's contacts in no-block mode). A member who is registered on a desk phone and a softphone must
 * ring on both, so no group bridges such a list:
 * - simultaneous and enterprise ring every member at once on its own originate (`:_:`), where each
 *   `user/` leg rings all of its registrations;
 * - sequence, rollover and random bridge one member at a time (one bridge action per member, each for
 *   ring_timeout seconds, continue_on_fail between them).
 */
const PARALLEL = new Set<RingGroupModel['strategy']>(['simultaneous', 'enterprise']);

/** The bridge arguments: one for a parallel group, one per member (in order) for a hunting group. */
export function dialStrings(group: RingGroupModel, members: readonly string[]): string[] {
  const legs = members.map((m) => `\${${legVariable(m)}}`);
  return PARALLEL.has(group.strategy) ? [legs.join(':_:')] : legs;
}

function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

/** A fixed shuffle per bucket (deterministic output); the call's random UUID picks the bucket. */
export function bucketOrder(tenant: TenantModel, group: RingGroupModel, bucket: number): string[] {
  const order = [...group.members];
  let state = seedOf(`${tenant.id}/${group.number}/${bucket}`);
  for (let i = order.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

function tail(tenant: TenantModel, group: RingGroupModel, members: readonly string[]): XmlElement[] {
  return [
    ...dialStrings(group, members).map((legs) => action('bridge', legs)),
    group.onNoAnswer ? goTo(tenant, group.onNoAnswer) : action('hangup', 'NO_ANSWER'),
  ];
}

export function ringGroupExtension(tenant: TenantModel, group: RingGroupModel): XmlElement {
  const byNumber = new Map(tenant.extensions.map((e) => [e.number, e]));
  const members = group.members.map((m) => byNumber.get(m)).filter((e) => e !== undefined);
  const legs = members.map((e) => legCondition(tenant, e));
  const setup = always([
    action('set', 'hangup_after_bridge=true'),
    action('set', 'continue_on_fail=true'),
    action('set', `call_timeout=${group.ringTimeout}`),
    // The tenant country's ringback while the group rings (callers on an answered channel hear it).
    action('set', `ringback=${ringbackTone(tenant)}`),
    ...pickupMarks(tenant, [group.number]),
  ]);
  if (group.strategy !== 'random') {
    return ext(`ring-group-${group.number}`, [
      dest(group.number),
      ...legs,
      setup,
      always(tail(tenant, group, group.members)),
    ]);
  }
  const buckets = Array.from({ length: RANDOM_BUCKETS }, (_, b) => {
    const body = tail(tenant, group, bucketOrder(tenant, group, b));
    const hex = b.toString(16);
    return b === RANDOM_BUCKETS - 1
      ? always(body)
      : el('condition', { field: '${uuid}', expression: `^${hex}`, break: 'on-true' }, body);
  });
  return ext(`ring-group-${group.number}`, [dest(group.number), ...legs, setup, ...buckets]);
}
