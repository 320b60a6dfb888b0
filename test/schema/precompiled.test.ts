import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  loadSchema,
  newAjv,
  precompile,
  precompiled,
  type SchemaName,
  schemaPath,
} from '../../src/schema/validate.js';
import { EXAMPLE_SPEC, ROOT } from '../helpers/example.js';

/**
 * The validators `npm run build` precompiles (Ajv standalone code, scripts/gen-validators.mjs) give
 * exactly the errors of the compiled schema — on the example and on every invalid fixture — and one
 * made from another schema text is never used.
 */
// inside the checkout: the generated code requires Ajv's runtime helpers from node_modules
const dir = mkdtempSync(join(ROOT, 'node_modules', '.precompiled-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const yamlFiles = (root: string): string[] =>
  readdirSync(root).flatMap((n) => {
    const p = join(root, n);
    return statSync(p).isDirectory() ? yamlFiles(p) : n.endsWith('.yaml') ? [p] : [];
  });
const kind = (file: string): SchemaName => (file.endsWith('platform.yaml') ? 'platform' : 'tenant');

describe('precompiled schema validators', () => {
  const made = new Map<SchemaName, ReturnType<typeof precompiled>>();
  for (const name of ['platform', 'tenant'] as const) {
    const text = readFileSync(schemaPath(name), 'utf8');
    const file = join(dir, `${name}.validator.cjs`);
    writeFileSync(file, precompile(text, name));
    made.set(name, precompiled(file, text));
  }
  const compiled = new Map(
    (['platform', 'tenant'] as const).map((n) => [n, newAjv().compile(loadSchema(n))]),
  );

  it('give the same errors as the compiled schemas, on valid and invalid specs', () => {
    const files = [...yamlFiles(EXAMPLE_SPEC), ...yamlFiles(join(ROOT, 'test/fixtures/invalid'))];
    expect(files.length).toBeGreaterThan(30);
    let failing = 0;
    for (const f of files) {
      let value: unknown;
      try {
        value = parse(readFileSync(f, 'utf8'));
      } catch {
        continue; // a fixture that is not YAML at all never reaches the schema
      }
      const a = made.get(kind(f))!;
      const b = compiled.get(kind(f))!;
      // and the same file with an unknown key and a wrong type at the top (verbose errors included)
      const broken = { ...(value as object), bogus_key: 1, id: 42 };
      for (const v of [value, broken]) {
        expect(a(v), f).toBe(b(v));
        expect(JSON.stringify(a.errors ?? null), f).toBe(JSON.stringify(b.errors ?? null));
        if (b.errors) failing++;
      }
    }
    expect(failing).toBeGreaterThan(files.length);
  });

  it('are not used when the schema changed since they were made', () => {
    const text = readFileSync(schemaPath('tenant'), 'utf8');
    const file = join(dir, 'tenant.validator.cjs');
    expect(precompiled(file, text)).toBeDefined();
    expect(precompiled(file, text.replace('"description"', '"description" '))).toBeUndefined();
    expect(precompiled(join(dir, 'missing.cjs'), text)).toBeUndefined();
  });
});
