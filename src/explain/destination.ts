import { describeDestination } from '../model/destination.js';
import type {
  ConferenceModel,
  Destination,
  ExtensionModel,
  RingGroupModel,
  TenantModel,
} from '../model/types.js';
import { dialOut } from './outbound.js';
import { explainQueue } from './queue.js';
import type { Walker } from './walker.js';

/** How long an extension rings before its no-answer fallback (the FreeSWITCH target's default). */
export const DEFAULT_RING_SECONDS = 30;
const MAX_DEPTH = 4;

const extName = (t: TenantModel, n: string) => t.extensions.find((e) => e.number === n)?.name;

function fallbackOf(
  e: ExtensionModel,
  forward: Destination | undefined,
): { to: Destination } | { hangup: string } | undefined {
  if (forward) return { to: forward };
  if (e.voicemail) return { to: { type: 'voicemail', box: e.number } };
  return undefined;
}

function ringExtension(w: Walker, t: TenantModel, e: ExtensionModel, depth: number, main: boolean): void {
  const label = `extension ${e.number} ${e.name}`;
  if (e.dnd) {
    w.step(
      depth,
      `${label}: do not disturb is on by default → ${e.voicemail ? `voicemail ${e.number}` : 'busy (USER_BUSY)'}`,
    );
    if (e.voicemail) follow(w, t, { type: 'voicemail', box: e.number }, depth, main);
    else if (main) w.reach({ kind: 'hangup', cause: 'USER_BUSY' });
    return;
  }
  if (e.forward.always) {
    w.step(
      depth,
      `${label}: forwards every call → ${describeDestination(e.forward.always)} (until *73 switches it off)`,
    );
    follow(w, t, e.forward.always, depth, main);
    return;
  }
  const seconds = e.forward.noAnswer?.after ?? DEFAULT_RING_SECONDS;
  w.step(
    depth,
    `${label} rings (every registered device) for ${seconds} s${e.record ? '; the call is recorded' : ''}`,
  );
  if (main) w.reach({ kind: 'extension', number: e.number });
  const cases: [string, Destination | undefined, string][] = [
    ['busy', e.forward.busy, 'USER_BUSY'],
    ['not registered', e.forward.unregistered, 'USER_NOT_REGISTERED'],
    ['no answer', e.forward.noAnswer?.to, 'NO_ANSWER'],
  ];
  for (const [when, forward, cause] of cases) {
    const next = fallbackOf(e, forward);
    if (!next || 'hangup' in next) {
      w.step(depth + 1, `${when} → hang up (${cause})`);
      continue;
    }
    w.step(depth + 1, `${when} → ${describeDestination(next.to)}`);
    if (next.to.type !== 'voicemail') follow(w, t, next.to, depth + 2, false);
  }
}

/** Strategies that ring every member at once; the others ring one member at a time. */
const PARALLEL: ReadonlySet<RingGroupModel['strategy']> = new Set(['simultaneous', 'enterprise']);

/**
 * How long a ring group rings. `ring_timeout` is the length of one ringing step: simultaneous and
 * enterprise groups ring every member together for that long; sequence, rollover and random groups
 * ring each member that long in turn, so they ring up to members × ring_timeout. A member with do
 * not disturb on is skipped at once (busy), so it adds nothing.
 */
export function ringGroupTiming(
  t: TenantModel,
  g: RingGroupModel,
): { ringSeconds: number; upToSeconds: number } {
  const ringing = g.members.filter((m) => !t.extensions.find((x) => x.number === m)?.dnd).length;
  const steps = PARALLEL.has(g.strategy) ? Math.min(ringing, 1) : ringing;
  return { ringSeconds: g.ringTimeout, upToSeconds: steps * g.ringTimeout };
}

function ringGroup(w: Walker, t: TenantModel, g: RingGroupModel, depth: number, main: boolean): void {
  const members = g.members.join(', ');
  const { ringSeconds, upToSeconds } = ringGroupTiming(t, g);
  const how =
    g.strategy === 'simultaneous'
      ? `rings ${members} together for ${ringSeconds} s`
      : g.strategy === 'enterprise'
        ? `rings every registration of ${members} at once for ${ringSeconds} s`
        : g.strategy === 'random'
          ? `rings ${members} one at a time in random order, ${ringSeconds} s each, up to ${upToSeconds} s in all`
          : `rings ${members} one after another (${g.strategy}), ${ringSeconds} s each, up to ${upToSeconds} s in all`;
  w.step(depth, `ring group ${g.number} ${g.name} ${how}`);
  for (const m of g.members) {
    const e = t.extensions.find((x) => x.number === m);
    if (e?.dnd) w.step(depth + 1, `${m} ${e.name} has do not disturb on by default: not rung`);
  }
  if (main) w.reach({ kind: 'ring_group', number: g.number, members: g.members, ringSeconds, upToSeconds });
  if (!g.onNoAnswer) {
    w.step(depth + 1, 'no answer → hang up (NO_ANSWER)');
    return;
  }
  w.step(depth + 1, `no answer → ${describeDestination(g.onNoAnswer)}`);
  follow(w, t, g.onNoAnswer, depth + 2, false);
}

/** Follows a destination the way the tenant context does after a transfer to it. */
export function follow(w: Walker, t: TenantModel, d: Destination, depth: number, main: boolean): void {
  const key = JSON.stringify(d);
  if (!main && (w.seen.has(key) || depth > MAX_DEPTH)) {
    w.step(depth, `(${describeDestination(d)}, as above)`);
    return;
  }
  w.seen.add(key);
  switch (d.type) {
    case 'extension': {
      const e = t.extensions.find((x) => x.number === d.number);
      if (e) ringExtension(w, t, e, depth, main);
      return;
    }
    case 'ring_group': {
      const g = t.ringGroups.find((x) => x.number === d.number);
      if (g) ringGroup(w, t, g, depth, main);
      return;
    }
    case 'conference': {
      const c = t.conferences.find((x) => x.number === d.number);
      if (!c) return;
      w.step(depth, `conference room ${c.number} ${c.name}${conferenceTerms(c)}`);
      if (main) w.reach({ kind: 'conference', room: c.room, pin: c.pin !== undefined });
      return;
    }
    case 'queue': {
      const q = t.queues.find((x) => x.number === d.number);
      if (q) explainQueue(w, t, q, depth, main, (to, at) => follow(w, t, to, at, false));
      return;
    }
    case 'ivr': {
      const m = t.ivrMenus.find((x) => x.id === d.id);
      if (!m) return;
      w.step(
        depth,
        `IVR ${m.id} ${m.name} plays ${m.greeting} and waits ${m.timeout} s for a digit (${m.maxFailures} tries)`,
      );
      if (main) w.reach({ kind: 'ivr', id: m.id });
      for (const o of m.options) w.step(depth + 1, `${o.digit} → ${describeDestination(o.to)}`);
      w.step(depth + 1, `no choice → ${m.onTimeout ? describeDestination(m.onTimeout) : 'hang up'}`);
      if (m.onTimeout) follow(w, t, m.onTimeout, depth + 2, false);
      return;
    }
    case 'voicemail': {
      const name = extName(t, d.box);
      w.step(depth, `voicemail ${d.box}${name ? ` ${name}` : ''}: the caller leaves a message`);
      if (main) w.reach({ kind: 'voicemail', box: d.box });
      return;
    }
    case 'external':
      w.step(depth, `forwarded to ${d.number} (named in the spec, so no toll restriction applies)`);
      dialOut(w, t, d.number, w.caller, true, depth + 1, main);
      return;
    case 'sip_uri':
      w.step(depth, `bridged to ${d.uri} through the trunk-facing (external) SIP profile`);
      if (main) w.reach({ kind: 'sip_uri', uri: d.uri });
      return;
  }
}

/** " (PIN required, up to 50 members, …)": what a caller meets on joining a room. */
export function conferenceTerms(c: ConferenceModel): string {
  const terms = [
    c.pin !== undefined ? 'PIN required' : 'no PIN',
    ...(c.moderatorPin !== undefined && c.pin !== undefined
      ? ['moderator PIN makes the caller moderator']
      : []),
    `up to ${c.maxMembers} members`,
    ...(c.waitForModerator ? ['members wait with music until a moderator joins'] : []),
    ...(c.record ? ['recorded'] : []),
    ...(c.announce ? [] : ['joins and leaves are silent']),
  ];
  return ` (${terms.join(', ')})`;
}
