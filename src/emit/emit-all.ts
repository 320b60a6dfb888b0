import { type Diagnostic, diag } from '../diag/diagnostic.js';
import type { Model, SecretRef, TenantModel } from '../model/types.js';
import { compareStrings } from '../util/text.js';
import { partName } from './cache-key.js';
import { TARGETS } from './registry.js';
import { type EmitMode, type EmitResult, type EmittedFile, type Target, tenantContext } from './target.js';

/** A file taken unchanged from the previous tree (a tenant part whose key did not change). */
export interface ReusedFile {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly sensitive?: boolean;
}

/** Tenant parts that need not run again: part key → its files, verified in the old tree. */
export interface EmitReuse {
  /** `target/tenant` → key (cache-key.ts partKeys). */
  readonly keys: ReadonlyMap<string, string>;
  /** key → the files that part had. */
  readonly reused: ReadonlyMap<string, readonly ReusedFile[]>;
}

/** A tenant part that ran, with no diagnostics: what a later build may reuse. */
export interface EmittedPart {
  readonly key: string;
  /** `target/tenant`. */
  readonly name: string;
  readonly paths: readonly string[];
}

export interface EmitAllResult {
  /** Sorted by path, unique. */
  readonly files: readonly EmittedFile[];
  /** Files of reused tenant parts, sorted by path (disjoint from files). */
  readonly reused: readonly ReusedFile[];
  /** Keyed tenant parts that ran (for the next build's cache). */
  readonly parts: readonly EmittedPart[];
  readonly diagnostics: readonly Diagnostic[];
  /** Tenant parts run and reused, for progress and tests. */
  readonly counts: { readonly emitted: number; readonly reused: number };
}

const SAFE_PATH = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

/**
 * Runs every target over the model. Output is normalised to LF with one final newline. A target
 * with a tenant split runs its shared part and each tenant's part; with `reuse`, a tenant part
 * whose key is in `reuse.reused` is not run at all and its files come back as `reused`.
 */
export function emitAll(
  model: Model,
  mode: EmitMode,
  secret: (ref: SecretRef) => string,
  targets: readonly Target[] = TARGETS,
  reuse?: EmitReuse,
): EmitAllResult {
  const diagnostics: Diagnostic[] = [];
  const byPath = new Map<string, EmittedFile>();
  const reusedByPath = new Map<string, ReusedFile>();
  const parts: EmittedPart[] = [];
  const counts = { emitted: 0, reused: 0 };
  const ctx = { model, mode, secret };
  const taken = (target: Target, path: string): boolean => {
    if (byPath.has(path) || reusedByPath.has(path)) {
      diagnostics.push(diag('PBX9001', { detail: `target ${target.name} writes ${path} twice` }));
      return false;
    }
    if (!SAFE_PATH.test(path) || path.split('/').includes('..')) {
      diagnostics.push(
        diag('PBX9001', { detail: `target ${target.name} emits unsafe path ${JSON.stringify(path)}` }),
      );
      return false;
    }
    return true;
  };
  const run = (target: Target, emit: () => EmitResult): EmitResult | undefined => {
    try {
      return emit();
    } catch (error) {
      diagnostics.push(
        diag('PBX9001', { detail: `target ${target.name}: ${(error as Error).stack ?? error}` }),
      );
      return undefined;
    }
  };
  const add = (target: Target, result: EmitResult): void => {
    for (const d of result.diagnostics) diagnostics.push(d);
    for (const file of result.files) {
      if (!taken(target, file.path)) continue;
      byPath.set(
        file.path,
        file.encoding === 'base64' ? file : { ...file, content: normaliseText(file.content) },
      );
    }
  };
  const runPart = (target: Target, tenant: TenantModel, key: string | undefined): void => {
    const split = target.split!;
    counts.emitted++;
    const result = run(target, () => split.tenant(tenantContext(ctx, tenant), tenant));
    if (!result) return;
    add(target, result);
    if (key !== undefined && result.diagnostics.length === 0)
      parts.push({ key, name: partName(target.name, tenant), paths: result.files.map((f) => f.path) });
  };
  // Reused parts go in last, and only where none of their paths is taken: an index that lists
  // files another part or a shared file owns makes that part run instead of failing the build.
  const deferred: [Target, TenantModel, string, readonly ReusedFile[]][] = [];
  for (const target of targets) {
    const split = target.split;
    if (!split) {
      const result = run(target, () => target.emit(ctx));
      if (result) add(target, result);
      continue;
    }
    const shared = run(target, () => split.shared(ctx));
    if (!shared) continue;
    add(target, shared);
    for (const tenant of model.tenants) {
      const key = reuse?.keys.get(partName(target.name, tenant));
      const old = key === undefined ? undefined : reuse?.reused.get(key);
      if (key !== undefined && old) deferred.push([target, tenant, key, old]);
      else runPart(target, tenant, key);
    }
  }
  for (const [target, tenant, key, old] of deferred) {
    const paths = new Set(old.map((f) => f.path));
    const free =
      paths.size === old.length && old.every((f) => !byPath.has(f.path) && !reusedByPath.has(f.path));
    if (!free) {
      runPart(target, tenant, key);
      continue;
    }
    counts.reused++;
    for (const f of old) reusedByPath.set(f.path, f);
  }
  const files = [...byPath.values()].sort((a, b) => compareStrings(a.path, b.path));
  const reused = [...reusedByPath.values()].sort((a, b) => compareStrings(a.path, b.path));
  return { files, reused, parts, diagnostics, counts };
}

/** LF line endings and exactly one final newline, without regexes that rescan a 300 MB string. */
export function normaliseText(text: string): string {
  const lf = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  let end = lf.length;
  while (end > 0 && lf.charCodeAt(end - 1) === 10) end--;
  if (end === lf.length - 1) return lf;
  return `${end === lf.length ? lf : lf.slice(0, end)}\n`;
}
