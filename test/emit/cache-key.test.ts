import { describe, expect, it } from 'vitest';
import { buildTree } from '../../src/build-tree.js';
import { modelDigest, partKeys } from '../../src/emit/cache-key.js';
import { emitAll } from '../../src/emit/emit-all.js';
import { TARGETS } from '../../src/emit/registry.js';
import type { Target } from '../../src/emit/target.js';
import type { Model } from '../../src/model/types.js';
import { auditSecret } from '../../src/secrets/resolver.js';
import { exampleModel } from '../helpers/example.js';

const basis = { version: '1.0.0', code: 'c0de', mode: 'audit' as const };

/** A copy of the model with one tenant's first extension renamed. */
function renamed(model: Model, index: number): Model {
  const copy = structuredClone(model) as unknown as { tenants: { extensions: { name: string }[] }[] };
  copy.tenants[index]!.extensions[0]!.name += ' (moved)';
  return copy as unknown as Model;
}

describe('modelDigest', () => {
  it('is the same for equal values and differs for any change, without one big string', () => {
    const big = { list: Array.from({ length: 50_000 }, (_, i) => ({ n: i, name: `user ${i}` })) };
    expect(modelDigest(big)).toBe(modelDigest(structuredClone(big)));
    const changed = structuredClone(big);
    changed.list[49_999]!.name = 'user 49998';
    expect(modelDigest(changed)).not.toBe(modelDigest(big));
    expect(modelDigest({ a: '1' })).not.toBe(modelDigest({ a: 1 }));
    expect(modelDigest({ a: [1, 2] })).not.toBe(modelDigest({ a: [12] }));
    expect(modelDigest(Object.assign(Object.create(null), { a: 1 }))).toBe(modelDigest({ a: 1 }));
  });

  it('the model holds only what JSON says exactly (plain objects, arrays, strings, numbers, booleans)', async () => {
    const odd: string[] = [];
    const walk = (v: unknown, path: string) => {
      if (v === null || ['string', 'boolean'].includes(typeof v)) return;
      if (typeof v === 'number') {
        if (!Number.isFinite(v)) odd.push(path);
        return;
      }
      if (Array.isArray(v)) {
        v.forEach((x, i) => {
          walk(x, `${path}[${i}]`);
        });
        return;
      }
      const proto = typeof v === 'object' ? Object.getPrototypeOf(v) : undefined;
      if (typeof v !== 'object' || (proto !== Object.prototype && proto !== null)) {
        odd.push(path);
        return;
      }
      for (const [k, x] of Object.entries(v as object)) walk(x, `${path}.${k}`);
    };
    walk(await exampleModel(), 'model');
    expect(odd).toEqual([]);
  });
});

describe('partKeys', () => {
  it('one tenant changed: only its keys change; the platform, code or version change every key', async () => {
    const model = await exampleModel();
    const keys = partKeys(model, TARGETS, basis);
    expect(keys.size).toBe(model.tenants.length * TARGETS.filter((t) => t.split).length);
    const one = partKeys(renamed(model, 1), TARGETS, basis);
    const changed = [...keys].filter(([name, key]) => one.get(name) !== key).map(([name]) => name);
    expect(changed.sort()).toEqual(
      TARGETS.filter((t) => t.split)
        .map((t) => `${t.name}/${model.tenants[1]!.id}`)
        .sort(),
    );
    const platform = structuredClone(model) as unknown as { platform: { sip: { maxRegistrations: number } } };
    platform.platform.sip.maxRegistrations = 99;
    for (const other of [
      partKeys(platform as unknown as Model, TARGETS, basis),
      partKeys(model, TARGETS, { ...basis, code: 'c0df' }),
      partKeys(model, TARGETS, { ...basis, version: '1.0.1' }),
    ])
      for (const [name, key] of keys) expect(other.get(name)).not.toBe(key);
  });
});

describe('emitAll with reuse', () => {
  it('runs the tenant part of a split target only for tenants whose key is not reusable', async () => {
    const model = await exampleModel();
    const calls: string[] = [];
    const spied: Target[] = TARGETS.map((t) =>
      t.split
        ? {
            ...t,
            split: {
              shared: t.split.shared,
              tenant: (ctx, tenant) => {
                calls.push(`${t.name}/${tenant.id}`);
                return t.split!.tenant(ctx, tenant);
              },
            },
          }
        : t,
    );
    const full = buildTree(model, '0.0.0');
    const keys = partKeys(model, spied, basis);
    const first = emitAll(model, 'audit', auditSecret, spied, { keys, reused: new Map() });
    expect(calls).toHaveLength(keys.size);
    const sha = new Map(full.manifest.files.map((f) => [f.path, f]));
    const reused = new Map(
      first.parts
        .filter((p) => !p.name.endsWith(model.tenants[0]!.id))
        .map((p) => [p.key, p.paths.map((path) => sha.get(path)!)]),
    );
    calls.length = 0;
    const second = emitAll(model, 'audit', auditSecret, spied, { keys, reused });
    expect(calls.sort()).toEqual(
      spied
        .filter((t) => t.split)
        .map((t) => `${t.name}/${model.tenants[0]!.id}`)
        .sort(),
    );
    expect(second.counts).toEqual({ emitted: calls.length, reused: keys.size - calls.length });
    // Emitted plus reused is exactly the full tree, and the manifest built from both is the same.
    const paths = [...second.files.map((f) => f.path), ...second.reused.map((f) => f.path)].sort();
    expect(paths).toEqual(first.files.map((f) => f.path));
  });
});
