import type { Tree } from '../build-tree.js';
import type { CheckResult } from '../compile.js';
import { type Diagnostic, diag } from '../diag/diagnostic.js';
import type { OutputFormat } from '../diag/format.js';
import { loadModel } from '../load-model.js';
import type { Model } from '../model/types.js';
import { OutputError, type WriteStats, writeTree } from '../out/write-tree.js';
import { shownPath } from './args.js';
import { EXIT, exitFor } from './exit-codes.js';
import { count, phase } from './progress.js';
import { report } from './report.js';
import { ioDetail } from './secret-sources.js';
import type { Terminal } from './terminal.js';

export type Loaded = { readonly model: Model; readonly result: CheckResult } | { readonly exit: number };

/** Reads and checks the spec; on any error (or a warning with --strict) reports and says how to exit. */
export async function loadOrReport(
  term: Terminal,
  format: OutputFormat,
  spec: string,
  strict = false,
): Promise<Loaded> {
  const result = await phase(
    term,
    () => loadModel(spec),
    (r) => `checked ${count(r.stats.tenants, 'tenant')}, ${count(r.stats.extensions, 'extension')}`,
  );
  const code = exitFor(result.diagnostics, strict);
  if (result.model && code === EXIT.ok) return { model: result.model, result };
  await report(term, format, result.diagnostics, result.stats);
  return { exit: code === EXIT.ok ? EXIT.invalid : code };
}

/** Writes a built tree atomically and reports; emit errors and unsafe folders stop it first. */
export async function writeOrReport(
  term: Terminal,
  format: OutputFormat,
  loaded: { readonly result: CheckResult },
  tree: Tree,
  out: {
    readonly path: string;
    readonly shown: string;
    readonly private: boolean;
    readonly strict: boolean;
    readonly keep?: readonly string[];
  },
): Promise<number> {
  const { result } = loaded;
  const diagnostics: Diagnostic[] = [...result.diagnostics, ...tree.diagnostics];
  const code = exitFor(diagnostics, out.strict);
  if (code !== EXIT.ok) {
    await report(term, format, diagnostics, result.stats);
    return code;
  }
  let stats: WriteStats;
  try {
    stats = await phase(
      term,
      () =>
        writeTree(out.path, tree.files, {
          private: out.private,
          ...(out.keep ? { keep: out.keep } : {}),
          ...(tree.reused.length > 0 ? { reused: tree.reused } : {}),
        }),
      (w) => `wrote ${count(w.written, 'file')}, kept ${count(w.reused, 'unchanged file')}`,
    );
  } catch (error) {
    const detail =
      error instanceof OutputError
        ? error.message
        : `cannot write ${shownPath(out.shown)}: ${ioDetail(error)}`;
    await report(term, format, [...diagnostics, diag('PBX6003', { detail })], result.stats);
    return EXIT.usage;
  }
  const n = tree.files.length + tree.reused.length;
  const files = `${n} file${n === 1 ? '' : 's'}`;
  await report(term, format, diagnostics, result.stats, {
    out: out.shown,
    files: n,
    written: stats.written,
    unchanged: stats.unchanged,
    ...(tree.counts.emitted + tree.counts.reused > 0 ? { tenantParts: tree.counts } : {}),
  });
  if (format === 'human') {
    const where = shownPath(out.shown);
    if (stats.unchanged) term.out(`${where} is already up to date (${files}, nothing written)`);
    else
      term.out(
        `${out.private ? 'rendered' : 'wrote'} ${files} to ${where}${stats.reused > 0 ? ` (${stats.written} changed, ${stats.reused} unchanged)` : ''}`,
      );
  }
  return EXIT.ok;
}

/** Builds the tree for a model, with a progress line on a terminal. */
export function buildOrProgress(term: Terminal, run: () => Tree): Promise<Tree> {
  return phase(term, run, (t) => {
    const bytes = t.files.reduce((n, f) => n + f.content.length, 0);
    const reused = t.counts.reused > 0 ? `, reused ${count(t.reused.length, 'unchanged file')}` : '';
    return `compiled ${count(t.files.length, 'file')} (${(bytes / 1e6).toFixed(1)} MB)${reused}`;
  });
}
