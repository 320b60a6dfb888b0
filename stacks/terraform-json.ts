/**
 * The one door from the CLI into stacks/: `pbxc synth`, `plan` and `apply` load this module by
 * dynamic import (validate and build never do), so cdktf is loaded only by the commands that need it.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Model } from '../src/index.js';
import { buildApp } from './app.js';
import { stackName } from './names.js';

/** Each named environment's Terraform JSON (cdk.tf.json), synthesized in a private temporary folder. */
export async function synthTerraform(
  model: Model,
  environments: readonly string[],
): Promise<Map<string, string>> {
  const dir = await mkdtemp(join(tmpdir(), 'pbxc-synth-'));
  try {
    buildApp(model, { outdir: dir, environments }).synth();
    const out = new Map<string, string>();
    for (const env of environments) {
      const file = join(dir, 'stacks', stackName(model.platform.id, env), 'cdk.tf.json');
      out.set(env, await readFile(file, 'utf8'));
    }
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
