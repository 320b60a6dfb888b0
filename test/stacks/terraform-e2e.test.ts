import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, tempDir } from '../helpers/cli.js';
import { EXAMPLE_SPEC } from '../helpers/example.js';
import { type FakeAws, fakeAws, offlineOverride } from '../helpers/fake-aws.js';
import { PLUGIN_DIR, TERRAFORM_MISSING, tf, tfEnv } from '../helpers/terraform.js';

/**
 * `pbxc plan` and `pbxc apply` end to end with the real terraform and the real AWS provider: the
 * provider's read calls go to a fake AWS API on loopback (through an override file the test puts
 * next to the stack, which pbxc synth leaves alone), so the plan file, `show -json` and the summary
 * are Terraform's own. The apply of that saved plan then fails at its first create, as it must
 * without an AWS account, and pbxc reports it.
 */
if (TERRAFORM_MISSING)
  console.warn(`SKIPPED: pbxc plan/apply with the real Terraform, because ${TERRAFORM_MISSING}`);

describe.skipIf(!!TERRAFORM_MISSING)('pbxc plan and apply with the real terraform', () => {
  let aws: FakeAws;
  const cwd = tempDir('cloud-e2e-');
  const dir = join(cwd, 'cdktf.out', 'stacks', 'pbxc-voice-example-production');
  const env = () => tfEnv({ PBXC_TF_PLUGIN_DIR: PLUGIN_DIR! });

  beforeAll(async () => {
    aws = await fakeAws({
      region: 'eu-central-1',
      zones: ['voice.example.net', 'staging.voice.example.net'],
    });
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'pbxc_offline_override.tf.json'),
      offlineOverride('eu-central-1', aws.endpoint, join(cwd, 'production.tfstate')),
    );
  });
  afterAll(() => aws?.close());

  it('plans production into a saved plan and summarises what Terraform says it will do', async () => {
    const r = await run(
      [
        'plan',
        '--spec',
        EXAMPLE_SPEC,
        '--env',
        'production',
        '--json',
        'summary.json',
        '--out',
        'production.tfplan',
      ],
      { cwd, env: env() },
    );
    expect(r.code, r.stderr).toBe(0);
    const stack = JSON.parse(readFileSync(join(dir, 'cdk.tf.json'), 'utf8'));
    const resources = Object.values<Record<string, unknown>>(stack.resource).reduce(
      (n, blocks) => n + Object.keys(blocks).length,
      0,
    );
    const summary = JSON.parse(readFileSync(join(cwd, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({
      environment: 'production',
      add: resources,
      change: 0,
      destroy: 0,
      destructive: [],
    });
    // Terraform's own words in the human output pbxc passed through.
    expect(r.stderr).toContain(`Plan: ${resources} to add, 0 to change, 0 to destroy.`);
    expect(r.stdout).toContain(`production: ${resources} to add, 0 to change, 0 to destroy`);
    expect(aws.requests).toEqual(
      expect.arrayContaining(['DescribeImages', 'DescribeAvailabilityZones', 'GetCallerIdentity']),
    );
    expect(aws.requests.some((q) => q.startsWith('GET /2013-04-01/hostedzone'))).toBe(true);
    // The saved plan holds no secret.
    const shown = await tf(dir, ['show', '-json', join(cwd, 'production.tfplan')]);
    expect(shown.code).toBe(0);
    expect(shown.out).not.toContain('PBXC_SECRET');
    expect(shown.out).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY/);
  }, 180_000);

  it('applies exactly that saved plan, and reports the failure when AWS refuses the first create', async () => {
    const before = aws.requests.length;
    const r = await run(
      ['apply', '--spec', EXAMPLE_SPEC, '--env', 'production', '--plan', 'production.tfplan'],
      {
        cwd,
        env: env(),
      },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('pbxc apply: terraform apply failed');
    expect(r.stderr).toContain('pbxc fake AWS');
    // It applied, rather than planned again: creates reached the API.
    expect(
      aws.requests
        .slice(before)
        .some(
          (q) =>
            q.startsWith('Create') || q.startsWith('Allocate') || q.startsWith('PUT') || q.startsWith('POST'),
        ),
    ).toBe(true);
  }, 180_000);

  it('flags a destructive change in a real plan: an Elastic IP in the state that the spec no longer has', async () => {
    const stagingDir = join(cwd, 'cdktf.out', 'stacks', 'pbxc-voice-example-staging');
    mkdirSync(stagingDir, { recursive: true });
    writeFileSync(
      join(stagingDir, 'pbxc_offline_override.tf.json'),
      offlineOverride('eu-central-1', aws.endpoint),
    );
    // Staging keeps local state three folders up from its stack folder: the project root (cwd).
    const retired = {
      mode: 'managed',
      type: 'aws_eip',
      name: 'retired-eip',
      provider: 'provider["registry.terraform.io/hashicorp/aws"]',
      instances: [
        {
          schema_version: 0,
          attributes: {
            id: 'eipalloc-0aaaaaaaaaaaaaaaa',
            allocation_id: 'eipalloc-0aaaaaaaaaaaaaaaa',
            public_ip: '198.51.100.9',
            domain: 'vpc',
            tags: {},
            tags_all: {},
          },
        },
      ],
    };
    writeFileSync(
      join(cwd, 'terraform.pbxc-voice-example-staging.tfstate'),
      JSON.stringify({
        version: 4,
        terraform_version: '1.11.4',
        serial: 1,
        lineage: '3f0c8f2e-0000-4000-8000-000000000001',
        outputs: {},
        resources: [retired],
      }),
    );
    const r = await run(['plan', '--spec', EXAMPLE_SPEC, '--env', 'staging', '--json', 'staging.json'], {
      cwd,
      env: env(),
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('# aws_eip.retired-eip will be destroyed');
    expect(r.stdout).toContain('DESTRUCTIVE: aws_eip.retired-eip: Elastic IP released');
    const summary = JSON.parse(readFileSync(join(cwd, 'staging.json'), 'utf8'));
    expect(summary.destroy).toBe(1);
    expect(summary.destructive).toEqual([
      { address: 'aws_eip.retired-eip', type: 'aws_eip', action: 'delete', reason: 'Elastic IP released' },
    ]);
  }, 180_000);
});
