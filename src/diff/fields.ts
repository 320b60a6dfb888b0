import { describeDestination } from '../model/destination.js';
import type { Destination, SecretRef } from '../model/types.js';

/**
 * Field-level comparison helpers: each appends the lines a reviewer reads to `out` and returns
 * whether anything changed. Values are compared structurally; origins never take part.
 */

type Scalar = string | number | boolean | undefined;

const show = (v: Scalar): string => (v === undefined || v === '' ? 'none' : String(v));

export function scalar(out: string[], label: string, a: Scalar, b: Scalar): boolean {
  if (a === b) return false;
  out.push(`${label} ${show(a)} → ${show(b)}`);
  return true;
}

/** Unordered list: "members + 1010, − 1000". */
export function set(out: string[], label: string, a: readonly string[], b: readonly string[]): boolean {
  const added = b.filter((x) => !a.includes(x));
  const removed = a.filter((x) => !b.includes(x));
  if (added.length === 0 && removed.length === 0) return false;
  out.push(`${label} ${[...added.map((x) => `+ ${x}`), ...removed.map((x) => `− ${x}`)].join(', ')}`);
  return true;
}

/** Ordered list: set changes first; a pure reordering says so. */
export function list(out: string[], label: string, a: readonly string[], b: readonly string[]): boolean {
  if (set(out, label, a, b)) return true;
  if (a.join('\u0000') === b.join('\u0000')) return false;
  out.push(`${label} order ${a.join(', ')} → ${b.join(', ')}`);
  return true;
}

export function sameDestination(a: Destination | undefined, b: Destination | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

export function destinationText(d: Destination | undefined): string {
  return d ? describeDestination(d) : 'none';
}

export function destination(
  out: string[],
  label: string,
  a: Destination | undefined,
  b: Destination | undefined,
): boolean {
  if (sameDestination(a, b)) return false;
  out.push(`${label}: ${destinationText(a)} → ${destinationText(b)}`);
  return true;
}

/** Secrets are compared by identity and revision only; values never exist in the model. */
export function secret(
  out: string[],
  what: string,
  a: SecretRef | undefined,
  b: SecretRef | undefined,
): boolean {
  if (JSON.stringify(a ?? null) === JSON.stringify(b ?? null)) return false;
  if (!a || !b) out.push(`${what} ${a ? 'removed' : 'added'}`);
  else if (a.kind === 'named' && b.kind === 'named' && a.name !== b.name)
    out.push(`${what} now from secret ${b.name} (was ${a.name}, rev ${a.rev} → ${b.rev})`);
  else out.push(`${what} rotated (rev ${a.rev} → ${b.rev})`);
  return true;
}

/** Keyed collections: added, removed and common items, each in the order of the newer side. */
export function match<T>(
  a: readonly T[],
  b: readonly T[],
  key: (item: T) => string,
): { added: T[]; removed: T[]; both: [T, T][] } {
  const before = new Map(a.map((x) => [key(x), x]));
  const after = new Map(b.map((x) => [key(x), x]));
  return {
    added: b.filter((x) => !before.has(key(x))),
    removed: a.filter((x) => !after.has(key(x))),
    both: b.filter((x) => before.has(key(x))).map((x) => [before.get(key(x))!, x]),
  };
}
