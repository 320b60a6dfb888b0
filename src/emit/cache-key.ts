import { createHash, type Hash } from 'node:crypto';
import type { Model, TenantModel } from '../model/types.js';
import type { EmitMode, Target } from './target.js';

/** Bumped whenever the meaning of a key changes. */
const KEY_FORMAT = 'pbxc-emit-part-1';

/** Flush to the hash in pieces of this many characters: never one giant string. */
const CHUNK = 1 << 16;

/**
 * The sha256 of the JSON form of a model value, streamed into the hash piece by piece (a
 * 100,000-extension tenant would be a 100 MB string otherwise): the top two levels are walked,
 * each item below them is one JSON.stringify. Keys in insertion order: the model is built
 * deterministically, so the same spec gives the same order. The model holds only plain objects,
 * arrays, strings, numbers and booleans (types.ts; test/emit/cache-key.test.ts checks the
 * example model), which JSON says exactly.
 */
export function modelDigest(value: unknown): string {
  const hash = createHash('sha256');
  let chunk = '';
  const push = (s: string) => {
    chunk += s;
    if (chunk.length >= CHUNK) {
      hash.update(chunk, 'utf8');
      chunk = '';
    }
  };
  feed(value, 0, push);
  hash.update(chunk, 'utf8');
  return hash.digest('hex');
}

function feed(value: unknown, depth: number, push: (s: string) => void): void {
  if (depth >= 2 || value === null || typeof value !== 'object') {
    push(JSON.stringify(value) ?? 'null');
    return;
  }
  if (Array.isArray(value)) {
    push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) push(',');
      feed(value[i], depth + 1, push);
    }
    push(']');
    return;
  }
  push('{');
  let first = true;
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    push(`${first ? '' : ','}${JSON.stringify(key)}:`);
    first = false;
    feed(v, depth + 1, push);
  }
  push('}');
}

/** What decides a tenant part's files besides the tenant: the compiler and the platform. */
export interface KeyBasis {
  readonly version: string;
  /** Digest of the compiler's code (see out/emit-cache.ts). */
  readonly code: string;
  readonly mode: EmitMode;
}

/**
 * The key of every tenant part of every split target: `target/tenant` → key. Equal keys mean
 * equal files, because a part is a pure function of (code, mode, platform slice, tenant slice).
 */
export function partKeys(model: Model, targets: readonly Target[], basis: KeyBasis): Map<string, string> {
  const platform = modelDigest(model.platform);
  const keys = new Map<string, string>();
  const split = targets.filter((t) => t.split);
  if (split.length === 0) return keys;
  for (const tenant of model.tenants) {
    const slice = modelDigest(tenant);
    for (const target of split) {
      const h: Hash = createHash('sha256');
      h.update(
        JSON.stringify([KEY_FORMAT, basis.version, basis.code, basis.mode, target.name, platform, slice]),
      );
      keys.set(partName(target.name, tenant), h.digest('hex'));
    }
  }
  return keys;
}

export function partName(target: string, tenant: TenantModel): string {
  return `${target}/${tenant.id}`;
}
