import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CODES } from '../../src/diag/codes.js';
import type { Diagnostic } from '../../src/diag/diagnostic.js';
import { loadModel } from '../../src/load-model.js';

/**
 * Each folder under test/fixtures/invalid is a spec whose offending lines carry their expected
 * diagnostics inline: `members: ["1000", "1099"]   # ERROR PBX3012` (WARNING for warnings). The
 * diagnostics reported must be exactly those: nothing missing, nothing extra.
 */
const ROOT = fileURLToPath(new URL('../fixtures/invalid', import.meta.url));
const CASES = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

const MARK = /\b(ERROR|WARNING) (PBX[0-9]{4})\b/g;

function specFiles(dir: string): string[] {
  const tenants = join(dir, 'tenants');
  const names = readdirSync(tenants).filter((n) => n.endsWith('.yaml'));
  return ['platform.yaml', ...names.map((n) => `tenants/${n}`)];
}

function expected(dir: string): string[] {
  const out: string[] = [];
  for (const file of specFiles(dir)) {
    readFileSync(join(dir, file), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const comment = line.indexOf('#');
        if (comment < 0) return;
        for (const m of line.slice(comment).matchAll(MARK)) out.push(`${file}:${i + 1} ${m[1]} ${m[2]}`);
      });
  }
  return out.sort();
}

function actual(dir: string, diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics
    .map((d) => {
      const file = d.location ? relative(dir, d.location.file) : '(no location)';
      return `${file}:${d.location?.line ?? 0} ${d.severity.toUpperCase()} ${d.code}`;
    })
    .sort();
}

describe('invalid fixtures report exactly the diagnostics marked inline', () => {
  it.each(CASES)('%s', async (name) => {
    const dir = join(ROOT, name);
    const result = await loadModel(dir);
    const want = expected(dir);
    expect(want.length, 'a fixture declares at least one diagnostic').toBeGreaterThan(0);
    const got = actual(dir, result.diagnostics);
    const explain = result.diagnostics.map(
      (d) =>
        `${d.location ? relative(dir, d.location.file) : ''}:${d.location?.line}:${d.location?.col} ${d.code} ${d.message}`,
    );
    expect(got, explain.join('\n')).toEqual(want);
    if (want.some((w) => w.includes(' ERROR '))) expect(result.model).toBeUndefined();
  });

  it('cover every semantic and model code', () => {
    const covered = new Set(CASES.flatMap((name) => expected(join(ROOT, name)).map((e) => e.split(' ')[2])));
    // Media codes point at files under media/ (a WAV carries no inline mark): each is asserted at its
    // file in test/media/validate-media.test.ts instead.
    const mediaTest = readFileSync(
      fileURLToPath(new URL('../media/validate-media.test.ts', import.meta.url)),
      'utf8',
    );
    for (const c of Object.keys(CODES).filter((c) => /^PBX37/.test(c)))
      if (mediaTest.includes(c)) covered.add(c);
    // Sizing codes need thousands of extensions: their fixture (test/fixtures/specs/registration-capacity)
    // gets generated tenants and carries the inline mark, checked in registration-capacity.test.ts.
    const sizingTest = readFileSync(
      fileURLToPath(new URL('./registration-capacity.test.ts', import.meta.url)),
      'utf8',
    );
    for (const c of Object.keys(CODES).filter((c) => /^PBX381/.test(c)))
      if (sizingTest.includes(`'${c}'`) || sizingTest.includes(`${c}:`)) covered.add(c);
    const codes = Object.keys(CODES).filter((c) => /^PBX[34]/.test(c));
    expect(codes.filter((c) => !covered.has(c))).toEqual([]);
  });
});
