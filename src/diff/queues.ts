import type { QueueModel } from '../model/queue.js';
import type { TenantModel } from '../model/types.js';
import { destination, destinationText, match, sameDestination, scalar, set } from './fields.js';
import type { Collector } from './tenant.js';

export const queueLabel = (q: QueueModel) => `queue ${q.number} ${q.name}`;

const tier = (a: QueueModel['agents'][number]) => `${a.extension} (level ${a.level}, position ${a.position})`;

function music(q: QueueModel): string {
  return q.music.kind === 'file' ? q.music.path : q.music.kind;
}

/**
 * Call queues, by number. Removing a queue strands whatever still sends callers there only in the
 * spec's own references (validate catches those), but callers who dial it now reach nobody: a risk.
 * So is rerouting the exit: callers who wait too long go somewhere else from now on.
 */
export function queues(c: Collector, a: TenantModel, b: TenantModel): void {
  const m = match(a.queues, b.queues, (q) => q.number);
  for (const q of m.added)
    c.added(queueLabel(q), [
      `${q.strategy}, agents ${q.agents.map((x) => x.extension).join(', ')}, exit ${destinationText(q.onTimeout)}`,
    ]);
  for (const q of m.removed) {
    c.removed(queueLabel(q));
    c.risk(
      'queue-removed',
      `${queueLabel(q)} removed: callers who reach ${q.number} no longer wait for an agent`,
    );
  }
  for (const [x, y] of m.both) {
    const out: string[] = [];
    scalar(out, 'name', x.name, y.name);
    scalar(out, 'strategy', x.strategy, y.strategy);
    set(
      out,
      'agents',
      x.agents.map((g) => g.extension),
      y.agents.map((g) => g.extension),
    );
    const before = new Map(x.agents.map((g) => [g.extension, g]));
    for (const g of y.agents) {
      const old = before.get(g.extension);
      if (old && (old.level !== g.level || old.position !== g.position))
        out.push(`agent ${tier(old)} → level ${g.level}, position ${g.position}`);
    }
    scalar(out, 'music on hold', music(x), music(y));
    scalar(out, 'announcement', x.announcement?.sound, y.announcement?.sound);
    scalar(out, 'announcement every (s)', x.announcement?.every, y.announcement?.every);
    scalar(out, 'announce position', x.announcePosition, y.announcePosition);
    scalar(out, 'max wait (s)', x.maxWait, y.maxWait);
    scalar(out, 'max callers', x.maxCallers, y.maxCallers);
    scalar(out, 'no-agent timeout (s)', x.noAgentTimeout, y.noAgentTimeout);
    scalar(out, 'wrap-up (s)', x.wrapUp, y.wrapUp);
    scalar(out, 'agent ring time (s)', x.agentTimeout, y.agentTimeout);
    scalar(out, 'record', x.record, y.record);
    destination(out, 'on timeout', x.onTimeout, y.onTimeout);
    c.changed(queueLabel(y), out);
    if (!sameDestination(x.onTimeout, y.onTimeout))
      c.risk(
        'queue-exit-rerouted',
        `${queueLabel(y)}: callers who leave without an agent now go to ${destinationText(y.onTimeout)} (was ${destinationText(x.onTimeout)})`,
      );
  }
}
