import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTree } from '../src/build-tree.js';
import { loadModel } from '../src/load-model.js';
import { listTree } from '../src/out/write-tree.js';
import { packageVersion } from '../src/util/package-root.js';
import { ROOT } from './helpers/example.js';

const GOLDEN = join(ROOT, 'test', 'golden');

describe.each(readdirSync(GOLDEN).sort())('golden case %s', (name) => {
  it('compiles to exactly its committed output (refresh with `npm run golden`, then review the diff)', async () => {
    const result = await loadModel(join(GOLDEN, name, 'spec'));
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const tree = buildTree(result.model!, packageVersion());
    const out = join(GOLDEN, name, 'out');
    expect(await listTree(out)).toEqual(tree.files.map((f) => f.path));
    for (const f of tree.files) expect(readFileSync(join(out, f.path), 'utf8'), f.path).toBe(f.content);
  });
});
