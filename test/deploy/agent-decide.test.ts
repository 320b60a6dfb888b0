import { describe, expect, it } from 'vitest';
import {
  type ActivationFailureKind,
  activationFailure,
  backoffSeconds,
  type Next,
  nextAttempt,
  nextStep,
  type PointerRead,
  recoverIntent,
  releaseFolder,
} from '../../src/deploy/agent/decide.js';
import type { Attempt, Intent } from '../../src/deploy/agent/records.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const C = 'c'.repeat(64);
const ptr = (sha: string): PointerRead => ({
  ok: true,
  pointer: { version: sha.slice(0, 12), key: `bundles/${sha}.tar.gz`, sha256: sha },
});
const act = (sha: string | undefined, version = (sha ?? A).slice(0, 12)) => ({
  version,
  dir: version,
  ...(sha ? { sha256: sha } : {}),
});
const now = new Date('2026-12-06T04:00:00Z');
const attempt = (sha: string, permanent: boolean, retryAt?: string): Attempt => ({
  version: sha.slice(0, 12),
  sha256: sha,
  reason: permanent ? 'CheckFailed' : 'FetchFailed',
  message: 'x',
  permanent,
  failures: 2,
  ...(retryAt ? { retryAt } : {}),
});

describe('nextStep: pointer × activated × last attempt × --force', () => {
  const cases: [string, Parameters<typeof nextStep>[0], Next['do'], string?][] = [
    [
      'same version and digest',
      { pointer: ptr(A), activated: act(A), attempt: undefined, force: false, now },
      'upToDate',
    ],
    [
      'same version and digest, --force',
      { pointer: ptr(A), activated: act(A), attempt: undefined, force: true, now },
      'install',
    ],
    [
      'nothing activated yet',
      { pointer: ptr(A), activated: undefined, attempt: undefined, force: false, now },
      'install',
    ],
    [
      'another version',
      { pointer: ptr(B), activated: act(A), attempt: undefined, force: false, now },
      'install',
    ],
    [
      'the active version with another sha256',
      {
        pointer: {
          ok: true,
          pointer: { version: A.slice(0, 12), key: 'k', sha256: `${A.slice(0, 12)}${C.slice(12)}` },
        },
        activated: act(A),
        attempt: undefined,
        force: false,
        now,
      },
      'fail',
      'PointerMismatch',
    ],
    [
      'the active version with another sha256, even with --force',
      {
        pointer: {
          ok: true,
          pointer: { version: A.slice(0, 12), key: 'k', sha256: `${A.slice(0, 12)}${C.slice(12)}` },
        },
        activated: act(A),
        attempt: undefined,
        force: true,
        now,
      },
      'fail',
      'PointerMismatch',
    ],
    [
      'a version that is not its digest',
      {
        pointer: { ok: true, pointer: { version: A.slice(0, 12), key: 'k', sha256: B } },
        activated: act(C),
        attempt: undefined,
        force: false,
        now,
      },
      'fail',
      'PointerMismatch',
    ],
    [
      'an adopted release (no digest) of the same version',
      { pointer: ptr(A), activated: act(undefined, A.slice(0, 12)), attempt: undefined, force: false, now },
      'install',
    ],
    [
      'refused before',
      { pointer: ptr(B), activated: act(A), attempt: attempt(B, true), force: false, now },
      'wait',
      'CheckFailed',
    ],
    [
      'refused before, --force',
      { pointer: ptr(B), activated: act(A), attempt: attempt(B, true), force: true, now },
      'install',
    ],
    [
      'refused an older bundle',
      { pointer: ptr(B), activated: act(A), attempt: attempt(C, true), force: false, now },
      'install',
    ],
    [
      'transient, backoff not over',
      {
        pointer: ptr(B),
        activated: act(A),
        attempt: attempt(B, false, '2026-12-06T04:02:00Z'),
        force: false,
        now,
      },
      'wait',
      'FetchFailed',
    ],
    [
      'transient, backoff over',
      {
        pointer: ptr(B),
        activated: act(A),
        attempt: attempt(B, false, '2026-12-06T03:59:00Z'),
        force: false,
        now,
      },
      'install',
    ],
    [
      'a first activation that failed stays failed',
      {
        pointer: ptr(A),
        activated: undefined,
        attempt: { ...attempt(A, true), reason: 'ActivateFailed' },
        force: false,
        now,
      },
      'wait',
      'ActivateFailed',
    ],
    [
      'the pointer cannot be read (network)',
      {
        pointer: { ok: false, transient: true, message: 'm' },
        activated: act(A),
        attempt: undefined,
        force: false,
        now,
      },
      'fail',
      'FetchFailed',
    ],
    [
      'the pointer is garbage',
      {
        pointer: { ok: false, transient: false, message: 'm' },
        activated: act(A),
        attempt: undefined,
        force: false,
        now,
      },
      'fail',
      'PointerInvalid',
    ],
  ];
  it.each(cases)('%s → %s', (_name, input, want, reason) => {
    const next = nextStep(input);
    expect(next.do).toBe(want);
    if (reason) expect((next as { reason: string }).reason).toBe(reason);
  });

  it('a transient failure is remembered with a growing backoff, a refusal without one', () => {
    const f = { version: 'v', sha256: B, reason: 'FetchFailed', message: 'm', permanent: false };
    const one = nextAttempt(undefined, f, now);
    const two = nextAttempt(one, f, now);
    expect([one.failures, two.failures]).toEqual([1, 2]);
    expect(Date.parse(two.retryAt!) - now.getTime()).toBe(120_000);
    expect(nextAttempt(two, { ...f, sha256: C }, now).failures).toBe(1);
    expect(nextAttempt(undefined, { ...f, permanent: true }, now).retryAt).toBeUndefined();
    expect([1, 2, 3, 7, 50].map(backoffSeconds)).toEqual([60, 120, 240, 3600, 3600]);
  });
});

describe('recoverIntent: an interrupted run', () => {
  const intent = (step: Intent['step']): Intent => ({
    target: { version: 'b', sha256: B, key: 'k', dir: 'b' },
    from: { version: 'a', sha256: A, dir: 'a' },
    plan: '',
    step,
    startedAt: 't',
  });
  it.each([
    ['no intent', undefined, true, 'none'],
    ['killed before the swap', intent('swap'), true, 'resume'],
    ['killed while linking', intent('link'), true, 'resume'],
    ['killed while activating', intent('activate'), true, 'resume'],
    ['killed after activating, before recording it', intent('commit'), true, 'resume'],
    ['killed during a rollback', intent('rollback'), true, 'rollback'],
    ['the target release is damaged', intent('activate'), false, 'rollback'],
  ] as const)('%s → %s', (_name, i, intact, want) => {
    expect(recoverIntent(i, intact)).toBe(want);
  });
});

describe('releaseFolder: never the live one', () => {
  it.each([
    ['a new version', 'b', [], [], 'b'],
    ['a stale folder of the version (not live) is replaced', 'b', [], ['b'], 'b'],
    ['--force of the live version gets a fresh folder', 'a', ['a'], ['a'], 'a+1'],
    ['and the next one after that', 'a', ['a+1'], ['a', 'a+1'], 'a'],
    ['skips taken names', 'a', ['a'], ['a', 'a+1'], 'a+2'],
  ] as const)('%s', (_name, v, inUse, existing, want) => {
    expect(releaseFolder(v, new Set(inUse), new Set(existing))).toBe(want);
  });
});

describe('activationFailure: a fault of the moment is retried, a refusal of the configuration is not', () => {
  it.each([
    [
      'the event socket refused the connection / timed out / closed',
      'eventSocketUnreachable',
      'transient',
      'ActivateRetrying',
    ],
    ['FreeSWITCH started but did not answer in time', 'notAnswering', 'transient', 'ActivateRetrying'],
    [
      'nft / nginx / fail2ban killed by a signal or its timeout',
      'toolKilled',
      'transient',
      'ActivateRetrying',
    ],
    ['FreeSWITCH answered -ERR / Invalid / [Failure]', 'freeswitchRefused', 'permanent', 'ActivateFailed'],
    ['both event socket passwords refused', 'eventSocketPassword', 'permanent', 'ActivateFailed'],
    ['a profile or gateway did not come up', 'notRunning', 'permanent', 'ActivateFailed'],
    ['a tool exited non-zero', 'toolFailed', 'permanent', 'ActivateFailed'],
  ] as const)('%s → %s %s', (_name, kind: ActivationFailureKind, record, reason) => {
    expect(activationFailure(kind)).toEqual({ record, reason });
  });

  it('a transient activation failure is retried after backoff without --force; a refusal waits', () => {
    const failed = (permanent: boolean) =>
      nextAttempt(
        undefined,
        {
          version: B.slice(0, 12),
          sha256: B,
          reason: permanent ? 'ActivateFailed' : 'ActivateRetrying',
          message: 'm',
          permanent,
        },
        now,
      );
    const at = (a: Attempt, minutes: number) =>
      nextStep({
        pointer: ptr(B),
        activated: act(A),
        attempt: a,
        force: false,
        now: new Date(now.getTime() + minutes * 60_000),
      });
    const transient = failed(false);
    expect(transient.retryAt).toBe('2026-12-06T04:01:00.000Z');
    expect(at(transient, 0)).toMatchObject({ do: 'wait', reason: 'ActivateRetrying' });
    expect(at(transient, 1)).toMatchObject({ do: 'install' });
    const refused = failed(true);
    expect(at(refused, 600)).toMatchObject({ do: 'wait', reason: 'ActivateFailed' });
  });
});
