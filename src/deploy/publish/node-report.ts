import { X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { leaseReport } from '../../ha/lease-report.js';
import { NODE_PATHS } from '../../model/node-paths.js';
import { type NodeOverride, parseNodeOverride } from '../status-report.js';
import { type NodeReportExtras, type NodeState, parseNodeState } from '../status-view.js';
import type { ParameterStore } from './aws-stores.js';
import { overridePrefixFor } from './control-plane.js';

/**
 * The agent command's side of the control plane, kept apart from the agent's reconcile logic: the
 * per-node override (pause, pin) it honours, and what it adds to every status report (HA role, pbxc
 * version, override, a self-signed certificate warning). All of it wraps the ParameterStore the
 * agent is given, so reconcile itself does not change.
 */
export interface AgentControl {
  readonly node: string;
  readonly bundleParameter: string;
  readonly statusParameter?: string;
  readonly stateDir: string;
  readonly tlsDir: string;
  readonly freeswitchRuns: 'always' | 'when-running';
}

export async function readOverride(c: AgentControl, store: ParameterStore): Promise<NodeOverride> {
  return parseNodeOverride(await store.get(`${overridePrefixFor(c.bundleParameter)}/${c.node}`));
}

/** single, or on an active/standby node whether FreeSWITCH runs here (the HA watcher decides). */
export function haRole(
  c: AgentControl,
  running: () => boolean = freeswitchRunning,
  leaseText: () => string | undefined = () => readLeaseState(),
  now: Date = new Date(),
): NodeReportExtras['role'] {
  if (c.freeswitchRuns === 'always') return 'single';
  // A node of a lease group (state in PostgreSQL) runs FreeSWITCH warm on every node: the lease
  // loop's own view is the role, not whether the process runs.
  const lease = leaseReport(leaseText(), now);
  if (lease) return lease.role;
  return running() ? 'active' : 'standby';
}

/** The lease line of a lease-group node (src/ha/lease-report.ts), undefined elsewhere. */
export function haLease(
  c: AgentControl,
  leaseText: () => string | undefined = () => readLeaseState(),
  now: Date = new Date(),
): string | undefined {
  if (c.freeswitchRuns === 'always') return undefined;
  return leaseReport(leaseText(), now)?.lease;
}

function readLeaseState(): string | undefined {
  try {
    return readFileSync(NODE_PATHS.haLeaseState, 'utf8');
  } catch {
    return undefined;
  }
}

export function freeswitchRunning(): boolean {
  try {
    return readdirSync('/proc').some((pid) => {
      if (!/^\d+$/.test(pid)) return false;
      try {
        return readFileSync(join('/proc', pid, 'comm'), 'utf8').trim() === 'freeswitch';
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

/** A warning when FreeSWITCH's certificate is the agent's self-signed stand-in. */
export function tlsWarning(tlsDir: string): string | undefined {
  try {
    const cert = new X509Certificate(readFileSync(join(tlsDir, 'agent.pem')));
    if (cert.issuer !== cert.subject) return undefined;
    const names = cert.subjectAltName ?? cert.subject;
    return `self-signed certificate (${names}): phones and carriers that verify certificates fail; see docs/deploy.md (TLS)`;
  } catch {
    return undefined;
  }
}

/**
 * The store the agent gets: reading the pointer yields the pinned pointer when the node is pinned;
 * writing the status adds the extras.
 */
export function agentStore(
  c: AgentControl,
  store: ParameterStore,
  override: NodeOverride,
  extras: () => NodeReportExtras,
): ParameterStore {
  return {
    ...store,
    async get(name) {
      if (name === c.bundleParameter && override.pin) return JSON.stringify(override.pin);
      return store.get(name);
    },
    async put(name, value) {
      if (name === c.statusParameter) {
        const state = parseNodeState(value);
        if (state) return store.put(name, JSON.stringify({ ...state, report: extras() }));
      }
      return store.put(name, value);
    },
  };
}

/**
 * A run that changes nothing, reported like the agent would (condition, reason, message, time), for
 * a paused node and for a node whose environment has nothing published yet.
 */
export async function reportIdle(
  c: AgentControl,
  store: ParameterStore,
  condition: NodeState['condition'],
  reason: string,
  message: string,
  extras: NodeReportExtras,
  now: Date,
): Promise<void> {
  let last: NodeState | undefined;
  try {
    last = parseNodeState(readFileSync(join(c.stateDir, 'state.json'), 'utf8'));
  } catch {
    last = undefined;
  }
  const state: NodeState = {
    node: c.node,
    ...(last?.active ? { active: last.active } : {}),
    ...(last?.wanted ? { wanted: last.wanted } : {}),
    condition,
    reason,
    message,
    attemptedAt: now.toISOString(),
    ...(last?.activatedAt ? { activatedAt: last.activatedAt } : {}),
    report: extras,
  };
  if (c.statusParameter) await store.put(c.statusParameter, JSON.stringify(state));
}
