import { App } from 'cdktf';
import { environmentModel, type Model } from '../src/index.js';
import { PbxNodeStack } from './pbx-node-stack.js';

/**
 * The cdktf App for a model: one stack per environment (only `environments` when given), each made
 * from what that environment serves (its tenants, domains and trunks). Pure apart from synth(),
 * which writes outdir.
 */
export function buildApp(
  model: Model,
  options: { readonly outdir?: string; readonly environments?: readonly string[] } = {},
): App {
  // Stack traces would put this machine's absolute paths into the JSON.
  const app = new App({ ...(options.outdir ? { outdir: options.outdir } : {}), stackTraces: false });
  for (const env of model.platform.environments) {
    // provider: generic environments have no stack (their hosts are set up with pbxc node-install).
    if (env.provider !== 'aws') continue;
    if (!options.environments || options.environments.includes(env.name))
      new PbxNodeStack(app, environmentModel(model, env), env);
  }
  return app;
}
