import { fileURLToPath } from 'node:url';
import { loadModel } from '../../src/load-model.js';
import type { Model } from '../../src/model/types.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const EXAMPLE_SPEC = fileURLToPath(new URL('../../spec', import.meta.url));

let cached: Promise<Model> | undefined;

/** The model of the example spec in spec/ (which must be valid). */
export function exampleModel(): Promise<Model> {
  cached ??= loadModel(EXAMPLE_SPEC).then((r) => {
    if (!r.model) throw new Error(`example spec invalid:\n${r.diagnostics.map((d) => d.message).join('\n')}`);
    return r.model;
  });
  return cached;
}
