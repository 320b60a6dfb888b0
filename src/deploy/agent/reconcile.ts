import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseBundlePointer } from '../../model/deploy-names.js';
import { TLS_RENEWED_MARKER } from '../bootstrap/cert-hook.js';
import { classify } from '../classify.js';
import type { BundleStore, ParameterStore } from '../publish/aws-stores.js';
import { profileParts } from '../sofia-profile.js';
import type { NodeState } from '../status-view.js';
import { ActivationError, activate, type Log } from './activate.js';
import { checkRelease } from './checks.js';
import type { AgentConfig } from './config.js';
import { type EventSocketTarget, eventSocketApi, eventSocketTarget } from './event-socket.js';
import { acquireLock } from './lock.js';
import {
  currentVersion,
  linkSystemPaths,
  pruneReleases,
  readRelease,
  releaseDir,
  stageRelease,
  swapCurrent,
} from './release.js';
import { readState, writeState } from './state.js';
import { ensureCertificates } from './tls.js';
import { VerifyError, verifyBundle } from './verify.js';

export interface AgentIo {
  readonly bundles: BundleStore;
  readonly parameters: ParameterStore;
  readonly log: Log;
  readonly now: () => Date;
}

class Failure extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

const stateFile = (c: AgentConfig) => join(c.stateDir, 'state.json');

function esl(tree: ReadonlyMap<string, string>): EventSocketTarget {
  const target = eventSocketTarget(tree.get('freeswitch/autoload_configs/event_socket.conf.xml') ?? '');
  if (!target) throw new Failure('CheckFailed', 'the bundle has no usable event_socket.conf.xml');
  return target;
}

/**
 * One agent run: fetch the published pointer; if it names the active version, do nothing; else
 * download, verify, stage, check, swap, activate, and on any failure swap back and restore the old
 * configuration. The outcome goes to state.json and the SSM status parameter.
 */
export async function reconcile(
  c: AgentConfig,
  io: AgentIo,
  options: { force?: boolean } = {},
): Promise<NodeState> {
  mkdirSync(join(c.stateDir, 'releases'), { recursive: true, mode: 0o755 });
  const release = acquireLock(join(c.stateDir, 'agent.lock'));
  try {
    return await run(c, io, options);
  } finally {
    release();
  }
}

async function run(c: AgentConfig, io: AgentIo, options: { force?: boolean }): Promise<NodeState> {
  const { log } = io;
  const previous = readState(stateFile(c));
  const active = currentVersion(c);
  const attemptedAt = io.now().toISOString();
  let wanted: string | undefined;
  const finish = async (
    condition: NodeState['condition'],
    reason: string,
    message: string,
    activated = false,
  ) => {
    const state: NodeState = {
      node: c.node,
      ...(currentVersion(c) ? { active: currentVersion(c) } : {}),
      ...(wanted ? { wanted } : {}),
      condition,
      reason,
      message,
      attemptedAt,
      ...(activated
        ? { activatedAt: attemptedAt }
        : previous?.activatedAt
          ? { activatedAt: previous.activatedAt }
          : {}),
    };
    writeState(stateFile(c), state);
    log('state', `${condition} ${reason}${message ? `: ${message}` : ''}`);
    if (c.statusParameter) {
      try {
        await io.parameters.put(c.statusParameter, JSON.stringify(state));
      } catch (error) {
        log('state', `could not report to ${c.statusParameter}: ${(error as Error).message}`);
      }
    }
    return state;
  };
  try {
    const made = ensureCertificates(c);
    log(
      'tls',
      made.length > 0
        ? `self-signed certificate for ${c.tls.publicName}: ${made.join(', ')}`
        : 'certificates present',
    );
    await applyRenewedCertificates(c, active, log);
    let pointerText: string | undefined;
    try {
      pointerText = await io.parameters.get(c.bundleParameter);
    } catch (error) {
      throw new Failure('FetchFailed', `cannot read ${c.bundleParameter}: ${(error as Error).message}`);
    }
    const pointer = pointerText === undefined ? undefined : parseBundlePointer(pointerText);
    if (!pointer)
      throw new Failure(
        'FetchFailed',
        `${c.bundleParameter} ${pointerText === undefined ? 'is not set' : 'is not a bundle pointer'}`,
      );
    wanted = pointer.version;
    log('fetch', `published ${pointer.version} (${pointer.key}), active ${active ?? 'none'}`);
    if (pointer.version === active && !options.force) return finish('Ready', 'UpToDate', '');
    if (
      !options.force &&
      previous?.condition === 'Failed' &&
      previous.wanted === pointer.version &&
      previous.active === active
    ) {
      log('fetch', `${pointer.version} failed before; not retried (run with --force)`);
      return finish('Failed', previous.reason, previous.message);
    }
    let bytes: Buffer;
    try {
      bytes = await io.bundles.get(pointer.key);
    } catch (error) {
      throw new Failure('FetchFailed', `cannot download ${pointer.key}: ${(error as Error).message}`);
    }
    log('download', `${bytes.length} bytes`);
    let files: Map<string, Buffer>;
    try {
      files = verifyBundle(bytes, pointer.sha256);
    } catch (error) {
      if (error instanceof VerifyError) throw new Failure(error.reason, error.message);
      throw error;
    }
    log('verify', `sha256 and ${files.size - 1} files match MANIFEST.json`);
    if (pointer.version === active) {
      log('fetch', 'forced run of the active version: re-linking and re-checking only');
    }
    const staged = stageRelease(c, pointer.version, files);
    log('stage', staged);
    const results = checkRelease(c, staged);
    for (const r of results) log('check', `${r.tool}: ${r.ok ? 'ok' : 'FAILED'}: ${r.detail}`);
    const failed = results.filter((r) => !r.ok);
    if (failed.length > 0) {
      if (pointer.version !== active) pruneStaged(c, pointer.version);
      throw new Failure('CheckFailed', failed.map((r) => `${r.tool}: ${r.detail}`).join('; '));
    }
    const oldTree = active ? readRelease(releaseDir(c, active)) : undefined;
    const newTree = readRelease(staged)!;
    const plan = classify(oldTree, newTree);
    log('plan', describePlan(plan));
    const target = { active: oldTree ? esl(oldTree) : esl(newTree), next: esl(newTree) };
    swapCurrent(c, pointer.version);
    linkSystemPaths(c, newTree);
    log('swap', `current -> releases/${pointer.version}${active ? ` (was ${active})` : ''}`);
    try {
      await activate(c, plan, target, log);
    } catch (error) {
      const message = error instanceof ActivationError ? error.message : (error as Error).message;
      log('activate', `FAILED: ${message}`);
      await rollback(c, active, oldTree, newTree, target, log);
      throw new Failure(
        'ActivateFailed',
        `${message}; ${active ? `restored ${active}` : 'nothing to restore'}`,
      );
    }
    const removed = pruneReleases(c, [pointer.version, ...(active ? [active] : [])]);
    if (removed.length > 0) log('prune', removed.join(', '));
    return finish('Ready', 'Activated', `${pointer.version} active${active ? ` (was ${active})` : ''}`, true);
  } catch (error) {
    if (error instanceof Failure) return finish('Failed', error.reason, error.message);
    throw error;
  }
}

/**
 * After the certbot hook installed a renewed certificate: sofia reads certificates only when a
 * profile starts, so every profile restarts once (its registrations drop; phones re-register).
 */
async function applyRenewedCertificates(c: AgentConfig, active: string | undefined, log: Log): Promise<void> {
  const marker = join(c.tls.dir, TLS_RENEWED_MARKER);
  if (!existsSync(marker) || !active) return;
  const tree = readRelease(releaseDir(c, active));
  const target =
    tree && eventSocketTarget(tree.get('freeswitch/autoload_configs/event_socket.conf.xml') ?? '');
  if (!tree || !target) return;
  const profiles = [...tree.keys()]
    .filter((p) => /^freeswitch\/sip_profiles\/[^/]+\.xml$/.test(p))
    .map((p) => profileParts(p, tree.get(p)!).name)
    .sort();
  try {
    for (const p of profiles) {
      log('tls', `renewed certificate: restarting profile ${p} (its registrations drop, phones re-register)`);
      await eventSocketApi(target, [`sofia profile ${p} restart`]);
    }
    rmSync(marker, { force: true });
  } catch (error) {
    log('tls', `could not restart the profiles for the renewed certificate: ${(error as Error).message}`);
  }
}

function pruneStaged(c: AgentConfig, version: string): void {
  // a refused bundle is not kept: the next publish stages from scratch
  rmSync(releaseDir(c, version), { recursive: true, force: true });
}

async function rollback(
  c: AgentConfig,
  active: string | undefined,
  oldTree: ReadonlyMap<string, string> | undefined,
  newTree: ReadonlyMap<string, string>,
  target: { active: EventSocketTarget; next: EventSocketTarget },
  log: Log,
): Promise<void> {
  if (!active || !oldTree) return;
  swapCurrent(c, active);
  linkSystemPaths(c, oldTree);
  log('rollback', `current -> releases/${active}`);
  try {
    await activate(c, classify(newTree, oldTree), { active: target.active, next: target.active }, log);
    log('rollback', `${active} active again`);
  } catch (error) {
    log('rollback', `restoring ${active} failed too: ${(error as Error).message}`);
  }
}

export function describePlan(plan: ReturnType<typeof classify>): string {
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
