import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/example.js';

/**
 * cdktf is archived upstream: only stacks/ may load it, so `pbxc validate` and `build` never pay for
 * it and a move to the maintained fork stays one folder's work.
 */
const CDKTF = /^(cdktf|constructs|@cdktf\/)/;
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(join(ROOT, dir), { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.(ts|mts|js|mjs)$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)))
    .sort();
}

async function imports(file: string): Promise<string[]> {
  const text = await readFile(join(ROOT, file), 'utf8');
  return [...text.matchAll(SPECIFIER)].map((m) => m[1]!);
}

describe('module boundaries', async () => {
  const src = await sourceFiles('src');
  const stacks = await sourceFiles('stacks');

  it('finds the files it guards', () => {
    expect(src.length).toBeGreaterThan(10);
    expect(stacks).toContain('stacks/main.ts');
  });

  it.each(src)('%s loads neither cdktf, constructs, the AWS provider nor stacks/', async (file) => {
    for (const spec of await imports(file)) {
      expect(spec).not.toMatch(CDKTF);
      expect(spec).not.toMatch(/(^|\/)stacks\//);
    }
  });

  it.each(stacks)('%s imports provider classes by submodule, never the slow barrel', async (file) => {
    for (const spec of await imports(file)) {
      if (spec.startsWith('@cdktf/provider-aws'))
        expect(spec).toMatch(/^@cdktf\/provider-aws\/lib\/[a-z0-9-]+\/index\.js$/);
    }
  });
});
