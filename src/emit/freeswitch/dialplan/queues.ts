// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here is FreeSWITCH variable syntax, not JavaScript.
import { agentName, type QueueModel, queueName } from '../../../model/queue.js';
import type { TenantModel } from '../../../model/types.js';
import { QUEUE_LIMIT_REALM } from '../callcenter.js';
import { fsText } from '../fs-text.js';
import type { XmlElement } from '../xml.js';
import { action, antiAction, cond, dest, ext } from './dp.js';
import { goTo } from './targets.js';

/** The helper number a caller is sent to when the queue is full (max_callers). */
export function queueFullTarget(q: QueueModel): string {
  return `pbxc-queue-full-${q.number}`;
}

/** The queue's resource in QUEUE_LIMIT_REALM: `hash <realm> <queue>`. */
function limitKey(tenant: TenantModel, q: QueueModel): string {
  return `hash ${QUEUE_LIMIT_REALM} ${queueName(tenant.domain, q)}`;
}

/** Where a caller who leaves without an agent goes: on_timeout, else the call ends. */
function exit(tenant: TenantModel, q: QueueModel): XmlElement {
  return q.onTimeout ? goTo(tenant, q.onTimeout) : action('hangup', 'NORMAL_CLEARING');
}

/**
 * A queue's number: the caller takes a place in the queue's count (mod_hash limit; over
 * max_callers → the full target), optionally hears their position, and waits in mod_callcenter.
 * The callcenter application returns only when the caller leaves without an agent (max_wait,
 * no_agent_timeout): after an agent's call the channel hangs up (hangup_after_bridge). Then the
 * place is given back and the caller goes to on_timeout.
 */
export function queueExtensions(tenant: TenantModel, q: QueueModel): XmlElement[] {
  const name = queueName(tenant.domain, q);
  const max = q.maxCallers ?? -1;
  const full = queueFullTarget(q);
  const main = ext(`queue-${q.number}`, [
    dest(q.number, [
      action('answer'),
      action('set', 'hangup_after_bridge=true'),
      // What the agent's phone shows before the caller's name: which queue the call comes from.
      action('set', `cc_outbound_cid_name_prefix=[${fsText(q.name).replace(/[[\]]/g, '')}] `),
      action('limit', `${limitKey(tenant, q)} ${max} ${full} XML ${tenant.context}`),
      ...(q.announcePosition
        ? [
            action('sleep', '500'),
            action('playback', 'ivr/ivr-you_are_number.wav'),
            action('say', `${tenant.language} number pronounced \${limit_usage(${limitKey(tenant, q)})}`),
          ]
        : []),
      action('callcenter', name),
      action('set', `pbxc_queue_left=\${uuid_limit_release(\${uuid} ${limitKey(tenant, q)})}`),
      exit(tenant, q),
    ]),
  ]);
  if (q.maxCallers === undefined) return [main];
  return [main, ext(`queue-full-${q.number}`, [dest(full, [exit(tenant, q)])])];
}

/** Only phones of this tenant (authenticated against its directory) change their own agent state. */
const CALLER = cond('${pbxc_extension}', '^[a-z0-9]+$');
const ACK_TONE = 'tone_stream://%(200,100,880);%(200,0,1320)';
const ERROR_TONE = 'tone_stream://%(500,100,300,200)';

/** The agent states the feature codes set, and the BLF state a phone watching agent+<ext> shows. */
const AGENT_CODES = [
  { code: 'queue_login', status: 'Available', name: 'login', lit: true },
  { code: 'queue_logout', status: 'Logged Out', name: 'logout', lit: false },
  { code: 'queue_break', status: 'On Break', name: 'break', lit: false },
] as const;

/**
 * The BLF of an agent's log-in state: a PRESENCE_IN event for `agent+<extension>@<domain>` (the
 * address a phone's BLF key subscribes to), confirmed (lit) while logged in and available.
 */
export function agentPresence(tenant: TenantModel, lit: boolean, status: string): XmlElement {
  return action(
    'event',
    [
      'Event-Name=PRESENCE_IN',
      'proto=agent',
      `from=agent+\${pbxc_extension}@${tenant.domain}`,
      `login=agent+\${pbxc_extension}@${tenant.domain}`,
      `status=${status}`,
      'rpid=unknown',
      'event_type=presence',
      'alt_event_type=dialog',
      'event_count=1',
      `unique-id=agent-\${pbxc_extension}-${tenant.id}`,
      'Presence-Call-Direction=outbound',
      `answer-state=${lit ? 'confirmed' : 'terminated'}`,
    ].join(','),
  );
}

/**
 * The agent feature codes: the caller's extension (authenticated) becomes Available, Logged Out or
 * On Break in mod_callcenter, for every queue that lists it. An extension that is no agent hears
 * the error tone.
 */
export function agentFeatureExtensions(tenant: TenantModel): XmlElement[] {
  if (tenant.queues.length === 0) return [];
  const agent = agentName(tenant.domain, '${pbxc_extension}');
  return AGENT_CODES.map(({ code, status, name, lit }) =>
    ext(`feature-queue-${name}`, [
      CALLER,
      dest(tenant.featureCodes[code], [
        action('answer'),
        // Inline: the condition below reads the answer while the extension is still being hunted.
        action('set', `pbxc_agent_result=\${callcenter_config(agent set status ${agent} '${status}')}`, true),
      ]),
      // mod_callcenter answers "-ERR Invalid Agent!" for an extension no queue lists.
      cond('${pbxc_agent_result}', '^\\+OK', [
        agentPresence(tenant, lit, status === 'Available' ? 'Logged in' : status),
        action('playback', ACK_TONE),
        action('hangup'),
        antiAction('playback', ERROR_TONE),
        antiAction('hangup'),
      ]),
    ]),
  );
}

/** Every queue-related extension of the tenant context. */
export function tenantQueueExtensions(tenant: TenantModel): XmlElement[] {
  return [...agentFeatureExtensions(tenant), ...tenant.queues.flatMap((q) => queueExtensions(tenant, q))];
}
