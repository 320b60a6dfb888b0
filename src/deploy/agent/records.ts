import { join } from 'node:path';
import type { AgentConfig } from './config.js';
import { readJson, removeDurable, writeJsonDurable } from './durable.js';

/**
 * The agent's durable memory in stateDir, each file written atomically (fsync + rename):
 * - activated.json: the release the daemons were last really reloaded with (written only after every
 *   activation step succeeded). "Active" means this, never where a link points.
 * - intent.json: an activation or rollback in progress, written before anything on the node changes
 *   and removed when it is done. Every run first finishes or rolls back an open intent.
 * - attempt.json: the last failed attempt, so a refused bundle is not retried every minute and a
 *   transient fault is retried with backoff.
 */
export interface ReleaseRef {
  readonly version: string;
  /** sha256 of the bundle; absent only for a release adopted from an agent before intents. */
  readonly sha256?: string;
  /** Folder name under releases/. */
  readonly dir: string;
}

export interface Activated extends ReleaseRef {
  readonly at: string;
}

export type IntentStep = 'swap' | 'link' | 'activate' | 'commit' | 'rollback';

export interface Intent {
  readonly target: ReleaseRef & { readonly key: string };
  /** What was activated before (undefined on a first activation). */
  readonly from?: ReleaseRef;
  /** The activation plan, as logged (the steps are recomputed from the two trees). */
  readonly plan: string;
  readonly step: IntentStep;
  /** Why a rollback started (step rollback only). */
  readonly failure?: string;
  /** The failure that started the rollback was transient: the target is retried after backoff. */
  readonly transient?: boolean;
  readonly startedAt: string;
}

export interface Attempt {
  readonly version: string;
  readonly sha256: string;
  readonly reason: string;
  readonly message: string;
  /** A refusal of the bundle itself: not retried until another bundle is published (or --force). */
  readonly permanent: boolean;
  readonly failures: number;
  /** Transient faults: no new attempt before this time. */
  readonly retryAt?: string;
}

const file = (c: AgentConfig, name: string) => join(c.stateDir, name);
const isStr = (v: unknown): v is string => typeof v === 'string' && v !== '';
const DIR = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$/;

function ref(v: unknown): ReleaseRef | undefined {
  const r = v as Record<string, unknown> | undefined;
  if (!r || typeof r !== 'object' || !isStr(r.version) || !isStr(r.dir) || !DIR.test(r.dir)) return undefined;
  if (r.sha256 !== undefined && !isStr(r.sha256)) return undefined;
  return { version: r.version, dir: r.dir, ...(isStr(r.sha256) ? { sha256: r.sha256 } : {}) };
}

export function readActivated(c: AgentConfig): Activated | undefined {
  const v = readJson(file(c, 'activated.json')) as Record<string, unknown> | undefined;
  const r = ref(v);
  return r && isStr(v?.at) ? { ...r, at: v.at } : undefined;
}

export function writeActivated(c: AgentConfig, a: Activated): void {
  writeJsonDurable(file(c, 'activated.json'), a);
}

const STEPS: readonly IntentStep[] = ['swap', 'link', 'activate', 'commit', 'rollback'];

export function readIntent(c: AgentConfig): Intent | undefined {
  const v = readJson(file(c, 'intent.json')) as Record<string, unknown> | undefined;
  if (!v || typeof v !== 'object') return undefined;
  const target = ref(v.target);
  const key = (v.target as Record<string, unknown>)?.key;
  const from = v.from === undefined ? undefined : ref(v.from);
  if (!target?.sha256 || !isStr(key) || (v.from !== undefined && !from)) return undefined;
  if (!STEPS.includes(v.step as IntentStep) || !isStr(v.startedAt)) return undefined;
  return {
    target: { ...target, key },
    ...(from ? { from } : {}),
    plan: typeof v.plan === 'string' ? v.plan : '',
    step: v.step as IntentStep,
    ...(isStr(v.failure) ? { failure: v.failure } : {}),
    ...(v.transient === true ? { transient: true } : {}),
    startedAt: v.startedAt,
  };
}

export function writeIntent(c: AgentConfig, intent: Intent): void {
  writeJsonDurable(file(c, 'intent.json'), intent);
}

export function clearIntent(c: AgentConfig): void {
  removeDurable(file(c, 'intent.json'));
}

/** An intent file that exists but cannot be read is not ignored: the run stops with a state. */
export function intentUnreadable(c: AgentConfig): boolean {
  return readJson(file(c, 'intent.json')) !== undefined && readIntent(c) === undefined;
}

export function readAttempt(c: AgentConfig): Attempt | undefined {
  const v = readJson(file(c, 'attempt.json')) as Record<string, unknown> | undefined;
  if (!v || !isStr(v.version) || !isStr(v.sha256) || !isStr(v.reason) || typeof v.permanent !== 'boolean')
    return undefined;
  return {
    version: v.version,
    sha256: v.sha256,
    reason: v.reason,
    message: typeof v.message === 'string' ? v.message : '',
    permanent: v.permanent,
    failures: typeof v.failures === 'number' && v.failures > 0 ? Math.floor(v.failures) : 1,
    ...(isStr(v.retryAt) ? { retryAt: v.retryAt } : {}),
  };
}

export function writeAttempt(c: AgentConfig, a: Attempt): void {
  writeJsonDurable(file(c, 'attempt.json'), a);
}

export function clearAttempt(c: AgentConfig): void {
  removeDurable(file(c, 'attempt.json'));
}
