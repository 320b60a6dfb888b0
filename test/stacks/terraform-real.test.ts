import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Model } from '../../src/model/types.js';
import { exampleModel } from '../helpers/example.js';
import { TERRAFORM_MISSING, tf, tfInit } from '../helpers/terraform.js';
import { fixtureModel, synthModel, WHITELIST_SPEC } from './synth.js';
import { failoverConfig, teardownOverride, tftest } from './tftest.js';

/**
 * Every synthesized stack checked by the real Terraform 1.11 and the real AWS provider schema
 * (5.100.0, offline): `terraform validate`, then `terraform test` with a mocked provider, which
 * plans and applies the stack and evaluates the assertions of tftest.ts.
 */
if (TERRAFORM_MISSING) console.warn(`SKIPPED: real Terraform stack tests, because ${TERRAFORM_MISSING}`);

interface Case {
  readonly stack: string;
  readonly dir: string;
  /** plan and apply; an active/standby group also runs the failover. */
  readonly runs: readonly string[];
}

async function prepare(model: Model, root: string, admin: readonly string[]): Promise<Case[]> {
  const { stacks } = await synthModel(model);
  return Promise.all(
    model.platform.environments.map(async (env) => {
      const stack = `pbxc-${model.platform.id}-${env.name}`;
      const json = stacks[stack]!;
      const dir = join(root, env.name);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'cdk.tf.json'), JSON.stringify(json, null, 2));
      await writeFile(join(dir, 'pbxc_teardown_override.tf.json'), teardownOverride(json));
      let test = tftest(json, model, env, admin);
      if (env.nodes > 1) {
        const failover = failoverConfig(json);
        await writeFile(join(dir, 'pbxc_failover.tf.json'), failover.file);
        test += `\n${failover.test}`;
      }
      await writeFile(join(dir, 'pbxc.tftest.hcl'), test);
      await tfInit(dir);
      return { stack, dir, runs: env.nodes > 1 ? ['plan', 'apply', 'failover'] : ['plan', 'apply'] };
    }),
  );
}

describe.skipIf(!!TERRAFORM_MISSING)('the real Terraform on every synthesized stack', () => {
  let root: string;
  let cases: Case[] = [];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'cloud-tf-real-'));
    const example = await exampleModel();
    const whitelist = await fixtureModel(WHITELIST_SPEC);
    cases = [
      ...(await prepare(example, join(root, 'example'), ['203.0.113.0/24'])),
      ...(await prepare(whitelist, join(root, 'whitelist'), ['203.0.113.0/24', '2001:db8:1::/48'])),
    ];
  }, 120_000);
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('covers every environment of the example and the whitelist fixture, failover for the groups', () => {
    expect(cases.filter((c) => c.runs.includes('failover')).map((c) => c.stack)).toEqual([
      'pbxc-voice-example-production',
      'pbxc-stacks-lab-lab',
    ]);
    expect(cases.map((c) => c.stack).sort()).toEqual([
      'pbxc-stacks-lab-edge',
      'pbxc-stacks-lab-lab',
      'pbxc-voice-example-production',
      'pbxc-voice-example-staging',
    ]);
  });

  it('terraform validate accepts each stack', async () => {
    const results = await Promise.all(cases.map((c) => tf(c.dir, ['validate', '-no-color'])));
    results.forEach((r, i) => {
      expect(r.code, `${cases[i]!.stack}:\n${r.out}`).toBe(0);
      expect(r.out).toContain('The configuration is valid');
    });
  }, 120_000);

  it('terraform test plans and applies each stack against the mocked provider, every assertion holding', async () => {
    const results = await Promise.all(cases.map((c) => tf(c.dir, ['test', '-no-color'])));
    results.forEach((r, i) => {
      expect(r.code, `${cases[i]!.stack}:\n${r.out}`).toBe(0);
      const c = cases[i]!;
      expect(r.out).toContain(`Success! ${c.runs.length} passed, 0 failed`);
      for (const name of c.runs) expect(r.out).toContain(`run "${name}"... pass`);
    });
  }, 240_000);
});
