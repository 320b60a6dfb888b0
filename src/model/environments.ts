import type { EnvironmentModel, Model } from './types.js';

/** Environments pbxc's Terraform stacks create (provider aws); generic ones are set up by pbxc node-install. */
export function awsEnvironments(model: Model): EnvironmentModel[] {
  return model.platform.environments.filter((e) => e.provider === 'aws');
}

/** The environment's node names, pbx-1 … pbx-<nodes> (as the stacks and node-install name them). */
export function nodeNames(env: EnvironmentModel): string[] {
  return Array.from({ length: env.nodes }, (_, i) => `pbx-${i + 1}`);
}
