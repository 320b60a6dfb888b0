import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type BundlePointer, parseBundlePointer } from '../../model/deploy-names.js';
import { TLS_RENEWED_MARKER } from '../bootstrap/cert-hook.js';
import { type ActivationPlan, classify } from '../classify.js';
import { profileParts } from '../sofia-profile.js';
import type { NodeState } from '../status-view.js';
import { ensureNodeCertificate, type Probe } from './acme.js';
import { activate, type Esl, failureKind, type Log } from './activate.js';
import { coverageSummary } from './cert-plan.js';
import { checkRelease } from './checks.js';
import { removeLeftovers } from './cleanup.js';
import type { AgentConfig } from './config.js';
import {
  ACTIVATION_OUTCOME,
  activationFailure,
  nextAttempt,
  nextStep,
  type PointerRead,
  recoverIntent,
  releaseFolder,
} from './decide.js';
import { eventSocketApi, eventSocketTarget } from './event-socket.js';
import { acquireLock } from './lock.js';
import {
  type Activated,
  clearAttempt,
  clearIntent,
  type Intent,
  intentUnreadable,
  readActivated,
  readAttempt,
  readIntent,
  writeActivated,
  writeAttempt,
  writeIntent,
} from './records.js';
import {
  currentTarget,
  installStaged,
  linkSystemPaths,
  prepareStaged,
  pruneReleases,
  readRelease,
  releaseDir,
  releaseIntact,
  releasesDir,
  swapCurrent,
  touchJailLogs,
} from './release.js';
import { type BundleSource, type PointerStore, transientStoreError } from './source.js';
import { readState, writeState } from './state.js';
import { boundary } from './steps.js';
import { ensureCertificates } from './tls.js';
import { BundleError, download, extract, verifyManifest } from './unpack.js';

export interface AgentIo {
  readonly bundles: BundleSource;
  readonly parameters: PointerStore;
  readonly log: Log;
  readonly now: () => Date;
  /** HTTP probe of a name (tests); the real one asks port 80. */
  readonly probe?: Probe;
}

/** A run that ends Failed: its reason, and whether (and how) the failure is remembered for the bundle. */
class Failure extends Error {
  constructor(
    readonly reason: string,
    message: string,
    readonly record?: 'transient' | 'permanent',
  ) {
    super(message);
  }
}

const stateFile = (c: AgentConfig) => join(c.stateDir, 'state.json');

function esl(tree: ReadonlyMap<string, string> | undefined, c: AgentConfig): Esl {
  const target =
    tree && eventSocketTarget(tree.get('freeswitch/autoload_configs/event_socket.conf.xml') ?? '');
  return target ? [{ ...target, timeoutMs: c.eventSocketTimeout * 1000 }] : [];
}

/**
 * One agent run. Under the lock: remove what interrupted runs left; finish (or roll back) an open
 * intent; then compare the published pointer with what was activated and, when it differs, download
 * (streamed, bounded), verify, stage, check, record the intent, swap, link, activate and record the
 * activation. Decisions are pure (decide.ts); this is the shell that does them.
 */
export async function reconcile(
  c: AgentConfig,
  io: AgentIo,
  options: { force?: boolean } = {},
): Promise<NodeState> {
  mkdirSync(releasesDir(c), { recursive: true, mode: 0o755 });
  const release = acquireLock(join(c.stateDir, 'agent.lock'), c.commands.flock);
  try {
    return await new Run(c, io, !!options.force).run();
  } finally {
    release();
  }
}

class Run {
  private readonly attemptedAt: string;
  private wanted: string | undefined;

  constructor(
    private readonly c: AgentConfig,
    private readonly io: AgentIo,
    private readonly force: boolean,
  ) {
    this.attemptedAt = io.now().toISOString();
  }

  private log(step: string, message: string): void {
    this.io.log(step, message);
  }

  /** Writes state.json (durably) and reports it to the status parameter. */
  private async report(
    condition: NodeState['condition'],
    reason: string,
    message: string,
  ): Promise<NodeState> {
    const activated = readActivated(this.c);
    const state: NodeState = {
      node: this.c.node,
      ...(activated ? { active: activated.version } : {}),
      ...(this.wanted ? { wanted: this.wanted } : {}),
      condition,
      reason,
      message,
      attemptedAt: this.attemptedAt,
      ...(activated ? { activatedAt: activated.at } : {}),
    };
    writeState(stateFile(this.c), state);
    this.log('state', `${condition} ${reason}${message ? `: ${message}` : ''}`);
    if (this.c.statusParameter) {
      try {
        await this.io.parameters.put(this.c.statusParameter, JSON.stringify(state));
      } catch (error) {
        this.log('state', `could not report to ${this.c.statusParameter}: ${(error as Error).message}`);
      }
    }
    return state;
  }

  async run(): Promise<NodeState> {
    const { c } = this;
    const removed = removeLeftovers(c);
    if (removed.length > 0) this.log('cleanup', `removed ${removed.length} leftovers of interrupted runs`);
    adoptLegacy(c, (m) => this.log('state', m));
    try {
      const made = ensureCertificates(c);
      this.log(
        'tls',
        made.length > 0
          ? `self-signed certificate for ${c.tls.publicName}: ${made.join(', ')}`
          : 'certificates present',
      );
      if (intentUnreadable(c)) {
        throw new Failure(
          'IntentUnreadable',
          `${join(c.stateDir, 'intent.json')} exists but is not a valid intent: nothing is changed until an operator removes it`,
        );
      }
      const intent = readIntent(c);
      if (intent) {
        this.wanted = intent.target.version;
        const how = recoverIntent(intent, releaseIntact(c, intent.target.dir, intent.target.sha256));
        this.log(
          'intent',
          `an interrupted run left ${intent.step === 'rollback' ? 'a rollback' : 'an activation'} of ${intent.target.version} open (step ${intent.step}): ${how === 'resume' ? 'finishing it' : 'rolling back'}`,
        );
        if (how === 'resume') await this.forward(intent);
        else await this.rollback(intent, intent.failure ?? 'the release to activate is no longer intact');
      }
      await this.applyRenewedCertificates();
      await this.nodeCertificate();
      return await this.reconcilePointer();
    } catch (error) {
      if (error instanceof Failure) {
        if (error.record && this.pointer) {
          writeAttempt(
            c,
            nextAttempt(
              readAttempt(c),
              {
                version: this.pointer.version,
                sha256: this.pointer.sha256,
                reason: error.reason,
                message: error.message,
                permanent: error.record === 'permanent',
              },
              this.io.now(),
            ),
          );
        }
        return this.report('Failed', error.reason, error.message);
      }
      throw error;
    }
  }

  private pointer: BundlePointer | undefined;

  private async readPointer(): Promise<PointerRead> {
    let text: string | undefined;
    try {
      text = await this.io.parameters.get(this.c.bundleParameter);
    } catch (error) {
      return {
        ok: false,
        transient: transientStoreError(error),
        message: `cannot read ${this.c.bundleParameter}: ${(error as Error).message}`,
      };
    }
    const pointer = text === undefined ? undefined : parseBundlePointer(text);
    if (!pointer) {
      return {
        ok: false,
        transient: text === undefined,
        message: `${this.c.bundleParameter} ${text === undefined ? 'is not set (waiting for a publish)' : 'is not a bundle pointer'}`,
      };
    }
    return { ok: true, pointer };
  }

  private async reconcilePointer(): Promise<NodeState> {
    const { c } = this;
    const read = await this.readPointer();
    const activated = readActivated(c);
    if (read.ok) {
      this.pointer = read.pointer;
      this.wanted = read.pointer.version;
      this.log(
        'fetch',
        `published ${read.pointer.version} (${read.pointer.key}), active ${activated?.version ?? 'none'}`,
      );
    }
    const next = nextStep({
      pointer: read,
      activated,
      attempt: readAttempt(c),
      force: this.force,
      now: this.io.now(),
    });
    switch (next.do) {
      case 'upToDate':
        return this.report('Ready', 'UpToDate', '');
      case 'wait':
        this.log('fetch', next.message);
        return this.report('Failed', next.reason, next.message);
      case 'fail':
        throw new Failure(next.reason, next.message, read.ok ? next.record : undefined);
      case 'install':
        if (next.reinstall)
          this.log('fetch', `installing ${next.pointer.version} again (forced or verified anew)`);
        return this.install(next.pointer);
    }
  }

  /** Download → verify → stage → check → intent → swap → link → activate → record. */
  private async install(p: BundlePointer): Promise<NodeState> {
    const { c } = this;
    const staging = join(releasesDir(c), `.staging-${process.pid}`);
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true, mode: 0o750 });
    try {
      await this.fetchInto(p, staging);
      prepareStaged(c, staging, p.sha256, p.version);
      const results = checkRelease(c, staging);
      for (const r of results) {
        this.log('check', `${r.tool}: ${r.ok ? 'ok' : 'FAILED'}: ${r.detail}`);
        if (r.message) this.log('check', `${r.tool} said: ${r.message}`);
      }
      const failed = results.filter((r) => !r.ok);
      if (failed.length > 0) {
        throw new Failure(
          'CheckFailed',
          failed.map((r) => `${r.tool}: ${r.detail}`).join('; '),
          failed.some((r) => r.transient) ? 'transient' : 'permanent',
        );
      }
      const newTree = readRelease(staging);
      if (!newTree || esl(newTree, c).length === 0)
        throw new Failure('CheckFailed', 'the bundle has no usable event_socket.conf.xml', 'permanent');
      boundary('checked');
      const activated = readActivated(c);
      const existing = new Set(readdirSync(releasesDir(c)));
      // never the folder that is activated or that `current` points at (links lead into it)
      const live = [activated?.dir, currentTarget(c)].filter((d): d is string => d !== undefined);
      const dir = releaseFolder(p.version, new Set(live), existing);
      installStaged(c, staging, dir);
      this.log('stage', releaseDir(c, dir));
      boundary('installed');
      const fromTree = activated ? readRelease(releaseDir(c, activated.dir)) : undefined;
      const intent: Intent = {
        target: { version: p.version, sha256: p.sha256, key: p.key, dir },
        ...(activated
          ? {
              from: {
                version: activated.version,
                dir: activated.dir,
                ...(activated.sha256 ? { sha256: activated.sha256 } : {}),
              },
            }
          : {}),
        plan: describePlan(classify(fromTree, newTree)),
        step: 'swap',
        startedAt: this.attemptedAt,
      };
      writeIntent(c, intent);
      boundary('intent recorded');
      await this.forward(intent);
      return this.report(
        'Ready',
        'Activated',
        `${p.version} active${activated ? ` (was ${activated.version})` : ''}`,
      );
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }

  /** The bundle, streamed to a file (bounded, digest checked) and unpacked (bounded) into `staging`. */
  private async fetchInto(p: BundlePointer, staging: string): Promise<void> {
    const { c } = this;
    const downloads = join(c.stateDir, 'downloads');
    mkdirSync(downloads, { recursive: true, mode: 0o700 });
    const part = join(downloads, `${p.sha256}.part-${process.pid}`);
    try {
      let size: number;
      try {
        const object = await this.io.bundles.open(p.key);
        if (object.size !== undefined && object.size > c.limits.bundleBytes) {
          (object.body as { destroy?: () => void }).destroy?.();
          throw new BundleError(
            'TooLarge',
            `bundle is ${object.size} bytes, over the ${c.limits.bundleBytes}-byte limit (limits.bundleBytes)`,
          );
        }
        size = await download(object.body, part, p.sha256, c.limits.bundleBytes);
      } catch (error) {
        if (error instanceof BundleError) throw new Failure(error.reason, error.message, 'permanent');
        throw new Failure(
          'FetchFailed',
          `cannot download ${p.key}: ${(error as Error).message}`,
          transientStoreError(error) ? 'transient' : 'permanent',
        );
      }
      this.log('download', `${size} bytes, sha256 matches`);
      boundary('downloaded');
      try {
        const files = await extract(part, staging, c.limits);
        verifyManifest(staging, files);
        this.log('verify', `${files.size - 1} files match MANIFEST.json`);
      } catch (error) {
        if (error instanceof BundleError) throw new Failure(error.reason, error.message, 'permanent');
        if ((error as Error).name === 'TarError')
          throw new Failure(
            'ManifestMismatch',
            `bundle is not a valid tar: ${(error as Error).message}`,
            'permanent',
          );
        throw new Failure('StageFailed', `cannot unpack: ${(error as Error).message}`, 'transient');
      }
    } finally {
      rmSync(part, { force: true });
    }
  }

  /** Swap, link and activate an intent's target (every step safe to repeat); roll back on failure. */
  private async forward(intent: Intent): Promise<void> {
    const { c } = this;
    const fromTree = intent.from ? readRelease(releaseDir(c, intent.from.dir)) : undefined;
    const newTree = readRelease(releaseDir(c, intent.target.dir));
    if (!newTree) return this.rollback(intent, `release ${intent.target.dir} is not readable`);
    const plan = classify(fromTree, newTree);
    this.log('plan', describePlan(plan));
    swapCurrent(c, intent.target.dir);
    this.log(
      'swap',
      `current -> releases/${intent.target.dir}${intent.from ? ` (was ${intent.from.dir})` : ''}`,
    );
    boundary('swapped');
    linkSystemPaths(c, newTree);
    touchJailLogs(newTree);
    boundary('linked');
    writeIntent(c, { ...intent, step: 'activate' });
    await this.report(
      'Reconciling',
      'Activating',
      `${intent.target.version}${intent.from ? ` (was ${intent.from.version})` : ''}: ${describePlan(plan)}`,
    );
    boundary('activating');
    try {
      await activate(
        c,
        plan,
        { active: [...esl(fromTree, c), ...esl(newTree, c)], next: esl(newTree, c) },
        (s, m) => this.log(s, m),
      );
    } catch (error) {
      const message = (error as Error).message;
      const how = activationFailure(failureKind(error));
      this.log('activate', `FAILED (${how.record}): ${message}`);
      return this.rollback(intent, message, how.record === 'transient');
    }
    writeIntent(c, { ...intent, step: 'commit' });
    boundary('activated');
    const { version, sha256, dir } = intent.target;
    writeActivated(c, { version, sha256, dir, at: this.io.now().toISOString() });
    boundary('activation recorded');
    clearIntent(c);
    clearAttempt(c);
    boundary('intent closed');
    const pruned = pruneReleases(c, [dir]);
    if (pruned.length > 0) this.log('prune', pruned.join(', '));
  }

  /**
   * Restores what was activated before. Recorded first (a kill during the rollback finishes it next
   * run). Ends the run Failed: ActivateFailed when restored, RollbackFailed (intent kept) when not.
   */
  private async rollback(intent: Intent, why: string, transient = intent.transient === true): Promise<never> {
    const { c } = this;
    this.pointer = { version: intent.target.version, sha256: intent.target.sha256!, key: intent.target.key };
    writeIntent(c, { ...intent, step: 'rollback', failure: why, ...(transient ? { transient } : {}) });
    boundary('rollback recorded');
    // A transient fault (FreeSWITCH unreachable, a tool killed) is retried after backoff; a refusal is not.
    const failed = ACTIVATION_OUTCOME[transient ? 'transient' : 'permanent'];
    const retry = transient ? ' (transient: retried after backoff)' : '';
    if (!intent.from) {
      clearIntent(c);
      throw new Failure(
        failed.reason,
        `${why}; first activation: nothing to restore (FreeSWITCH may be down)${retry}`,
        failed.record,
      );
    }
    const from = intent.from;
    const fromTree = readRelease(releaseDir(c, from.dir));
    if (!fromTree) {
      clearIntent(c);
      throw new Failure(
        'RollbackFailed',
        `${why}; cannot restore ${from.version}: its release is gone (publish a version or run --force)`,
        'permanent',
      );
    }
    const targetTree = readRelease(releaseDir(c, intent.target.dir));
    swapCurrent(c, from.dir);
    linkSystemPaths(c, fromTree);
    this.log('rollback', `current -> releases/${from.dir}`);
    boundary('rollback linked');
    const plan: ActivationPlan = targetTree
      ? classify(targetTree, fromTree)
      : { ...classify(undefined, fromTree), first: true };
    try {
      await activate(
        c,
        plan,
        { active: [...esl(targetTree, c), ...esl(fromTree, c)], next: esl(fromTree, c) },
        (s, m) => this.log(s, m),
      );
    } catch (error) {
      const message = (error as Error).message;
      this.log('rollback', `restoring ${from.version} failed too: ${message}`);
      throw new Failure(
        'RollbackFailed',
        `${why}; rolling back to ${from.version} failed too (${message}): the node may run a mix; the next run tries the rollback again`,
      );
    }
    this.log('rollback', `${from.version} active again`);
    clearIntent(c);
    boundary('rollback closed');
    throw new Failure(failed.reason, `${why}; restored ${from.version}${retry}`, failed.record);
  }

  /**
   * The node certificate for every name clients use (agent.json's names + the active bundle's tenant
   * domains): ordered by ACME when due (acme.ts, cert-plan.ts); a failure here never fails the run.
   */
  private async nodeCertificate(): Promise<void> {
    const { c } = this;
    const activated = readActivated(c);
    const tree = activated ? readRelease(releaseDir(c, activated.dir)) : undefined;
    try {
      const names = await ensureNodeCertificate(
        c,
        tree,
        (m) => this.log('tls', m),
        this.io.now(),
        this.io.probe,
      );
      const missing = names.filter((n) => !n.covered);
      if (missing.length > 0) this.log('tls', coverageSummary(names));
    } catch (error) {
      this.log('tls', `could not check the node certificate: ${(error as Error).message}`);
    }
  }

  /**
   * After the certbot hook installed a renewed certificate: sofia reads certificates only when a
   * profile starts, so every profile restarts once (its registrations drop; phones re-register).
   */
  private async applyRenewedCertificates(): Promise<void> {
    const { c } = this;
    const marker = join(c.tls.dir, TLS_RENEWED_MARKER);
    const activated = readActivated(c);
    if (!existsSync(marker) || !activated) return;
    const tree = readRelease(releaseDir(c, activated.dir));
    const target = esl(tree, c)[0];
    if (!tree || !target) return;
    const profiles = [...tree.keys()]
      .filter((p) => /^freeswitch\/sip_profiles\/[^/]+\.xml$/.test(p))
      .map((p) => profileParts(p, tree.get(p)!).name)
      .sort();
    try {
      for (const p of profiles) {
        this.log(
          'tls',
          `renewed certificate: restarting profile ${p} (its registrations drop, phones re-register)`,
        );
        await eventSocketApi(target, [`sofia profile ${p} restart`]);
      }
      rmSync(marker, { force: true });
    } catch (error) {
      this.log(
        'tls',
        `could not restart the profiles for the renewed certificate: ${(error as Error).message}`,
      );
    }
  }
}

/**
 * A node installed by an agent from before activated.json: its last successful report names the
 * version that was activated; that release is adopted (without a digest, so the published bundle of
 * the same version is installed again, verified, with nothing to reload when it is the same).
 */
function adoptLegacy(c: AgentConfig, log: (m: string) => void): void {
  if (readActivated(c) || readIntent(c)) return;
  const previous = readState(stateFile(c));
  const version = previous?.active;
  if (!version || !previous.activatedAt || !/^[0-9a-f]{12}$/.test(version)) return;
  if (!readRelease(releaseDir(c, version))) return;
  const adopted: Activated = { version, dir: version, at: previous.activatedAt };
  writeActivated(c, adopted);
  log(`adopted ${version} (activated ${previous.activatedAt}) from the previous agent's state`);
}

export function describePlan(plan: ActivationPlan): string {
  const parts: string[] = [];
  if (plan.first) parts.push('first activation: start FreeSWITCH');
  else if (plan.reloadxml) parts.push('reloadxml');
  if (!plan.first && plan.readAtLookup.length > 0)
    parts.push(`${plan.readAtLookup.length} directory files read at lookup (no reload)`);
  if (plan.reloadacl && !plan.first) parts.push('reloadacl');
  for (const m of plan.loadModules) parts.push(`load ${m}`);
  for (const m of plan.reloadModules) parts.push(`reload ${m}`);
  for (const p of plan.profiles) {
    const gw = [...p.killGateways.map((g) => `killgw ${g}`), ...(p.addGateways.length ? ['rescan'] : [])];
    parts.push(p.action === 'rescan' ? `${p.profile}: ${gw.join(', ')}` : `${p.action} profile ${p.profile}`);
  }
  if (plan.nftables) parts.push('nft -f');
  if (plan.nginx) parts.push('nginx reload');
  if (plan.fail2ban) parts.push('fail2ban reload');
  return `${plan.changed.length} files changed: ${parts.join(', ') || 'nothing to reload'}`;
}
