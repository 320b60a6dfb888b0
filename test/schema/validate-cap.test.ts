import { describe, expect, it } from 'vitest';
import { SourceFile } from '../../src/load/source-file.js';
import { MAX_MAPPED_PER_KEYWORD, validateSchema } from '../../src/schema/validate.js';

const HEAD = 'tenant: t\nname: T\ndomain: t.example.net\n';
const unknown = (n: number) => Array.from({ length: n }, (_, i) => `zz${i}: 1\n`).join('');

function run(text: string, max?: number) {
  const file = new SourceFile('spec/tenants/t.yaml', text);
  expect(file.diagnostics).toEqual([]);
  return validateSchema('tenant', file, file.value(), max);
}

describe('schema errors past a cap per kind are counted, not mapped (PBX1090)', () => {
  it('a normal file reports every error at once', () => {
    const r = run(HEAD + unknown(40));
    const codes = r.diagnostics.map((d) => d.code);
    expect(codes.filter((c) => c === 'PBX2001')).toHaveLength(40);
    expect(codes).not.toContain('PBX1090');
  });

  it('past the cap: the first ones in full, one PBX1090 at the first left out, every value still failed', () => {
    const r = run(HEAD + unknown(30), 10);
    const unknownKeys = r.diagnostics.filter((d) => d.code === 'PBX2001');
    expect(unknownKeys).toHaveLength(10);
    const more = r.diagnostics.filter((d) => d.code === 'PBX1090');
    expect(more).toHaveLength(1);
    expect(more[0]!.message).toBe(
      '20 more schema errors of this kind in this file were not examined (the first 10 are reported)',
    );
    // zz10 is the first left out: line 4 + 10.
    expect(more[0]!.location?.line).toBe(14);
    // Later phases leave every failed value out, mapped or not.
    expect(r.failedPaths.filter((p) => String(p[0]).startsWith('zz'))).toHaveLength(30);
    expect(r.failedPaths).toContainEqual(['zz29']);
  });

  it('the default cap is far above what anyone reads and below what costs time', () => {
    expect(MAX_MAPPED_PER_KEYWORD).toBeGreaterThanOrEqual(50);
    expect(MAX_MAPPED_PER_KEYWORD).toBeLessThanOrEqual(1000);
    const r = run(HEAD + unknown(MAX_MAPPED_PER_KEYWORD + 5));
    expect(r.diagnostics.filter((d) => d.code === 'PBX2001')).toHaveLength(MAX_MAPPED_PER_KEYWORD);
    expect(r.diagnostics.at(-1)?.message).toMatch(/^5 more schema errors/);
  });
});
