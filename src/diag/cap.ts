import type { Code } from './codes.js';
import type { Diagnostic } from './diagnostic.js';

/** How many diagnostics of one code are printed per file; the rest are counted in one line. */
export const MAX_REPEATS = 50;

export interface Omitted {
  readonly file: string;
  readonly code: Code;
  readonly count: number;
}

/**
 * Diagnostics to print, in their order, at most `max` per file and code, and what was left out.
 * A file with 1,450,000 unknown keys gives 50 lines and one summary line, not 448 MB; the summary
 * counts (errors, warnings) still include every diagnostic. Pure.
 */
export function capRepeats(
  diagnostics: readonly Diagnostic[],
  max: number = MAX_REPEATS,
): { shown: Diagnostic[]; omitted: Omitted[] } {
  const seen = new Map<string, number>();
  const shown: Diagnostic[] = [];
  const omitted = new Map<string, { file: string; code: Code; count: number }>();
  for (const d of diagnostics) {
    const file = d.location?.file ?? '';
    const key = `${file}\u0000${d.code}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n <= max) shown.push(d);
    else {
      const entry = omitted.get(key) ?? { file, code: d.code, count: 0 };
      entry.count++;
      omitted.set(key, entry);
    }
  }
  return { shown, omitted: [...omitted.values()] };
}

/** The line that stands for the diagnostics left out of one file and code. */
export function omittedLine(o: Omitted, max: number = MAX_REPEATS): string {
  const where = o.file ? `${o.file}: ` : '';
  return `${where}note: ${o.count.toLocaleString('en-US')} more ${o.code} diagnostic${o.count === 1 ? '' : 's'} not shown (the first ${max} of this file are above; fix those and run again)`;
}
