import type { LeaseRow, LeaseState } from './lease.js';

/**
 * The lease as a node reports it (issue 21: `pbxc status` shows each node's role and lease). The
 * lease loop of `pbxc ha` rewrites NODE_PATHS.haLeaseState every tick with what it saw; the agent
 * reads it at each report. Pure: both directions are tested by tables.
 */
export interface LeaseSnapshot {
  readonly node: string;
  readonly role: 'active' | 'standby';
  /** The epoch this node holds or last saw. */
  readonly epoch: number;
  /** The holder the database named this tick (null: free); absent when it could not be read. */
  readonly holder?: string | null;
  /** expires_at − now() as the database said, ms. */
  readonly expiresInMs?: number;
  /** A pending switchover's target. */
  readonly switchoverTo?: string;
  /** ISO time of the tick. */
  readonly at: string;
}

export function leaseSnapshot(
  node: string,
  state: LeaseState,
  row: LeaseRow | undefined,
  at: Date,
): LeaseSnapshot {
  return {
    node,
    role: state.role,
    epoch: state.epoch,
    ...(row ? { holder: row.holder, expiresInMs: Math.round(row.expiresInMs) } : {}),
    ...(row?.switchover ? { switchoverTo: row.switchover.to } : {}),
    at: at.toISOString(),
  };
}

/** A snapshot older than this means `pbxc ha` is not running (it rewrites it every second). */
export const LEASE_SNAPSHOT_MAX_AGE_MS = 15_000;

/** The role and lease line a node reports, from its snapshot file's text (undefined: no file). */
export function leaseReport(
  text: string | undefined,
  now: Date,
): { role: 'active' | 'standby' | 'unknown'; lease: string } | undefined {
  if (text === undefined) return undefined;
  let s: LeaseSnapshot;
  try {
    s = JSON.parse(text) as LeaseSnapshot;
  } catch {
    return { role: 'unknown', lease: 'unreadable lease state' };
  }
  if (typeof s?.role !== 'string' || typeof s.at !== 'string')
    return { role: 'unknown', lease: 'unreadable lease state' };
  const age = now.getTime() - Date.parse(s.at);
  if (!(age <= LEASE_SNAPSHOT_MAX_AGE_MS))
    return { role: 'unknown', lease: `pbxc ha not running (last tick ${s.at})` };
  const sec = (ms: number) => `${(Math.abs(ms) / 1000).toFixed(1)} s`;
  const parts: string[] = [];
  if (s.holder === undefined) parts.push(`database unreachable, epoch ${s.epoch}`);
  else if (s.holder === null) parts.push(`free at epoch ${s.epoch}`);
  else if (s.role === 'active') parts.push(`held at epoch ${s.epoch}, ${sec(s.expiresInMs ?? 0)} left`);
  else parts.push(`held by ${s.holder} at epoch ${s.epoch}`);
  if (s.switchoverTo)
    parts.push(`switchover to ${s.switchoverTo === '*' ? 'another node' : s.switchoverTo} pending`);
  return { role: s.role, lease: parts.join(', ') };
}
