import type { ExtensionKind } from './types.js';

export type PlanUse = 'extensions' | 'lines' | 'webrtc' | 'groups' | 'aliases';

export interface PlanEntry {
  readonly use: PlanUse;
  readonly range?: { readonly low: bigint; readonly high: bigint; readonly text: string };
  readonly match?: RegExp;
  readonly text: string;
}

export function parsePlanEntry(entry: { range?: string; match?: string; use: PlanUse }): PlanEntry {
  if (entry.range !== undefined) {
    const [low = '0', high = '0'] = entry.range.split('-');
    return {
      use: entry.use,
      range: { low: BigInt(low), high: BigInt(high), text: entry.range },
      text: entry.range,
    };
  }
  const glob = entry.match ?? '';
  const source = glob.replace(/[*?]/g, (c) => (c === '*' ? '[a-z0-9]*' : '[a-z0-9]'));
  return { use: entry.use, match: new RegExp(`^${source}$`), text: glob };
}

export function planContains(entry: PlanEntry, number: string): boolean {
  if (entry.range)
    return /^[0-9]+$/.test(number) && BigInt(number) >= entry.range.low && BigInt(number) <= entry.range.high;
  return entry.match?.test(number) ?? false;
}

/** How wide an entry is; the narrowest matching entry decides an extension's kind. */
function width(entry: PlanEntry): bigint {
  return entry.range ? entry.range.high - entry.range.low : 10n ** 30n;
}

export const USES_FOR: Readonly<
  Record<'extension' | 'ring_group' | 'conference' | 'queue' | 'alias', readonly PlanUse[]>
> = {
  extension: ['extensions', 'lines', 'webrtc'],
  ring_group: ['groups'],
  // A room is dialled like a group or an extension: either block of the plan may hold it.
  conference: ['groups', 'extensions'],
  // A queue is dialled like a group: the groups block, or the extensions block.
  queue: ['groups', 'extensions'],
  alias: ['aliases', 'extensions'],
};

export function fittingEntry(
  plan: readonly PlanEntry[],
  number: string,
  uses: readonly PlanUse[],
): PlanEntry | undefined {
  let best: PlanEntry | undefined;
  for (const entry of plan) {
    if (!uses.includes(entry.use) || !planContains(entry, number)) continue;
    if (!best || width(entry) < width(best)) best = entry;
  }
  return best;
}

export function extensionKind(plan: readonly PlanEntry[], number: string, webrtc: boolean): ExtensionKind {
  if (webrtc) return 'webrtc';
  const entry = fittingEntry(plan, number, USES_FOR.extension);
  return entry?.use === 'lines' ? 'line' : entry?.use === 'webrtc' ? 'webrtc' : 'extension';
}

/** A service code ("*97") sits outside the number plan. */
export function isServiceCode(number: string): boolean {
  return number.startsWith('*');
}
