import { type PlanSummary, summarizePlan } from './plan-summary.js';
import { runTool } from './run-tool.js';
import { initArgs } from './terraform-binary.js';

/**
 * The Terraform steps behind `pbxc plan` and `pbxc apply`: init, plan into a saved plan file, read
 * it back with `show -json`, and apply exactly that file. Each step names itself when it fails.
 */
export class TerraformStepError extends Error {
  constructor(
    readonly step: string,
    readonly exitCode: number,
  ) {
    super(`terraform ${step} failed (exit ${exitCode})`);
  }
}

export interface TerraformSession {
  readonly bin: string;
  /** The stack folder (holding cdk.tf.json). */
  readonly dir: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly onLine: (line: string) => void;
}

/** Terraform in automation: no prompts, no colour, output meant for logs. */
function toolEnv(env: TerraformSession['env']): Record<string, string | undefined> {
  return { ...env, TF_IN_AUTOMATION: '1', TF_INPUT: '0' };
}

async function step(s: TerraformSession, name: string, args: readonly string[], capture = false) {
  const result = await runTool(s.bin, args, { cwd: s.dir, env: toolEnv(s.env), capture, onLine: s.onLine });
  if (result.code !== 0) throw new TerraformStepError(name, result.code);
  return result.stdout;
}

export async function init(s: TerraformSession): Promise<void> {
  await step(s, 'init', initArgs(s.env));
}

/** Plans into `planFile` and summarises what it would do. */
export async function plan(s: TerraformSession, environment: string, planFile: string): Promise<PlanSummary> {
  await step(s, 'plan', ['plan', '-input=false', '-no-color', `-out=${planFile}`]);
  return show(s, environment, planFile);
}

export async function show(s: TerraformSession, environment: string, planFile: string): Promise<PlanSummary> {
  const json = await step(s, 'show', ['show', '-json', '-no-color', planFile], true);
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new TerraformStepError('show (output is not JSON)', 0);
  }
  return summarizePlan(environment, parsed);
}

/** Applies the saved plan and nothing else: Terraform refuses a plan whose state has moved on. */
export async function apply(s: TerraformSession, planFile: string): Promise<void> {
  await step(s, 'apply', ['apply', '-input=false', '-no-color', planFile]);
}
