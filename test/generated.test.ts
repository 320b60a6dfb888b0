import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTree } from '../src/build-tree.js';
import { listTree } from '../src/out/write-tree.js';
import { PLACEHOLDER_PATTERN } from '../src/secrets/placeholder.js';
import { packageVersion } from '../src/util/package-root.js';
import { exampleModel, ROOT } from './helpers/example.js';

const GENERATED = join(ROOT, 'generated');

describe('generated/ (the committed audit tree)', () => {
  it('is exactly what spec/ compiles to (run `npm run compile` when this fails)', async () => {
    const tree = buildTree(await exampleModel(), packageVersion());
    expect(tree.diagnostics).toEqual([]);
    // terraform/ is pbxc synth's part of the tree (test/cloud/terraform-tree-fresh.test.ts).
    const onDisk = (await listTree(GENERATED)).filter((p) => !p.startsWith('terraform/'));
    expect(onDisk).toEqual(tree.files.map((f) => f.path));
    for (const file of tree.files)
      expect(readFileSync(join(GENERATED, file.path), 'utf8'), file.path).toBe(file.content);
  });

  it('holds no secret: only placeholders, LF line ends and no absolute paths of this machine', async () => {
    for (const path of await listTree(GENERATED)) {
      const text = readFileSync(join(GENERATED, path), 'utf8');
      expect(text, path).not.toContain('\r');
      expect(text, path).not.toContain(ROOT);
      expect(text.endsWith('\n'), path).toBe(true);
      for (const m of text.match(PLACEHOLDER_PATTERN) ?? []) expect(m).toMatch(/@r\d+\)$/);
    }
  });
});
