import { each } from '../bind/symbols.js';
import { diag } from '../diag/diagnostic.js';
import { QUEUE_DEFAULTS } from '../model/queue.js';
import type { Queue } from '../schema/types.gen.js';
import { otherKindHint } from './refs.js';
import type { Rule } from './rule.js';
import { firstHere, firstText, isMissing, tenantsWith } from './scope.js';

/** Agents are extensions of the same tenant, each listed once per queue. */
export const queueAgents: Rule = {
  name: 'queue-agents',
  check(ctx) {
    for (const scope of tenantsWith(ctx.bound, 'queues')) {
      for (const [q, i] of each(scope, 'queues')) {
        const seen = new Map<string, number>();
        (q.agents ?? []).forEach((agent, j) => {
          if (!agent || typeof agent !== 'object' || agent.extension === undefined) return;
          const at = scope.locate(['queues', i, 'agents', j, 'extension']);
          const earlier = seen.get(agent.extension);
          if (earlier !== undefined) {
            const first = scope.locate(['queues', i, 'agents', earlier, 'extension']);
            ctx.report(
              diag(
                'PBX3601',
                { queue: q.number, agent: agent.extension, tenant: scope.id, first: firstText(first, at) },
                at,
                firstHere(first, `agent ${agent.extension} first listed here`),
              ),
            );
            return;
          }
          seen.set(agent.extension, j);
          if (isMissing(scope, 'extensions', agent.extension))
            ctx.report(
              diag(
                'PBX3600',
                {
                  queue: q.number,
                  agent: agent.extension,
                  tenant: scope.id,
                  hint: otherKindHint(scope, 'extensions', agent.extension),
                },
                at,
              ),
            );
        });
      }
    }
  },
};

/** Why a caller can leave the queue without an agent ("max_wait 300 s, max_callers 5"), or "". */
export function exitReasons(q: Queue): string {
  return [
    ...(q.max_wait ? [`max_wait ${q.max_wait} s`] : []),
    ...(q.no_agent_timeout ? [`no_agent_timeout ${q.no_agent_timeout} s`] : []),
    ...(q.max_callers !== undefined ? [`max_callers ${q.max_callers}`] : []),
  ].join(', ');
}

/**
 * The exit: on_timeout leads somewhere else than the queue itself, is used when set, and is set
 * when callers can leave; an agent must be able to ring out before the wait ends.
 */
export const queueExit: Rule = {
  name: 'queue-exit',
  check(ctx) {
    for (const scope of tenantsWith(ctx.bound, 'queues')) {
      for (const [q, i] of each(scope, 'queues')) {
        const args = { queue: q.number, tenant: scope.id };
        const why = exitReasons(q);
        if (q.on_timeout?.queue !== undefined && q.on_timeout.queue === q.number)
          ctx.report(diag('PBX3602', args, scope.locate(['queues', i, 'on_timeout', 'queue'])));
        else if (q.on_timeout && why === '')
          ctx.report(
            diag(
              'PBX3603',
              { ...args, why: 'no max_wait, no_agent_timeout or max_callers' },
              scope.locate(['queues', i, 'on_timeout']),
            ),
          );
        if (!q.on_timeout && why !== '')
          ctx.report(diag('PBX3604', { ...args, why }, scope.locate(['queues', i, 'number'])));
        const agentTimeout = q.agent_timeout ?? QUEUE_DEFAULTS.agentTimeout;
        if (q.max_wait && agentTimeout >= q.max_wait)
          ctx.report(
            diag(
              'PBX3605',
              { ...args, agentTimeout, maxWait: q.max_wait },
              scope.locate(['queues', i, q.agent_timeout !== undefined ? 'agent_timeout' : 'max_wait']),
            ),
          );
      }
    }
  },
};

export const QUEUE_RULES: readonly Rule[] = [queueAgents, queueExit];
