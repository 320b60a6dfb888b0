#!/usr/bin/env zx
// Refreshes every golden tree: generated/ from spec/, and test/golden/<case>/out from
// test/golden/<case>/spec. The only way golden files change; review the diff like code.
// Run: npm run golden (node --import tsx).
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildTree } from '../src/build-tree.ts';
import { terraformTree } from '../src/cloud/terraform-tree.ts';
import { loadModel } from '../src/load-model.ts';
import { writeTree } from '../src/out/write-tree.ts';
import { packageVersion } from '../src/util/package-root.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const cases = [
  { spec: `${root}spec`, out: `${root}generated` },
  ...readdirSync(`${root}test/golden`)
    .sort()
    .map((name) => ({ spec: `${root}test/golden/${name}/spec`, out: `${root}test/golden/${name}/out` })),
];
let failed = false;
for (const c of cases) {
  const result = await loadModel(c.spec);
  const tree = result.model && buildTree(result.model, packageVersion());
  const errors = [...result.diagnostics, ...(tree?.diagnostics ?? [])].filter((d) => d.severity === 'error');
  if (!tree || errors.length > 0) {
    failed = true;
    console.error(`${c.spec}: ${errors.map((d) => `${d.code} ${d.message}`).join('\n')}`);
    continue;
  }
  await writeTree(c.out, tree.files, { private: false, keep: ['terraform'] });
  console.log(`${c.out.slice(root.length)}: ${tree.files.length} files`);
  if (c.out === `${root}generated`) {
    // The Terraform part of the audit tree (pbxc synth): only this script and synth load cdktf.
    const { synthTerraform } = await import('../stacks/terraform-json.ts');
    const names = result.model.platform.environments.map((e) => e.name);
    const files = terraformTree(result.model, packageVersion(), await synthTerraform(result.model, names));
    await writeTree(`${c.out}/terraform`, files, { private: false });
    console.log(`generated/terraform: ${files.length} files`);
  }
}
process.exit(failed ? 1 : 0);
