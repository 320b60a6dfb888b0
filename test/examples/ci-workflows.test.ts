import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { run } from '../helpers/cli.js';
import { exampleModel, ROOT } from '../helpers/example.js';

/**
 * The CI examples parse as YAML, have the shape their platform needs, and every `pbxc` command
 * and option they run exists in this CLI (checked against each command's --help).
 */
const GITHUB = join(ROOT, 'examples/github-actions/pbx.yml');
const GITLAB = join(ROOT, 'examples/gitlab-ci/.gitlab-ci.yml');

function scripts(node: unknown, out: string[] = []): string[] {
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) for (const n of node) scripts(n, out);
  else if (node && typeof node === 'object') for (const v of Object.values(node)) scripts(v, out);
  return out;
}

/** Every `npx pbxc <command> [--options]` in the text: command and option names. */
function pbxcCalls(text: string): { command: string; options: string[] }[] {
  return [...text.matchAll(/npx pbxc ([a-z-]+)((?:[^\n|&;>]|\n(?=\s*--))*)/g)].map((m) => ({
    command: m[1]!,
    options: [...m[2]!.matchAll(/(?<![\w-])(--[a-z-]+)/g)].map((o) => o[1]!),
  }));
}

describe.each([
  ['GitHub Actions', GITHUB],
  ['GitLab CI', GITLAB],
])('the %s example', (_, file) => {
  const doc = parse(readFileSync(file, 'utf8'), { merge: true });
  const calls = pbxcCalls(scripts(doc).join('\n'));

  it('runs validate, check, diff, synth, plan, apply and publish', () => {
    expect(new Set(calls.map((c) => c.command))).toEqual(
      new Set(['validate', 'check', 'diff', 'synth', 'plan', 'apply', 'publish']),
    );
  });

  it.each(calls.map((c) => [c.command, c.options] as const))(
    'pbxc %s exists and knows %j',
    async (command, options) => {
      const r = await run([command, '--help']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`Usage: pbxc ${command}`);
      for (const option of options) expect(r.stdout, `${command} ${option}`).toContain(option);
    },
  );

  it('applies only a saved plan and never auto-approves', () => {
    const applies = calls.filter((c) => c.command === 'apply');
    expect(applies.length).toBeGreaterThan(0);
    for (const a of applies) {
      expect(a.options).toContain('--plan');
      expect(a.options).not.toContain('--auto-approve');
    }
  });

  it('holds no AWS key and no secret value, only references to the CI store', () => {
    const text = readFileSync(file, 'utf8');
    expect(text).not.toMatch(/AKIA[0-9A-Z]{16}/);
    expect(text).not.toMatch(/aws-secret-access-key|AWS_SECRET_ACCESS_KEY:/i);
    for (const line of text.split('\n').filter((l) => /PBXC_SECRETS?:/.test(l)))
      expect(line).toMatch(/\$\{\{ secrets\.[A-Z_]+ \}\}/);
  });

  it('takes every named secret from one secrets document, never a variable per secret', () => {
    const text = readFileSync(file, 'utf8');
    const code = text
      .split('\n')
      .filter((l) => !l.trimStart().startsWith('#'))
      .join('\n');
    expect(code).not.toMatch(/PBXC_SECRET_[A-Z]/);
    expect(code).not.toMatch(/PBXC_MASTER_KEY/);
    // pbxc's own example secrets never leak into a template users copy.
    expect(text).not.toMatch(/TELEKOM|BLUEBIRD/i);
    const publishes = calls.filter((c) => c.command === 'publish');
    expect(publishes.length).toBeGreaterThan(0);
    expect(code).toMatch(/PBXC_SECRETS: \$\{\{ secrets\.PBXC_SECRETS \}\}|--secrets "\$PBXC_SECRETS_FILE"/);
  });

  it('runs Node 22', () => {
    const versions = [...readFileSync(file, 'utf8').matchAll(/node-version: (\S+)|image: node:(\d+)/g)].map(
      (m) => m[1] ?? m[2],
    );
    expect(versions.length).toBeGreaterThan(0);
    for (const v of versions) expect(v).toBe('22');
  });

  it('uses separate credentials for planning (read-only) and for apply/publish', () => {
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('PBXC_AWS_PLAN_ROLE_ARN');
    expect(text).toContain('PBXC_AWS_APPLY_ROLE_ARN');
    expect(text).not.toMatch(/PBXC_AWS_ROLE_ARN/);
  });
});

describe('the GitHub Actions workflow', () => {
  const wf = parse(readFileSync(GITHUB, 'utf8'));

  it('plans on pull requests with OIDC and posts the summary, applies and publishes on main', () => {
    expect(Object.keys(wf.on).sort()).toEqual(['pull_request', 'push']);
    expect(wf.permissions).toEqual({ contents: 'read' });
    const { plan, apply } = wf.jobs;
    expect(plan.permissions).toMatchObject({ 'id-token': 'write', 'pull-requests': 'write' });
    expect(plan.if).toContain('pull_request');
    expect(plan.steps.some((s: { run?: string }) => s.run?.includes('gh pr comment'))).toBe(true);
    expect(apply.if).toContain('refs/heads/main');
    expect(apply.permissions['id-token']).toBe('write');
    const runs = apply.steps.map((s: { run?: string }) => s.run ?? '');
    const applyAt = runs.findIndex((r: string) => r.includes('pbxc apply'));
    const publishAt = runs.findIndex((r: string) => r.includes('pbxc publish'));
    expect(applyAt).toBeGreaterThan(-1);
    expect(publishAt).toBeGreaterThan(applyAt);
    const creds = (job: { steps: { uses?: string; with?: Record<string, string> }[] }) =>
      job.steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials'))!.with!;
    expect(creds(apply)['role-to-assume']).toContain('vars.PBXC_AWS_APPLY_ROLE_ARN');
    expect(creds(plan)['role-to-assume']).toContain('vars.PBXC_AWS_PLAN_ROLE_ARN');
    // The secrets reach only the publish step of the apply job, never a pull-request job.
    const withSecrets = (job: { steps: { env?: Record<string, string>; run?: string }[] }) =>
      job.steps.filter((s) => JSON.stringify(s.env ?? {}).includes('secrets.'));
    expect(withSecrets(plan)).toEqual([]);
    expect(withSecrets(wf.jobs.spec)).toEqual([]);
    const secretSteps = withSecrets(apply).map((s) => s.run ?? '');
    expect(secretSteps).toHaveLength(1);
    expect(secretSteps[0]).toMatch(/^npx pbxc publish --env /);
  });

  it('pins every action to a commit digest', () => {
    const uses = Object.values<{ steps: { uses?: string }[] }>(wf.jobs).flatMap((j) =>
      j.steps.flatMap((s) => (s.uses ? [s.uses] : [])),
    );
    expect(uses.length).toBeGreaterThan(5);
    for (const u of uses) expect(u).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
  });

  it('plans and applies every environment of the example spec, staging first', async () => {
    const envs = (await exampleModel()).platform.environments.map((e) => e.name);
    expect([...wf.jobs.plan.strategy.matrix.env].sort()).toEqual(envs);
    expect(wf.jobs.apply.strategy.matrix.env).toEqual(['staging', 'production']);
    expect(wf.jobs.apply.strategy['max-parallel']).toBe(1);
  });
});

describe('the GitLab CI pipeline', () => {
  const ci = parse(readFileSync(GITLAB, 'utf8'), { merge: true });

  it('uses OIDC id_tokens, plans on merge requests and applies production by hand after staging', () => {
    expect(ci.plan.id_tokens.AWS_ID_TOKEN.aud).toBe('sts.amazonaws.com');
    expect(ci.plan.rules[0].if).toContain('merge_request_event');
    expect(ci['apply-production'].needs).toEqual(['apply-staging']);
    expect(ci['apply-production'].when).toBe('manual');
    expect(ci['apply-staging'].script.flat().join('\n')).toMatch(/pbxc apply[^\n]*\n[\s\S]*pbxc publish/);
  });
});
