import { type CheckResult, check } from './compile.js';
import { readSpec } from './load/read-spec.js';

/** Reads and checks a spec folder: the whole front end in one call. */
export async function loadModel(specDir: string): Promise<CheckResult> {
  const { texts, diagnostics } = await readSpec(specDir);
  return check(texts, diagnostics);
}
