import type { Diagnostic } from './diagnostic.js';

/** One `acknowledge: [{code, reason}]` entry with the range of the object that holds it. */
export interface Acknowledgement {
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly code: string;
  readonly reason: string;
}

/** The lists whose items may carry `acknowledge` (and the tenant root). */
export const ACKNOWLEDGING_LISTS = [
  'extensions',
  'trunks',
  'devices',
  'dids',
  'ring_groups',
  'ivr_menus',
] as const;

/**
 * Marks the warnings an acknowledgement covers: same code, same file, located inside the object
 * that acknowledges it. They stay in the list (printed and counted as acknowledged); errors are
 * never acknowledged. Pure.
 */
export function applyAcknowledgements(
  diagnostics: readonly Diagnostic[],
  acks: readonly Acknowledgement[],
): Diagnostic[] {
  if (acks.length === 0) return [...diagnostics];
  return diagnostics.map((d) => {
    if (d.severity !== 'warning' || !d.location) return d;
    const at = d.location.offset ?? -1;
    const match = acks
      .filter((a) => a.code === d.code && a.file === d.location!.file && at >= a.start && at <= a.end)
      // The innermost object's reason wins.
      .sort((a, b) => a.end - a.start - (b.end - b.start))[0];
    return match ? { ...d, acknowledged: match.reason } : d;
  });
}

/** Warnings that still count (for --strict and the summary). */
export const unacknowledged = (diagnostics: readonly Diagnostic[]) =>
  diagnostics.filter((d) => d.severity === 'error' || d.acknowledged === undefined);
