import type { Diagnostic } from './diag/diagnostic.js';
import { type EmitAllResult, type EmitReuse, emitAll, type ReusedFile } from './emit/emit-all.js';
import type { EmitMode, EmittedFile } from './emit/target.js';
import type { Model, SecretRef } from './model/types.js';
import { buildManifest, type Manifest, manifestFile } from './out/manifest.js';
import { auditSecret } from './secrets/resolver.js';

export interface Tree {
  /** Every emitted file, MANIFEST.json included, sorted by path. */
  readonly files: readonly EmittedFile[];
  /** Files taken unchanged from the previous tree (only with a reuse plan), sorted by path. */
  readonly reused: readonly ReusedFile[];
  readonly diagnostics: readonly Diagnostic[];
  /** The manifest written as MANIFEST.json. */
  readonly manifest: Manifest;
  /** Tenant parts that ran and may be reused by the next build; counts of run and reused parts. */
  readonly parts: EmitAllResult['parts'];
  readonly counts: EmitAllResult['counts'];
}

/**
 * The whole output tree for a model, in memory. Pure: same model, same bytes. With `reuse`
 * (a build over its previous tree), tenant parts whose keys did not change are not run: their
 * files are listed in `reused` with the hashes the previous tree verified.
 */
export function buildTree(
  model: Model,
  version: string,
  mode: EmitMode = 'audit',
  secret: (ref: SecretRef) => string = auditSecret,
  reuse?: EmitReuse,
): Tree {
  const emitted = emitAll(model, mode, secret, undefined, reuse);
  const manifest = buildManifest(emitted.files, mode, version, model.specDigest, emitted.reused);
  return {
    files: [manifestFile(manifest), ...emitted.files].sort((a, b) =>
      a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
    ),
    reused: emitted.reused,
    diagnostics: emitted.diagnostics,
    manifest,
    parts: emitted.parts,
    counts: emitted.counts,
  };
}
