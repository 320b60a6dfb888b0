import { readFile } from 'node:fs/promises';
import type { CheckStats } from '../compile.js';
import { capRepeats, omittedLine } from '../diag/cap.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { formatGithub, formatHuman, formatJson, type OutputFormat } from '../diag/format.js';
import type { Terminal } from './terminal.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function summary(stats: CheckStats | undefined, diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const acknowledged = diagnostics.filter(
    (d) => d.severity === 'warning' && d.acknowledged !== undefined,
  ).length;
  const counts = stats
    ? `${plural(stats.tenants, 'tenant')}, ${plural(stats.extensions, 'extension')}, ${plural(stats.devices, 'device')}: `
    : '';
  const ack = acknowledged > 0 ? ` (${acknowledged} acknowledged)` : '';
  return `${counts}${plural(errors, 'error')}, ${plural(warnings, 'warning')}${ack}`;
}

/** Prints diagnostics in the chosen format. Human output goes to stderr; json and github to stdout. */
export async function report(
  term: Terminal,
  format: OutputFormat,
  diagnostics: readonly Diagnostic[],
  stats?: CheckStats,
  extra: Record<string, unknown> = {},
): Promise<void> {
  // Repeats are capped per file and code; the summary still counts every diagnostic.
  const { shown, omitted } = capRepeats(diagnostics);
  if (format === 'json') {
    term.out(
      formatJson(shown, {
        summary: summary(stats, diagnostics),
        ...(omitted.length > 0 ? { omitted } : {}),
        ...(stats ? { stats } : {}),
        ...extra,
      }),
    );
    return;
  }
  if (format === 'github') {
    for (const d of shown) term.out(formatGithub(d));
    for (const o of omitted) term.err(omittedLine(o));
    term.err(summary(stats, diagnostics));
    return;
  }
  const sources = new Map<string, string>();
  if (term.isTTY) {
    for (const file of new Set(shown.map((d) => d.location?.file).filter((f): f is string => !!f))) {
      try {
        sources.set(file, await readFile(file, 'utf8'));
      } catch {
        // A frame is a convenience; the diagnostic line itself says everything.
      }
    }
  }
  for (const d of shown) term.err(formatHuman(d, { color: term.color, frames: term.isTTY, sources }));
  for (const o of omitted) term.err(omittedLine(o));
  if (stats || diagnostics.length > 0) term.err(summary(stats, diagnostics));
}
