import { describe, expect, it } from 'vitest';
import { exampleModel } from '../helpers/example.js';
import { resources, synthModel, type TfJson } from './synth.js';

/**
 * Issue 19 §4: a node's role reads exactly its own environment's parameters and bundle prefixes.
 * AmazonSSMManagedInstanceCore grants ssm:GetParameter on "*" (with kms:Decrypt via SSM a staging
 * node could read production's secrets), so it must not be attached; Session Manager is written out.
 */
describe('node role isolation (synthesized JSON)', async () => {
  const model = await exampleModel();
  const { stacks } = await synthModel(model);

  const statementsOf = (stack: TfJson): TfJson[] => {
    const docs = stack.data.aws_iam_policy_document as Record<string, TfJson>;
    const [, doc] = Object.entries(docs).find(([k]) => k.startsWith('node-role_policy'))!;
    return doc.statement as TfJson[];
  };

  it.each(['staging', 'production'])('%s: no managed policy reads parameters', (env) => {
    const stack = stacks[`pbxc-voice-example-${env}`]!;
    const arns = resources(stack, 'aws_iam_role_policy_attachment').map((a) => String(a.policy_arn));
    expect(arns.some((a) => a.includes('AmazonSSMManagedInstanceCore'))).toBe(false);
    expect(arns.every((a) => a.endsWith('/CloudWatchAgentServerPolicy'))).toBe(true);
  });

  it.each(['staging', 'production'])('%s: every parameter read names its own environment only', (env) => {
    const other = env === 'staging' ? 'production' : 'staging';
    const statements = statementsOf(stacks[`pbxc-voice-example-${env}`]!);
    for (const s of statements) {
      const actions = s.actions as string[];
      const resourcesOf = s.resources as string[];
      if (actions.some((a) => /^ssm:(Get|Put)Parameter/.test(a))) {
        for (const r of resourcesOf) {
          expect(r).not.toBe('*');
          expect(r).toContain(`:parameter/pbxc/voice-example/${env}/`.replace(/\/$/, ''));
          expect(r).not.toContain(`/${other}/`);
        }
      }
      if (actions.some((a) => a.startsWith('s3:Get'))) {
        for (const r of resourcesOf) expect(r).toMatch(/\/(bundles|agent)\/\*$/);
      }
    }
    const session = statements.find((s) => s.sid === 'SessionManager')!;
    expect(session.actions).toEqual(
      expect.arrayContaining(['ssm:UpdateInstanceInformation', 'ssmmessages:OpenDataChannel']),
    );
    expect((session.actions as string[]).some((a) => /Parameter/.test(a))).toBe(false);
    // No statement grants a wildcard read of parameters or a wildcard action.
    for (const s of statements) {
      for (const a of s.actions as string[]) expect(a).not.toMatch(/^ssm:\*$|^ssm:Get.*\*$|^\*$/);
    }
  });
});
