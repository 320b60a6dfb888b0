import type { LeaseRow } from './lease.js';

/**
 * Each node's role and lease as `pbxc status` shows them (pure: the caller reads the row with
 * pgLeaseStore(...).read(), or passes undefined when the database cannot be reached).
 */
export interface NodeLease {
  readonly node: string;
  readonly role: 'active' | 'standby' | 'unknown';
  /** "epoch 7, 4.2 s left" for the holder; "expired 3.0 s ago" when it ran out; undefined otherwise. */
  readonly lease?: string;
}

export function nodeLeases(nodes: readonly string[], row: LeaseRow | undefined): NodeLease[] {
  return nodes.map((node) => {
    if (!row) return { node, role: 'unknown', lease: 'database unreachable' };
    if (row.holder !== node) return { node, role: 'standby' };
    const s = (ms: number) => `${(Math.abs(ms) / 1000).toFixed(1)} s`;
    return row.expiresInMs > 0
      ? { node, role: 'active', lease: `epoch ${row.epoch}, ${s(row.expiresInMs)} left` }
      : { node, role: 'standby', lease: `epoch ${row.epoch} expired ${s(row.expiresInMs)} ago` };
  });
}
