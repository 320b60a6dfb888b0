import { describeDestination } from '../model/destination.js';
import type { QueueModel } from '../model/queue.js';
import type { TenantModel } from '../model/types.js';
import type { Walker } from './walker.js';

const STRATEGY: Readonly<Record<QueueModel['strategy'], string>> = {
  'ring-all': 'rings every available agent at once',
  'longest-idle-agent': 'offers the caller to the agent idle the longest',
  'round-robin': 'offers callers to the agents in turn',
  'top-down': 'offers the caller to the first free agent in order',
  'agent-with-least-talk-time': 'offers the caller to the agent with the least talk time',
  'agent-with-fewest-calls': 'offers the caller to the agent who answered the fewest calls',
  random: 'offers the caller to a random available agent',
  'sequentially-by-agent-order': 'offers the caller to the agents in their order',
};

function music(q: QueueModel): string {
  switch (q.music.kind) {
    case 'default':
      return 'music on hold';
    case 'ringback':
      return 'the ringback tone';
    case 'silence':
      return 'silence';
    case 'file':
      return `${q.music.path} in a loop`;
  }
}

/** "101 (level 1), 102 (level 2, position 3)": the agents in the order the queue offers them. */
export function agentList(q: QueueModel): string {
  return q.agents
    .map((a) => {
      const terms = [
        ...(q.agents.some((b) => b.level !== 1) ? [`level ${a.level}`] : []),
        ...(a.position !== 1 ? [`position ${a.position}`] : []),
      ];
      return terms.length > 0 ? `${a.extension} (${terms.join(', ')})` : a.extension;
    })
    .join(', ');
}

/** Why a caller leaves the queue without an agent, in the order mod_callcenter checks them. */
export function exitCases(q: QueueModel): string[] {
  return [
    ...(q.maxCallers !== undefined ? [`${q.maxCallers} callers already waiting`] : []),
    ...(q.maxWait > 0 ? [`no agent answered within ${q.maxWait} s`] : []),
    ...(q.noAgentTimeout > 0 ? [`no agent logged in for ${q.noAgentTimeout} s`] : []),
  ];
}

/**
 * A call into a queue: what the caller hears, who is offered it, and where it goes when it leaves
 * without an agent. Which agents are logged in is node state, so explain names the agents listed.
 */
export function explainQueue(
  w: Walker,
  t: TenantModel,
  q: QueueModel,
  depth: number,
  main: boolean,
  follow: (to: NonNullable<QueueModel['onTimeout']>, depth: number) => void,
): void {
  const terms = [
    `${STRATEGY[q.strategy]} (${q.strategy})`,
    `the caller hears ${music(q)}`,
    ...(q.announcement ? [`${q.announcement.sound} every ${q.announcement.every} s`] : []),
    ...(q.announcePosition ? ['is told their place in the queue'] : []),
    ...(q.record ? ['answered calls are recorded'] : []),
  ];
  w.step(depth, `queue ${q.number} ${q.name}: ${terms.join('; ')}`);
  w.step(
    depth + 1,
    `agents (when logged in with ${t.featureCodes.queue_login} and not on a break): ${agentList(q)}; each rings ${q.agentTimeout} s, then ${q.wrapUp} s wrap-up after a call`,
  );
  if (main) w.reach({ kind: 'queue', number: q.number, agents: q.agents.map((a) => a.extension) });
  const cases = exitCases(q);
  if (cases.length === 0) {
    w.step(depth + 1, 'the caller waits until an agent answers (no time limit)');
    return;
  }
  const where = q.onTimeout ? describeDestination(q.onTimeout) : 'hang up';
  w.step(depth + 1, `${cases.join(', or ')} → ${where}`);
  if (q.onTimeout) follow(q.onTimeout, depth + 2);
}
