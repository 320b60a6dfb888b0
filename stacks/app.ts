import { App } from 'cdktf';
import type { Model } from '../src/index.js';
import { PbxNodeStack } from './pbx-node-stack.js';

/** The cdktf App for a model: one stack per environment. Pure apart from synth(), which writes outdir. */
export function buildApp(model: Model, options: { readonly outdir?: string } = {}): App {
  // Stack traces would put this machine's absolute paths into the JSON.
  const app = new App({ ...(options.outdir ? { outdir: options.outdir } : {}), stackTraces: false });
  for (const env of model.platform.environments) new PbxNodeStack(app, model, env);
  return app;
}
