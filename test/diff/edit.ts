import { buildTree } from '../../src/build-tree.js';
import { diffModels } from '../../src/diff/index.js';
import { loadModel } from '../../src/load-model.js';
import type { Model } from '../../src/model/types.js';
import { specCopy } from '../helpers/cli.js';

/** The example spec's model with one text replacement in `file` (which must contain `from`). */
export async function editedExample(file: string, from: string, to: string): Promise<Model> {
  const r = await loadModel(
    specCopy({
      [file]: (t) => {
        if (!t.includes(from)) throw new Error(`fixture edit: ${from} not found in ${file}`);
        return t.replace(from, to);
      },
    }),
  );
  if (!r.model) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  return r.model;
}

/** diffModels over both models' built trees. */
export function diffOf(a: Model, b: Model) {
  return diffModels(a, b, { base: buildTree(a, 'test').files, head: buildTree(b, 'test').files });
}
