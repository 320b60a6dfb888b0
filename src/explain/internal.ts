import { conferencePresenceUser } from '../emit/freeswitch/conference.js';
import type { ExtensionModel, FeatureCodes, TenantModel } from '../model/types.js';
import { agentKey } from './agent-key.js';
import { follow } from './destination.js';
import { dialOut, emergencyRouteFor } from './outbound.js';
import { pagingFeature } from './paging.js';
import type { Walker } from './walker.js';

const FEATURES: Record<keyof FeatureCodes, string> = {
  dnd_on: 'switches do not disturb on for the caller',
  dnd_off: 'switches do not disturb off for the caller',
  forward_on: 'asks for a number and forwards all calls of the caller there',
  forward_off: 'switches call forwarding off for the caller',
  voicemail: "opens the caller's own voicemail box",
  voicemail_any: 'opens a voicemail box (asks which one)',
  park: 'parks the call on the next free slot',
  park_slots: 'retrieves the call parked on that slot',
  pickup_group: "picks up the last call ringing in the caller's call group",
  pickup_direct: 'picks up the call ringing at that extension',
  record_toggle: 'toggles recording of the caller’s calls',
  echo_test: 'echo test: you hear yourself',
  intercom: 'calls an extension with the auto-answer headers (followed by the extension)',
  queue_login: 'logs the caller in as an agent of its queues (also ends a break)',
  queue_logout: 'logs the caller out of its queues',
  queue_break: 'puts the caller on a break: logged in, offered no queue calls',
};

const AGENT_CODES = new Set<keyof FeatureCodes>(['queue_login', 'queue_logout', 'queue_break']);
const isAgent = (t: TenantModel, ext: string) =>
  t.queues.some((q) => q.agents.some((a) => a.extension === ext));

/** Feature codes need an authenticated phone of this tenant for the caller's own settings. */
const NEEDS_CALLER = new Set<keyof FeatureCodes>([
  'dnd_on',
  'dnd_off',
  'forward_on',
  'forward_off',
  'voicemail',
  'record_toggle',
  'queue_login',
  'queue_logout',
  'queue_break',
]);

function featureFor(t: TenantModel, n: string): { code: keyof FeatureCodes; detail?: string } | undefined {
  const fc = t.featureCodes;
  // Same order as the tenant context: the first code that matches wins.
  if (n === fc.dnd_on) return { code: 'dnd_on' };
  if (n === fc.dnd_off) return { code: 'dnd_off' };
  const forward = new RegExp(
    `^${fc.forward_on.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\+?[0-9]{2,15})$`,
  ).exec(n);
  if (forward) return { code: 'forward_on', detail: forward[1]! };
  if (n === fc.forward_on) return { code: 'forward_on' };
  if (n === fc.forward_off) return { code: 'forward_off' };
  if (n === fc.voicemail) return { code: 'voicemail' };
  if (n === fc.voicemail_any) return { code: 'voicemail_any' };
  if (n === fc.park) return { code: 'park' };
  const slot = t.park.slots.find((s) => n === s || n === `park+${s.slice(1)}`);
  if (slot) return { code: 'park_slots', detail: slot };
  if (n === fc.pickup_group) return { code: 'pickup_group' };
  if (n.startsWith(fc.pickup_direct) && /^[a-z0-9]+$/.test(n.slice(fc.pickup_direct.length)))
    return { code: 'pickup_direct', detail: n.slice(fc.pickup_direct.length) };
  if (n === fc.record_toggle) return { code: 'record_toggle' };
  if (n === fc.echo_test) return { code: 'echo_test' };
  // The agent codes exist in tenants with queues (each code is reserved in every tenant).
  if (t.queues.length > 0)
    for (const code of ['queue_login', 'queue_logout', 'queue_break'] as const)
      if (n === fc[code]) return { code };
  return undefined;
}

/** A call placed in the tenant's context: by an extension (`from`) or transferred in. */
export function internalCall(
  w: Walker,
  t: TenantModel,
  number: string,
  from: ExtensionModel | undefined,
): void {
  // The dialplan tries the emergency route before every internal number and feature code.
  if (emergencyRouteFor(t, number)) {
    dialOut(w, t, number, from, false, 0, true);
    return;
  }
  const feature = featureFor(t, number);
  const usable =
    feature &&
    (feature.code === 'pickup_group' ? !!from?.callGroups.length : !NEEDS_CALLER.has(feature.code) || !!from);
  if (feature && usable && AGENT_CODES.has(feature.code) && !isAgent(t, from!.number)) {
    w.step(
      0,
      `${number} is feature code ${feature.code}, but ${from!.number} is no agent of a queue: error tone`,
    );
    w.reach({ kind: 'hangup', cause: 'NORMAL_CLEARING' });
    return;
  }
  if (feature && usable) {
    const what =
      feature.code === 'forward_on' && feature.detail
        ? `forwards all calls of the caller to ${feature.detail}`
        : feature.code === 'pickup_group'
          ? `picks up the last call ringing in call group ${from!.callGroups[0]}`
          : FEATURES[feature.code];
    w.step(
      0,
      `${number} is feature code ${feature.code}: ${what}${feature.detail && feature.code !== 'forward_on' ? ` (${feature.detail})` : ''}`,
    );
    w.reach({ kind: 'feature', code: feature.code, ...(feature.detail ? { detail: feature.detail } : {}) });
    return;
  }
  if (feature)
    w.step(
      0,
      `${number} is feature code ${feature.code}, which only ${feature.code === 'pickup_group' ? 'a member of a ring group' : 'a phone of an extension'} may use`,
    );
  if (pagingFeature(w, t, number, from)) return;
  if (agentKey(w, t, number, from)) return;
  const ext = t.extensions.find((e) => e.number === number);
  if (ext) {
    follow(w, t, { type: 'extension', number }, 0, true);
    return;
  }
  const group = t.ringGroups.find((g) => g.number === number);
  if (group) {
    follow(w, t, { type: 'ring_group', number }, 0, true);
    return;
  }
  // A room answers on its number and on its presence id (conf+<room>, what a BLF key dials).
  const room = t.conferences.find((c) => c.number === number || conferencePresenceUser(c) === number);
  if (room) {
    follow(w, t, { type: 'conference', number: room.number }, 0, true);
    return;
  }
  if (t.pagingGroups.some((g) => g.number === number)) {
    follow(w, t, { type: 'paging', number }, 0, true);
    return;
  }
  if (t.queues.some((q) => q.number === number)) {
    follow(w, t, { type: 'queue', number }, 0, true);
    return;
  }
  const alias = t.aliases.find((a) => a.number === number);
  if (alias) {
    w.step(0, `alias ${alias.number} ${alias.name}`);
    follow(w, t, alias.to, 0, true);
    return;
  }
  dialOut(w, t, number, from, false, 0, true);
}
