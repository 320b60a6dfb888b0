import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTerraform } from '../../src/cloud/terraform-binary.js';
import { run, specCopy, tempDir } from '../helpers/cli.js';
import { EXAMPLE_SPEC, ROOT } from '../helpers/example.js';

/**
 * synth, plan and apply with a recording fake terraform: every call is logged (folder and
 * arguments), `show -json` answers with a plan, and FAKE_TF_FAIL makes one step fail. The real
 * binary is driven in test/stacks/terraform-e2e.test.ts.
 */
const PLAN_JSON = JSON.stringify({
  format_version: '1.2',
  resource_changes: [
    {
      address: 'aws_instance.nodes_pbx-1_X',
      mode: 'managed',
      type: 'aws_instance',
      change: { actions: ['delete', 'create'] },
    },
    { address: 'aws_eip.service-eip', mode: 'managed', type: 'aws_eip', change: { actions: ['create'] } },
  ],
});

function fakeTerraform(name = 'terraform') {
  const dir = tempDir('cloud-fake-tf-');
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const log = join(dir, 'calls.log');
  writeFileSync(join(dir, 'plan.json'), PLAN_JSON);
  const script = `#!/bin/sh
echo "$(basename "$PWD") $*" >> '${log}'
step="$1"
if [ "$step" = "\${FAKE_TF_FAIL:-}" ]; then echo "Error: fake $step failure" >&2; exit 1; fi
case "$step" in
  plan) for a in "$@"; do case "$a" in -out=*) echo planned > "\${a#-out=}";; esac; done; echo "Plan: 1 to add";;
  show) cat '${join(dir, 'plan.json')}';;
  *) echo "$step ok";;
esac
`;
  writeFileSync(join(bin, name), script);
  chmodSync(join(bin, name), 0o755);
  const calls = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);
  return { dir, bin, calls, env: { PATH: `${bin}:/usr/bin:/bin` } };
}

const stackDir = (cwd: string, env: string) => join(cwd, 'cdktf.out', 'stacks', `pbxc-voice-example-${env}`);

describe('pbxc synth', () => {
  it('writes one environment into its stack folder, byte-identical to the audit tree, and prints customer DNS', async () => {
    const cwd = tempDir('cloud-synth-');
    const r = await run(['synth', '--spec', EXAMPLE_SPEC, '--env', 'staging'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const json = readFileSync(join(stackDir(cwd, 'staging'), 'cdk.tf.json'), 'utf8');
    expect(json).toBe(readFileSync(join(ROOT, 'generated/terraform/staging/cdk.tf.json'), 'utf8'));
    expect(r.stdout).toContain(
      'staging.pbx.bluebird-dental.example. 300 IN CNAME sip.staging.voice.example.net.',
    );
    // staging never asks a customer to point a production name at it
    expect(r.stdout).not.toMatch(/^(; )?sip\.xynap\.tech/m);
  });

  it('writes every environment as the audit tree, identical to the committed one', async () => {
    const out = join(tempDir('cloud-synth-'), 'terraform');
    const r = await run(['synth', '--spec', EXAMPLE_SPEC, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    for (const f of ['MANIFEST.json', 'production/cdk.tf.json', 'staging/customer-dns.txt'])
      expect(readFileSync(join(out, f), 'utf8')).toBe(
        readFileSync(join(ROOT, 'generated/terraform', f), 'utf8'),
      );
  });

  it('needs subnet_ids with vpc_id (a positioned schema error, exit 1)', async () => {
    const spec = specCopy({
      'platform.yaml': (t) =>
        t.replace(
          'production:\n    aws: { region: eu-central-1 }',
          'production:\n    aws: { region: eu-central-1, vpc_id: vpc-0123456789abcdef0 }',
        ),
    });
    const r = await run(['validate', '--spec', spec]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/platform\.yaml:\d+:\d+: error PBX2\d{3}: .*subnet_ids/);
  });

  it('works from the compiled CLI too (stacks compiled into dist/stacks/)', () => {
    const out = join(tempDir('cloud-synth-dist-'), 'staging');
    execFileSync(
      process.execPath,
      [join(ROOT, 'bin/pbxc.js'), 'synth', '--spec', EXAMPLE_SPEC, '--env', 'staging', '--out', out],
      {
        stdio: 'pipe',
      },
    );
    expect(readFileSync(join(out, 'cdk.tf.json'), 'utf8')).toBe(
      readFileSync(join(ROOT, 'generated/terraform/staging/cdk.tf.json'), 'utf8'),
    );
  });

  it('names the known environments for an unknown one (exit 2)', async () => {
    const r = await run(['synth', '--spec', EXAMPLE_SPEC, '--env', 'prod']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown environment "prod" (known: production, staging)');
  });

  it('reports an invalid spec like validate (exit 1), writing nothing', async () => {
    const spec = specCopy({ 'platform.yaml': (t) => t.replace('nodes: 2', 'nodes: two') });
    const cwd = tempDir('cloud-synth-');
    const r = await run(['synth', '--spec', spec, '--env', 'production'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/platform\.yaml:\d+:\d+: error PBX2\d{3}/);
    expect(existsSync(join(cwd, 'cdktf.out'))).toBe(false);
  });
});

describe('pbxc plan', () => {
  it('synthesizes, inits with the plugin mirror, plans into a saved file and summarises it', async () => {
    const tf = fakeTerraform();
    const cwd = tempDir('cloud-plan-');
    const env = { ...tf.env, PBXC_TF_PLUGIN_DIR: '/opt/mirror' };
    const r = await run(
      [
        'plan',
        '--spec',
        EXAMPLE_SPEC,
        '--env',
        'production',
        '--json',
        'out/summary.json',
        '--markdown',
        'out/summary.md',
      ],
      { cwd, env },
    );
    expect(r.code, r.stderr).toBe(0);
    const dir = stackDir(cwd, 'production');
    const planFile = join(dir, 'pbxc.tfplan');
    expect(tf.calls()).toEqual([
      'pbxc-voice-example-production init -input=false -no-color -plugin-dir=/opt/mirror',
      `pbxc-voice-example-production plan -input=false -no-color -out=${planFile}`,
      `pbxc-voice-example-production show -json -no-color ${planFile}`,
    ]);
    expect(existsSync(join(dir, 'cdk.tf.json'))).toBe(true);
    expect(r.stdout).toContain('DESTRUCTIVE: aws_instance.nodes_pbx-1_X: node replaced');
    expect(r.stdout).toContain('production: 2 to add, 0 to change, 1 to destroy; 1 destructive');
    const summary = JSON.parse(readFileSync(join(cwd, 'out/summary.json'), 'utf8'));
    expect(summary).toMatchObject({ environment: 'production', add: 2, change: 0, destroy: 1 });
    expect(summary.destructive).toEqual([
      {
        address: 'aws_instance.nodes_pbx-1_X',
        type: 'aws_instance',
        action: 'replace',
        reason: 'node replaced',
      },
    ]);
    expect(readFileSync(join(cwd, 'out/summary.md'), 'utf8')).toContain('> [!WARNING]');
  });

  it('stops at the failing step and says which (exit 2)', async () => {
    const tf = fakeTerraform();
    const r = await run(['plan', '--spec', EXAMPLE_SPEC, '--env', 'staging'], {
      cwd: tempDir('cloud-plan-'),
      env: { ...tf.env, FAKE_TF_FAIL: 'plan' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Error: fake plan failure');
    expect(r.stderr).toContain('pbxc plan: terraform plan failed (exit 1)');
    expect(tf.calls().map((c) => c.split(' ')[1])).toEqual(['init', 'plan']);
  });

  it('uses tofu when terraform is missing', async () => {
    const tf = fakeTerraform('tofu');
    const r = await run(['plan', '--spec', EXAMPLE_SPEC, '--env', 'staging'], {
      cwd: tempDir('cloud-plan-'),
      env: tf.env,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(tf.calls()).toHaveLength(3);
  });

  it('says so clearly when neither terraform nor tofu exists, or PBXC_TF_BIN is wrong (exit 2)', async () => {
    const none = await run(['plan', '--spec', EXAMPLE_SPEC, '--env', 'staging'], {
      cwd: tempDir('cloud-plan-'),
      env: { PATH: tempDir('cloud-empty-') },
    });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('neither terraform nor tofu is on PATH');
    const wrong = await run(['plan', '--spec', EXAMPLE_SPEC, '--env', 'staging'], {
      cwd: tempDir('cloud-plan-'),
      env: { PATH: '/usr/bin:/bin', PBXC_TF_BIN: '/nonexistent/terraform' },
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('PBXC_TF_BIN=/nonexistent/terraform is not an executable file');
  });

  it('needs --env and rejects an unknown one (exit 2)', async () => {
    expect((await run(['plan', '--spec', EXAMPLE_SPEC])).stderr).toContain(
      '--env is required (known: production, staging)',
    );
    expect((await run(['plan', '--spec', EXAMPLE_SPEC, '--env', 'qa'])).code).toBe(2);
  });
});

describe('pbxc apply', () => {
  it('without --auto-approve or --plan plans, prints the summary and applies nothing (exit 2)', async () => {
    const tf = fakeTerraform();
    const cwd = tempDir('cloud-apply-');
    const r = await run(['apply', '--spec', EXAMPLE_SPEC, '--env', 'production'], { cwd, env: tf.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nothing applied');
    expect(tf.calls().map((c) => c.split(' ')[1])).toEqual(['init', 'plan', 'show']);
  });

  it('with --auto-approve applies exactly the plan it just saved', async () => {
    const tf = fakeTerraform();
    const cwd = tempDir('cloud-apply-');
    const r = await run(['apply', '--spec', EXAMPLE_SPEC, '--env', 'production', '--auto-approve'], {
      cwd,
      env: tf.env,
    });
    expect(r.code, r.stderr).toBe(0);
    const planFile = join(stackDir(cwd, 'production'), 'pbxc.tfplan');
    expect(tf.calls().at(-1)).toBe(`pbxc-voice-example-production apply -input=false -no-color ${planFile}`);
    expect(r.stdout).toContain('applied production');
  });

  it('with --plan applies that file and never plans again', async () => {
    const tf = fakeTerraform();
    const cwd = tempDir('cloud-apply-');
    const saved = join(cwd, 'reviewed.tfplan');
    writeFileSync(saved, 'planned\n');
    const r = await run(['apply', '--spec', EXAMPLE_SPEC, '--env', 'staging', '--plan', 'reviewed.tfplan'], {
      cwd,
      env: tf.env,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(tf.calls().map((c) => c.split(' ').slice(1).join(' '))).toEqual([
      'init -input=false -no-color',
      `show -json -no-color ${saved}`,
      `apply -input=false -no-color ${saved}`,
    ]);
  });

  it('refuses a plan file that does not exist, and reports a failed apply (exit 2)', async () => {
    const tf = fakeTerraform();
    const missing = await run(
      ['apply', '--spec', EXAMPLE_SPEC, '--env', 'staging', '--plan', 'nope.tfplan'],
      {
        cwd: tempDir('cloud-apply-'),
        env: tf.env,
      },
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such plan file');
    expect(tf.calls()).toEqual([]);
    const failed = await run(['apply', '--spec', EXAMPLE_SPEC, '--env', 'staging', '--auto-approve'], {
      cwd: tempDir('cloud-apply-'),
      env: { ...tf.env, FAKE_TF_FAIL: 'apply' },
    });
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain('pbxc apply: terraform apply failed (exit 1)');
  });
});

describe('findTerraform', () => {
  const exists = (paths: string[]) => (p: string) => paths.includes(p);

  it('prefers PBXC_TF_BIN, then terraform, then tofu on PATH', () => {
    const env = { PATH: '/a:/b' };
    expect(findTerraform({ ...env, PBXC_TF_BIN: 'tofu' }, '/', exists(['/b/tofu', '/a/terraform']))).toBe(
      '/b/tofu',
    );
    expect(findTerraform(env, '/', exists(['/b/tofu', '/b/terraform']))).toBe('/b/terraform');
    expect(findTerraform(env, '/', exists(['/b/tofu']))).toBe('/b/tofu');
    expect(findTerraform({ PBXC_TF_BIN: 'bin/tf' }, '/work', exists(['/work/bin/tf']))).toBe('/work/bin/tf');
  });
});

describe('pbxc ha', () => {
  it('refuses a node that is not part of an active/standby group (exit 2)', async () => {
    const dir = tempDir('cloud-ha-');
    writeFileSync(join(dir, 'node.env'), 'PBXC_NODE=pbx-1\nPBXC_PUBLIC_IPV4=198.51.100.7\n');
    const r = await run(['ha', '--node-env', join(dir, 'node.env'), '--once']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not part of an active/standby group');
    const missing = await run(['ha', '--node-env', join(dir, 'absent.env')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read');
  });
});
