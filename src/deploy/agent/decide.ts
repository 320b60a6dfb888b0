import type { BundlePointer } from '../../model/deploy-names.js';
import type { Attempt, Intent, ReleaseRef } from './records.js';

/**
 * The agent's decisions, pure: (durable records, observed state) → the next step. The shell
 * (reconcile.ts) only observes, asks, and does. Tested by tables in test/deploy/agent-decide.test.ts.
 */

/** What to do with an intent left open by an interrupted run. */
export type Recovery = 'none' | 'resume' | 'rollback';

/**
 * An open intent is finished forward when its target release is intact on disk (every step is safe
 * to repeat), rolled back when a rollback had started or the target can no longer be used.
 */
export function recoverIntent(intent: Intent | undefined, targetIntact: boolean): Recovery {
  if (!intent) return 'none';
  if (intent.step === 'rollback' || !targetIntact) return 'rollback';
  return 'resume';
}

export type PointerRead =
  | { readonly ok: true; readonly pointer: BundlePointer }
  | { readonly ok: false; readonly transient: boolean; readonly message: string };

export type Next =
  | { readonly do: 'upToDate' }
  | { readonly do: 'install'; readonly pointer: BundlePointer; readonly reinstall: boolean }
  | {
      readonly do: 'fail';
      readonly reason: string;
      readonly message: string;
      /** Record the failure for backoff (transient) or as a refusal (permanent). */
      readonly record?: 'transient' | 'permanent';
    }
  | { readonly do: 'wait'; readonly reason: string; readonly message: string };

/** Backoff after the n-th consecutive transient failure: 1, 2, 4 … minutes, at most an hour. */
export function backoffSeconds(failures: number): number {
  return Math.min(60 * 2 ** Math.max(0, failures - 1), 3600);
}

/** The next attempt's memory after a failure (pure). */
export function nextAttempt(
  previous: Attempt | undefined,
  failed: { version: string; sha256: string; reason: string; message: string; permanent: boolean },
  now: Date,
): Attempt {
  const same = previous?.version === failed.version && previous.sha256 === failed.sha256;
  const failures = same ? previous.failures + 1 : 1;
  return {
    ...failed,
    failures,
    ...(failed.permanent
      ? {}
      : { retryAt: new Date(now.getTime() + backoffSeconds(failures) * 1000).toISOString() }),
  };
}

/**
 * What a run does once no intent is open: compares the published pointer with what was activated
 * (version AND digest), and the last failed attempt.
 */
export function nextStep(input: {
  readonly pointer: PointerRead;
  readonly activated: ReleaseRef | undefined;
  readonly attempt: Attempt | undefined;
  readonly force: boolean;
  readonly now: Date;
}): Next {
  const { pointer: read, activated, attempt, force, now } = input;
  if (!read.ok) {
    return read.transient
      ? { do: 'fail', reason: 'FetchFailed', message: read.message, record: 'transient' }
      : { do: 'fail', reason: 'PointerInvalid', message: read.message };
  }
  const p = read.pointer;
  if (p.sha256.slice(0, p.version.length) !== p.version) {
    return {
      do: 'fail',
      reason: 'PointerMismatch',
      message: `the pointer's version ${p.version} is not its sha256's prefix (${p.sha256.slice(0, 12)}): refused`,
    };
  }
  const sameVersion = activated?.version === p.version;
  if (sameVersion && activated?.sha256 !== undefined && activated.sha256 !== p.sha256) {
    return {
      do: 'fail',
      reason: 'PointerMismatch',
      message: `the pointer names the active version ${p.version} with another sha256 (${p.sha256.slice(0, 16)}…, activated ${activated.sha256.slice(0, 16)}…): refused`,
    };
  }
  if (sameVersion && activated?.sha256 === p.sha256 && !force) return { do: 'upToDate' };
  const sameAttempt = attempt?.version === p.version && attempt.sha256 === p.sha256;
  if (sameAttempt && !force) {
    if (attempt.permanent) {
      return {
        do: 'wait',
        reason: attempt.reason,
        message: `${attempt.message} (${p.version} failed before; not retried: publish another version or run with --force)`,
      };
    }
    if (attempt.retryAt && now.getTime() < Date.parse(attempt.retryAt)) {
      return {
        do: 'wait',
        reason: attempt.reason,
        message: `${attempt.message} (attempt ${attempt.failures} failed; retried after ${attempt.retryAt})`,
      };
    }
  }
  // An adopted release (no digest on record) of the same version is installed again, verified.
  return { do: 'install', pointer: p, reinstall: sameVersion };
}

/**
 * Why an activation step failed, as the shell observed it. Only the kind decides what happens next:
 * - eventSocketUnreachable: connect refused, no answer in time, the socket closed (FreeSWITCH
 *   restarting, stopped, overloaded): transient.
 * - notAnswering: FreeSWITCH started but did not answer within freeswitchStartTimeout: transient.
 * - toolKilled: nft/nginx/fail2ban killed by a signal or its timeout: transient.
 * - freeswitchRefused: FreeSWITCH answered and refused (-ERR, Invalid, [Failure]): permanent.
 * - eventSocketPassword: both trees' passwords refused: permanent (a configuration problem).
 * - notRunning: a profile or gateway did not come up as the configuration asked: permanent.
 * - toolFailed: a tool ran and exited non-zero: permanent.
 */
export type ActivationFailureKind =
  | 'eventSocketUnreachable'
  | 'notAnswering'
  | 'toolKilled'
  | 'freeswitchRefused'
  | 'eventSocketPassword'
  | 'notRunning'
  | 'toolFailed';

const TRANSIENT_ACTIVATION: ReadonlySet<ActivationFailureKind> = new Set([
  'eventSocketUnreachable',
  'notAnswering',
  'toolKilled',
]);

/**
 * How a failed activation (already rolled back, or a first activation with nothing to restore) is
 * remembered: a transient fault is retried after backoff with its own reason (ActivateRetrying); a
 * refusal of the configuration stays ActivateFailed, not retried until a new publish or --force.
 */
export function activationFailure(kind: ActivationFailureKind): ActivationOutcome {
  return ACTIVATION_OUTCOME[TRANSIENT_ACTIVATION.has(kind) ? 'transient' : 'permanent'];
}

export interface ActivationOutcome {
  readonly record: 'transient' | 'permanent';
  readonly reason: 'ActivateRetrying' | 'ActivateFailed';
}

/** The outcome of a failed activation by its record (a resumed rollback knows only that). */
export const ACTIVATION_OUTCOME: Readonly<Record<'transient' | 'permanent', ActivationOutcome>> = {
  transient: { record: 'transient', reason: 'ActivateRetrying' },
  permanent: { record: 'permanent', reason: 'ActivateFailed' },
};

/** Folder for a new release: the version, or version+n when that folder is live or in use. */
export function releaseFolder(
  version: string,
  inUse: ReadonlySet<string>,
  existing: ReadonlySet<string>,
): string {
  if (!inUse.has(version)) return version;
  for (let n = 1; ; n++) {
    const name = `${version}+${n}`;
    if (!inUse.has(name) && !existing.has(name)) return name;
  }
}
