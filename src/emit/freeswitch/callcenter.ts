// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here is FreeSWITCH variable syntax, not JavaScript.
import { agentName, type QueueModel, queueName } from '../../model/queue.js';
import type { Model, TenantModel } from '../../model/types.js';
import type { EmitContext } from '../target.js';
import { dbInclude } from './database.js';
import { ringbackTone } from './locale.js';
import { configuration, el, param, renderXml, type XmlElement } from './xml.js';

/**
 * mod_callcenter configuration (callcenter.conf.xml): every tenant's queues, their agents and tiers.
 *
 * Names are global on the node, so a queue is `<number>@<domain>` and an agent `<extension>@<domain>`
 * (model/queue.ts). An agent is the extension itself: one per extension, shared by all its queues,
 * so one log-in, log-out or break (the feature codes) counts for every queue that lists it.
 *
 * State: mod_callcenter keeps agents, tiers and waiting callers in a database. On a node with
 * PostgreSQL (PBXC_DB_HOST, database.ts) the `odbc-dsn` fragment points it at the same database as
 * the core, so an agent's log-in survives a restart and a take-over; otherwise its own SQLite file.
 * Agents carry no `status` attribute: mod_callcenter would reset everybody's log-in to it at every
 * load. A new agent starts "Logged Out". Tiers are rebuilt from this file at every load
 * (truncate-tiers-on-load), so an agent removed from a queue is never offered its calls again.
 */

export function usesCallcenter(model: Model): boolean {
  return model.tenants.some((t) => t.queues.length > 0);
}

/**
 * mod_hash's limit realm that counts the callers waiting in each queue (resource: the queue's name):
 * a caller takes a place on arrival (max_callers, or only counting), gives it back when an agent
 * answers or when leaving the queue. The count is the caller's position and enforces max_callers.
 */
export const QUEUE_LIMIT_REALM = 'pbxc-queue';

/** Seconds an agent waits before being offered again after rejecting, being busy, not answering. */
export const AGENT_DELAYS = { reject: 10, busy: 30, noAnswer: 10 } as const;

/**
 * What mod_callcenter plays to waiting callers. `default` is the caller's channel variable
 * hold_music, which mod_callcenter expands on the waiting caller's channel: the tenant's
 * music_on_hold (set for every call of the tenant context), else the platform's. The preprocessor
 * form `$${hold_music}` would be fixed at load to the platform's music for every tenant.
 */
export function mohSound(tenant: TenantModel, q: QueueModel): string {
  switch (q.music.kind) {
    case 'default':
      return '${hold_music}';
    case 'ringback':
      return `tone_stream://${ringbackTone(tenant)};loops=-1`;
    case 'silence':
      return 'silence_stream://-1';
    case 'file':
      // Relative to the sounds folder, like IVR greetings (the schema forbids ".." and "/" first).
      return q.music.path;
  }
}

function queueElement(tenant: TenantModel, q: QueueModel): XmlElement {
  return el('queue', { name: queueName(tenant.domain, q) }, [
    param('strategy', q.strategy),
    param('moh-sound', mohSound(tenant, q)),
    ...(q.announcement
      ? [param('announce-sound', q.announcement.sound), param('announce-frequency', q.announcement.every)]
      : []),
    ...(q.record
      ? [
          param(
            'record-template',
            `$\${recordings_dir}/${tenant.domain}/\${strftime(%Y-%m-%d)}/\${uuid}-queue-${q.number}.wav`,
          ),
        ]
      : []),
    // The wait counts from when the call reached the switch: a caller sent on by an IVR or another
    // queue keeps their place ahead of later callers.
    param('time-base-score', 'system'),
    param('max-wait-time', q.maxWait),
    param('max-wait-time-with-no-agent', q.noAgentTimeout),
    // Checked as "no agent for no_agent_timeout s and the caller waited that long plus 1 s": a
    // caller arriving at a queue that has long had no agent still waits about no_agent_timeout s.
    param('max-wait-time-with-no-agent-time-reached', q.noAgentTimeout > 0 ? 1 : 0),
    param('tier-rules-apply', 'false'),
    param('discard-abandoned-after', 60),
    param('abandoned-resume-allowed', 'false'),
    // An agent busy on another call (not from the queue) is skipped.
    param('skip-agents-with-external-calls', 'true'),
  ]);
}

/** The agents of a tenant: each extension once, with the longest wrap-up and ring time of its queues. */
export function tenantAgents(tenant: TenantModel): { extension: string; wrapUp: number; timeout: number }[] {
  const byExt = new Map<string, { extension: string; wrapUp: number; timeout: number }>();
  for (const q of tenant.queues) {
    for (const a of q.agents) {
      const seen = byExt.get(a.extension);
      byExt.set(a.extension, {
        extension: a.extension,
        wrapUp: Math.max(seen?.wrapUp ?? 0, q.wrapUp),
        timeout: Math.max(seen?.timeout ?? 0, q.agentTimeout),
      });
    }
  }
  return [...byExt.values()].sort((a, b) => (a.extension < b.extension ? -1 : 1));
}

/**
 * How mod_callcenter calls an agent: the extension's own dial string (`user/`), which rings every
 * phone registered to it, for `timeout` seconds. The contact is expanded on the waiting caller's
 * channel (`${uuid}` is the caller, `${cc_queue}` the queue): when the agent answers, the caller's
 * place in the queue's count of waiting callers (QUEUE_LIMIT_REALM) is given back.
 */
export function agentContact(tenant: TenantModel, agent: { extension: string; timeout: number }): string {
  const vars = [
    `leg_timeout=${agent.timeout}`,
    `api_on_answer=uuid_limit_release \${uuid} hash ${QUEUE_LIMIT_REALM} \${cc_queue}`,
  ];
  return `[${vars.join(',')}]user/${agent.extension}@${tenant.domain}`;
}

export function callcenterConf(ctx: EmitContext): string {
  const tenants = ctx.model.tenants.filter((t) => t.queues.length > 0);
  const queues = tenants.flatMap((t) => t.queues.map((q) => queueElement(t, q)));
  const agents = tenants.flatMap((t) =>
    tenantAgents(t).map((a) =>
      el('agent', {
        name: agentName(t.domain, a.extension),
        type: 'callback',
        contact: agentContact(t, a),
        'max-no-answer': 0,
        'wrap-up-time': a.wrapUp,
        'reject-delay-time': AGENT_DELAYS.reject,
        'busy-delay-time': AGENT_DELAYS.busy,
        'no-answer-delay-time': AGENT_DELAYS.noAnswer,
      }),
    ),
  );
  const tiers = tenants.flatMap((t) =>
    t.queues.flatMap((q) =>
      q.agents.map((a) =>
        el('tier', {
          agent: agentName(t.domain, a.extension),
          queue: queueName(t.domain, q),
          level: a.level,
          position: a.position,
        }),
      ),
    ),
  );
  return renderXml(
    configuration('callcenter', 'pbxc call queues', [
      el('settings', {}, [
        dbInclude('callcenter'),
        // Waiting callers are this node's own: a standby starting up must not mark the active
        // node's callers abandoned, so each node has its own instance id.
        param('cc-instance-id', '$${hostname}'),
        param('truncate-tiers-on-load', 'true'),
        param('truncate-agents-on-load', 'false'),
      ]),
      el('queues', {}, queues),
      el('agents', {}, agents),
      el('tiers', {}, tiers),
    ]),
  );
}
