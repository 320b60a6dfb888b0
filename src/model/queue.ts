import type { JsonPath } from '../load/source-file.js';
import type { Queue as QueueSpec } from '../schema/types.gen.js';
import { sortBy } from '../util/text.js';
import { toDestination } from './destination.js';
import type { Destination, Origin } from './types.js';

/** mod_callcenter's strategies, as the spec names them (the same words FreeSWITCH reads). */
export type QueueStrategy = NonNullable<QueueSpec['strategy']>;

export const QUEUE_DEFAULTS = {
  strategy: 'longest-idle-agent' as QueueStrategy,
  /** Seconds: FusionPBX's default, time to note the call before the next one. */
  wrapUp: 10,
  /** Seconds an agent rings before the caller is offered to the next agent. */
  agentTimeout: 20,
  announceEvery: 60,
} as const;

/** What waiting callers hear: the platform's music, the ringback tone, silence, or one sound file. */
export type QueueMusic =
  | { readonly kind: 'default' }
  | { readonly kind: 'ringback' }
  | { readonly kind: 'silence' }
  | { readonly kind: 'file'; readonly path: string };

export interface QueueAgentModel {
  readonly extension: string;
  readonly level: number;
  readonly position: number;
  readonly origin: Origin;
}

export interface QueueModel {
  readonly number: string;
  readonly name: string;
  readonly strategy: QueueStrategy;
  /** By level, then position, then extension (the order mod_callcenter offers them in). */
  readonly agents: readonly QueueAgentModel[];
  readonly music: QueueMusic;
  readonly announcement?: { readonly sound: string; readonly every: number };
  readonly announcePosition: boolean;
  /** Seconds; 0: no limit. */
  readonly maxWait: number;
  readonly onTimeout?: Destination;
  readonly maxCallers?: number;
  readonly wrapUp: number;
  readonly agentTimeout: number;
  /** Seconds; 0: callers wait even when no agent is logged in. */
  readonly noAgentTimeout: number;
  readonly record: boolean;
  readonly origin: Origin;
}

export function queueMusic(text: string | undefined): QueueMusic {
  if (text === undefined || text === 'default') return { kind: 'default' };
  if (text === 'ringback' || text === 'silence') return { kind: text };
  return { kind: 'file', path: text };
}

/**
 * mod_callcenter's names are global on a node that serves many tenants: a queue is
 * `<number>@<domain>`, an agent `<extension>@<domain>` (one agent per extension, shared by its
 * queues). The domain is the tenant's domain in the environment being built.
 */
export function queueName(domain: string, q: { readonly number: string }): string {
  return `${q.number}@${domain}`;
}

export function agentName(domain: string, extension: string): string {
  return `${extension}@${domain}`;
}

export function buildQueues(specs: readonly QueueSpec[], locate: (path: JsonPath) => Origin): QueueModel[] {
  const queues = specs.map((q, i): QueueModel => {
    const agents = q.agents.map((a, j) => ({
      extension: a.extension,
      level: a.level ?? 1,
      position: a.position ?? 1,
      origin: locate(['queues', i, 'agents', j]),
    }));
    return {
      number: q.number,
      name: q.name,
      strategy: q.strategy ?? QUEUE_DEFAULTS.strategy,
      agents: [...agents].sort(
        (a, b) => a.level - b.level || a.position - b.position || (a.extension < b.extension ? -1 : 1),
      ),
      music: queueMusic(q.music_on_hold),
      ...(q.announcement
        ? {
            announcement: {
              sound: q.announcement.sound,
              every: q.announcement.every ?? QUEUE_DEFAULTS.announceEvery,
            },
          }
        : {}),
      announcePosition: q.announce_position ?? false,
      maxWait: q.max_wait ?? 0,
      ...(q.on_timeout ? { onTimeout: toDestination(q.on_timeout) } : {}),
      ...(q.max_callers !== undefined ? { maxCallers: q.max_callers } : {}),
      wrapUp: q.wrap_up ?? QUEUE_DEFAULTS.wrapUp,
      agentTimeout: q.agent_timeout ?? QUEUE_DEFAULTS.agentTimeout,
      noAgentTimeout: q.no_agent_timeout ?? 0,
      record: q.record ?? false,
      origin: locate(['queues', i]),
    };
  });
  return sortBy(queues, (q) => q.number);
}
