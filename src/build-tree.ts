import type { Diagnostic } from './diag/diagnostic.js';
import { emitAll } from './emit/emit-all.js';
import type { EmitMode, EmittedFile } from './emit/target.js';
import type { Model, SecretRef } from './model/types.js';
import { buildManifest, manifestFile } from './out/manifest.js';
import { auditSecret } from './secrets/resolver.js';

export interface Tree {
  /** Every file, MANIFEST.json included, sorted by path. */
  readonly files: readonly EmittedFile[];
  readonly diagnostics: readonly Diagnostic[];
}

/** The whole output tree for a model, in memory. Pure: same model, same bytes. */
export function buildTree(
  model: Model,
  version: string,
  mode: EmitMode = 'audit',
  secret: (ref: SecretRef) => string = auditSecret,
): Tree {
  const { files, diagnostics } = emitAll(model, mode, secret);
  const manifest = manifestFile(buildManifest(files, mode, version, model.specDigest));
  return {
    files: [manifest, ...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    diagnostics,
  };
}
