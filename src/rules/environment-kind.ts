import { diag } from '../diag/diagnostic.js';
import type { Rule } from './rule.js';

/** Keys that only an AWS environment (pbxc's Terraform stacks) uses. */
export const AWS_ONLY_KEYS = ['aws', 'instance_type', 'ssh_key', 'state'] as const;

/**
 * An environment is AWS (the default) or generic (own hosts, S3-compatible storage). Keys of the
 * other kind are mistakes, not silently ignored: a generic environment has no stack to put an
 * instance type in, and an AWS environment keeps its bundles in the bucket its stack creates.
 */
const environmentKind: Rule = {
  name: 'environment-kind',
  check(ctx) {
    const platform = ctx.bound.platform;
    if (!platform || platform.broken.has('environments')) return;
    for (const [name, env] of Object.entries(platform.spec.environments ?? {})) {
      const generic = env.provider === 'generic';
      const wrong = generic
        ? AWS_ONLY_KEYS.filter((k) => env[k] !== undefined)
        : env.storage
          ? ['storage']
          : [];
      for (const key of wrong) {
        ctx.report(
          diag(
            'PBX3092',
            {
              name,
              key,
              kind: generic ? 'generic' : 'aws',
              applies: generic ? 'AWS environments' : 'provider: generic',
            },
            platform.locate(['environments', name, key], 'key'),
          ),
        );
      }
    }
  },
};

export const ENVIRONMENT_KIND_RULES: readonly Rule[] = [environmentKind];
