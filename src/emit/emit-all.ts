import { type Diagnostic, diag } from '../diag/diagnostic.js';
import type { Model, SecretRef } from '../model/types.js';
import { compareStrings } from '../util/text.js';
import { TARGETS } from './registry.js';
import type { EmitMode, EmittedFile, Target } from './target.js';

export interface EmitAllResult {
  /** Sorted by path, unique. */
  readonly files: readonly EmittedFile[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Runs every target over the model. Output is normalised to LF with one final newline. */
export function emitAll(
  model: Model,
  mode: EmitMode,
  secret: (ref: SecretRef) => string,
  targets: readonly Target[] = TARGETS,
): EmitAllResult {
  const diagnostics: Diagnostic[] = [];
  const byPath = new Map<string, EmittedFile>();
  for (const target of targets) {
    let result: ReturnType<Target['emit']>;
    try {
      result = target.emit({ model, mode, secret });
    } catch (error) {
      diagnostics.push(
        diag('PBX9001', { detail: `target ${target.name}: ${(error as Error).stack ?? error}` }),
      );
      continue;
    }
    for (const d of result.diagnostics) diagnostics.push(d);
    for (const file of result.files) {
      if (byPath.has(file.path)) {
        diagnostics.push(diag('PBX9001', { detail: `target ${target.name} writes ${file.path} twice` }));
        continue;
      }
      if (!/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(file.path) || file.path.split('/').includes('..')) {
        diagnostics.push(
          diag('PBX9001', { detail: `target ${target.name} emits unsafe path ${JSON.stringify(file.path)}` }),
        );
        continue;
      }
      const content = normaliseText(file.content);
      byPath.set(file.path, { ...file, content });
    }
  }
  const files = [...byPath.values()].sort((a, b) => compareStrings(a.path, b.path));
  return { files, diagnostics };
}

/** LF line endings and exactly one final newline, without regexes that rescan a 300 MB string. */
export function normaliseText(text: string): string {
  const lf = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  let end = lf.length;
  while (end > 0 && lf.charCodeAt(end - 1) === 10) end--;
  if (end === lf.length - 1) return lf;
  return `${end === lf.length ? lf : lf.slice(0, end)}\n`;
}
