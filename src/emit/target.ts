import type { Diagnostic } from '../diag/diagnostic.js';
import type { Model, SecretRef, TenantModel } from '../model/types.js';

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
  /**
   * "base64": a binary file (a media WAV of the rendered tree); `content` is its base64 form and the
   * file is written, hashed and packed as the decoded bytes. Text files are UTF-8.
   */
  readonly encoding?: 'base64';
}

/** The bytes a file is written as. */
export function fileBytes(f: EmittedFile): Buffer {
  return Buffer.from(f.content, f.encoding === 'base64' ? 'base64' : 'utf8');
}

export interface EmitResult {
  readonly files: readonly EmittedFile[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * A target whose files split into shared ones and one set per tenant. A tenant's part sees the
 * platform and that tenant only (`ctx.model.tenants` is `[tenant]`, `specDigest` is empty), so
 * it is a function of those two slices of the model: a build reuses it from the previous tree
 * for a tenant whose slice, the platform and the compiler did not change (see emit-all.ts).
 */
export interface TenantSplit {
  /** Files that depend on the whole spec (every tenant). */
  shared(ctx: EmitContext): EmitResult;
  /** The files of one tenant. */
  tenant(ctx: EmitContext, tenant: TenantModel): EmitResult;
}

/** A compilation target: a pure function from the model to files. */
export interface Target {
  /** Short name, also the first folder of its files ("freeswitch", "phones", ...). */
  readonly name: string;
  readonly description: string;
  emit(ctx: EmitContext): EmitResult;
  /** When present, emit-all runs this instead of emit() (same files, per tenant). */
  readonly split?: TenantSplit;
}

/** The context a tenant's part runs in: the platform and that one tenant. */
export function tenantContext(ctx: EmitContext, tenant: TenantModel): EmitContext {
  const model: Model = { platform: ctx.model.platform, tenants: [tenant], specDigest: '' };
  return { model, mode: ctx.mode, secret: ctx.secret };
}

/** A target built from a split: emit() is the shared files plus every tenant's. */
export function splitTarget(name: string, description: string, split: TenantSplit): Target {
  return {
    name,
    description,
    split,
    emit(ctx) {
      const shared = split.shared(ctx);
      const files = [...shared.files];
      const diagnostics = [...shared.diagnostics];
      for (const tenant of ctx.model.tenants) {
        const part = split.tenant(tenantContext(ctx, tenant), tenant);
        for (const f of part.files) files.push(f);
        for (const d of part.diagnostics) diagnostics.push(d);
      }
      return { files, diagnostics };
    },
  };
}
