import { type BundlePointer, parseBundlePointer } from '../model/deploy-names.js';

/**
 * What a node agent reports after every attempt (file on the node and SSM status parameter), in the
 * shape of a Flux condition: the version it runs, the one it was asked for, one word and a message.
 */
export interface NodeState {
  readonly node: string;
  /** Version serving now (undefined before the first activation). */
  readonly active?: string;
  /** Version published when the agent last looked. */
  readonly wanted?: string;
  readonly condition: 'Ready' | 'Failed' | 'Reconciling';
  /** One word: Activated, UpToDate, DigestMismatch, CheckFailed, ActivateFailed, FetchFailed, … */
  readonly reason: string;
  readonly message: string;
  /** ISO time of the last attempt (state only; never part of a bundle). */
  readonly attemptedAt: string;
  readonly activatedAt?: string;
  /** Added by the agent command when it reports (src/deploy/publish/node-report.ts). */
  readonly report?: NodeReportExtras;
}

/** What the node adds beside the agent's own state: its HA role, its pbxc, overrides, certificate. */
export interface NodeReportExtras {
  /**
   * single (one node), active (FreeSWITCH runs here; in a lease group: this node holds the lease),
   * standby (it does not), unknown (a lease group node whose `pbxc ha` is not running).
   */
  readonly role?: 'single' | 'active' | 'standby' | 'unknown';
  /** A lease group node: the lease as its `pbxc ha` last saw it ("held at epoch 7, 5.2 s left"). */
  readonly lease?: string;
  /** pbxc version of the agent. */
  readonly agent?: string;
  readonly paused?: boolean;
  readonly pinned?: string;
  /** Set when FreeSWITCH serves the agent's self-signed certificate: clients that verify fail. */
  readonly tlsWarning?: string;
  /** Every name clients use and whether the node's certificate covers it (why not, when not). */
  readonly tlsNames?: readonly { readonly name: string; readonly covered: boolean; readonly why?: string }[];
}

export function parseNodeState(text: string): NodeState | undefined {
  try {
    const v = JSON.parse(text) as NodeState;
    return typeof v?.node === 'string' && typeof v.condition === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

export interface StatusRow {
  readonly node: string;
  readonly active: string;
  readonly condition: string;
  readonly reason: string;
  readonly message: string;
  readonly attemptedAt: string;
  /** True when the node serves the published version and its last attempt succeeded. */
  readonly current: boolean;
}

/** Pure: the published pointer and every node's report → one row per node, sorted by node. */
export function statusRows(published: BundlePointer | undefined, states: readonly NodeState[]): StatusRow[] {
  return [...states]
    .sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0))
    .map((s) => ({
      node: s.node,
      active: s.active ?? '-',
      condition: s.condition,
      reason: s.reason,
      message: s.message,
      attemptedAt: s.attemptedAt,
      current: published !== undefined && s.active === published.version && s.condition === 'Ready',
    }));
}

export function formatStatus(published: BundlePointer | undefined, rows: readonly StatusRow[]): string[] {
  const lines = [published ? `published: ${published.version} (${published.key})` : 'published: nothing yet'];
  if (rows.length === 0) lines.push('no node has reported yet');
  for (const r of rows) {
    lines.push(
      `${r.node}  active ${r.active}  ${r.condition} ${r.reason}  ${r.attemptedAt}${r.current ? '' : '  (behind)'}${r.message ? `\n    ${r.message}` : ''}`,
    );
  }
  return lines;
}

export { parseBundlePointer };
