import type { Diagnostic } from '../diag/diagnostic.js';
import type { Model, SecretRef } from '../model/types.js';

/**
 * audit: the tree committed to generated/ — every secret is a placeholder, files that only make sense
 * with real credentials (htpasswd) are left out. render: the deployable tree with secrets filled in.
 */
export type EmitMode = 'audit' | 'render';

export interface EmitContext {
  readonly model: Model;
  readonly mode: EmitMode;
  /** The secret's value (render) or its stable placeholder (audit). Safe in XML, CSV and key=value files. */
  secret(ref: SecretRef): string;
}

export interface EmittedFile {
  /** Relative POSIX path inside the output folder, e.g. "freeswitch/vars.xml". */
  readonly path: string;
  readonly content: string;
  /** Files holding secrets in the rendered tree are written 0600. */
  readonly sensitive?: boolean;
}

export interface EmitResult {
  readonly files: readonly EmittedFile[];
  readonly diagnostics: readonly Diagnostic[];
}

/** A compilation target: a pure function from the model to files. */
export interface Target {
  /** Short name, also the first folder of its files ("freeswitch", "phones", ...). */
  readonly name: string;
  readonly description: string;
  emit(ctx: EmitContext): EmitResult;
}
