import { type Diagnostic, diag, type Location } from '../diag/diagnostic.js';
import type { JsonPath } from '../load/source-file.js';

/** A block may hold at most this many DIDs: carriers sell blocks of 10, 100 or 1,000. */
export const MAX_DID_RANGE = 10_000;

export interface Expanded {
  readonly value: Record<string, unknown>;
  /** Index of each generated item → index of the range item it came from (for positions). */
  readonly aliases: ReadonlyMap<number, number>;
  readonly diagnostics: readonly Diagnostic[];
}

/** "+49301234500-+49301234509" → its numbers, or why not. Same length, same prefix, ascending. */
export function didRange(range: string): string[] | string {
  const [from = '', to = ''] = range.split('-');
  if (from.length !== to.length) return 'both ends need the same number of digits';
  const a = BigInt(from.slice(1));
  const b = BigInt(to.slice(1));
  if (b < a) return 'the range ends before it starts';
  const size = Number(b - a + 1n);
  if (size > MAX_DID_RANGE)
    return `${size.toLocaleString('en-US')} numbers: at most ${MAX_DID_RANGE.toLocaleString('en-US')}`;
  const width = from.length - 1;
  return Array.from({ length: size }, (_, i) => `+${(a + BigInt(i)).toString().padStart(width, '0')}`);
}

/** "100-109" → its numbers (leading zeros kept), or why not. */
export function numberRange(range: string): string[] | string {
  const [from = '', to = ''] = range.split('-');
  if (from.length !== to.length) return 'both ends need the same number of digits';
  const a = BigInt(from);
  const b = BigInt(to);
  if (b < a) return 'the range ends before it starts';
  const size = Number(b - a + 1n);
  if (size > MAX_DID_RANGE)
    return `${size.toLocaleString('en-US')} numbers: at most ${MAX_DID_RANGE.toLocaleString('en-US')}`;
  return Array.from({ length: size }, (_, i) => (a + BigInt(i)).toString().padStart(from.length, '0'));
}

/**
 * DID ranges (`range: "+49301234500-+49301234509"`, optionally `extensions: "100-109"`) become one
 * DID each, so every rule and target sees plain DIDs. The first number takes the range item's place
 * in the list; the others are appended, and `aliases` maps them back to the range item so their
 * problems point at it. A range that cannot be expanded is reported and left out.
 */
export function expandDidRanges(
  tenant: Record<string, unknown>,
  locate: (path: JsonPath) => Location,
): Expanded {
  const list = tenant.dids;
  const aliases = new Map<number, number>();
  const diagnostics: Diagnostic[] = [];
  if (!Array.isArray(list) || !list.some((d) => d && typeof d === 'object' && 'range' in d))
    return { value: tenant, aliases, diagnostics };
  const out: unknown[] = [...list];
  const extra: unknown[] = [];
  list.forEach((item, i) => {
    if (!item || typeof item !== 'object' || !('range' in item)) return;
    const { range, extensions, ...rest } = item as Record<string, unknown> & {
      range: string;
      extensions?: string;
    };
    const numbers = didRange(range);
    const targets = typeof extensions === 'string' ? numberRange(extensions) : undefined;
    const problem =
      typeof numbers === 'string'
        ? { path: 'range', detail: numbers }
        : typeof targets === 'string'
          ? { path: 'extensions', detail: targets }
          : targets && targets.length !== numbers.length
            ? { path: 'extensions', detail: `${targets.length} extensions for ${numbers.length} DIDs` }
            : targets && rest.to !== undefined
              ? { path: 'extensions', detail: 'give either to or extensions, not both' }
              : undefined;
    if (problem || typeof numbers === 'string' || typeof targets === 'string') {
      diagnostics.push(
        diag(
          'PBX3300',
          // Name the range that is wrong: the DIDs, or the extensions they map to.
          problem?.path === 'extensions' && typeof extensions === 'string' && typeof targets === 'string'
            ? { what: `extensions range ${extensions} of DID range`, range, detail: problem.detail }
            : { what: 'DID range', range, detail: problem?.detail ?? '' },
          locate(['dids', i, problem?.path ?? 'range']),
        ),
      );
      out[i] = null;
      return;
    }
    numbers.forEach((number, k) => {
      const did = { ...rest, number, ...(targets ? { to: { extension: targets[k] } } : {}) };
      if (k === 0) out[i] = did;
      else {
        aliases.set(list.length + extra.length, i);
        extra.push(did);
      }
    });
  });
  return { value: { ...tenant, dids: [...out, ...extra] }, aliases, diagnostics };
}
