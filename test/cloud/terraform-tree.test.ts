import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { terraformTree, terraformTreeProblems } from '../../src/cloud/terraform-tree.js';
import { listTree } from '../../src/out/write-tree.js';
import { packageVersion } from '../../src/util/package-root.js';
import { run, specCopy, tempDir } from '../helpers/cli.js';
import { exampleModel, ROOT } from '../helpers/example.js';

const GENERATED = join(ROOT, 'generated');

async function onDisk(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const p of await listTree(dir)) files.set(p, readFileSync(join(dir, p), 'utf8'));
  return files;
}

describe('the terraform part of the audit tree', async () => {
  const model = await exampleModel();
  const committed = await onDisk(join(GENERATED, 'terraform'));

  it('is committed for every environment, with customer DNS records where needed', () => {
    expect([...committed.keys()]).toEqual([
      'MANIFEST.json',
      'production/cdk.tf.json',
      'production/customer-dns.txt',
      'staging/cdk.tf.json',
      'staging/customer-dns.txt',
    ]);
  });

  it('is fresh: synthesized from this spec by this pbxc, not edited since (run npm run golden)', () => {
    expect(terraformTreeProblems(model, packageVersion(), committed)).toEqual([]);
  });

  it('reports a hand edit, a tree from another spec, a missing and an extra environment', () => {
    const edited = new Map(committed);
    edited.set('staging/cdk.tf.json', `${committed.get('staging/cdk.tf.json')} `);
    expect(terraformTreeProblems(model, packageVersion(), edited)).toEqual([
      { kind: 'stale', path: 'terraform/staging/cdk.tf.json', detail: 'edited after pbxc synth' },
    ]);
    const other = { ...model, specDigest: 'f'.repeat(64) };
    expect(terraformTreeProblems(other, packageVersion(), committed)).toEqual([
      { kind: 'stale', path: 'terraform', detail: 'synthesized from another spec: run pbxc synth' },
    ]);
    const missing = new Map(committed);
    missing.delete('production/cdk.tf.json');
    missing.set('qa/cdk.tf.json', '{}\n');
    expect(terraformTreeProblems(model, packageVersion(), missing)).toEqual([
      { kind: 'missing', path: 'terraform/production/cdk.tf.json' },
      { kind: 'extra', path: 'terraform/qa/cdk.tf.json' },
    ]);
  });

  it('is not required: a tree without terraform/ is fine', () => {
    expect(terraformTreeProblems(model, packageVersion(), new Map())).toEqual([]);
  });

  it('builds the same tree from the same Terraform JSON', () => {
    const json = new Map(
      model.platform.environments.map((e) => [e.name, committed.get(`${e.name}/cdk.tf.json`)!]),
    );
    const files = terraformTree(model, packageVersion(), json);
    expect(new Map(files.map((f) => [f.path, f.content]))).toEqual(committed);
  });
});

describe('pbxc build and check with a terraform tree', () => {
  it('build keeps terraform/, check passes, then flags it once the spec changes', async () => {
    const spec = specCopy();
    const out = join(tempDir('cloud-check-'), 'generated');
    expect((await run(['build', '--spec', spec, '--out', out])).code).toBe(0);
    cpSync(join(GENERATED, 'terraform'), join(out, 'terraform'), { recursive: true });
    // The committed terraform tree belongs to spec/, which the copy equals.
    expect((await run(['build', '--spec', spec, '--out', out])).code).toBe(0);
    expect(readFileSync(join(out, 'terraform', 'MANIFEST.json'), 'utf8')).toBe(
      readFileSync(join(GENERATED, 'terraform', 'MANIFEST.json'), 'utf8'),
    );
    const ok = await run(['check', '--spec', spec, '--out', out]);
    expect(ok.code, ok.stderr).toBe(0);
    const platform = join(spec, 'platform.yaml');
    writeFileSync(platform, readFileSync(platform, 'utf8').replace('nodes: 2', 'nodes: 3'));
    expect((await run(['build', '--spec', spec, '--out', out])).code).toBe(0);
    const stale = await run(['check', '--spec', spec, '--out', out]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain(
      `stale:   ${out}/terraform (synthesized from another spec: run pbxc synth)`,
    );
  });
});
