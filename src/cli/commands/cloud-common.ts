import { mkdir, rename, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { loadStacks, StacksUnavailableError } from '../../cloud/load-stacks.js';
import { NoTerraformError } from '../../cloud/terraform-binary.js';
import { STACK_FILE } from '../../cloud/terraform-tree.js';
import { TerraformStepError } from '../../cloud/workflow.js';
import type { EnvironmentModel, Model } from '../../model/types.js';
import { UsageError } from '../args.js';
import { EXIT } from '../exit-codes.js';
import type { Terminal } from '../terminal.js';

/** The environment --env names, or a usage error naming the ones the spec has. */
export function selectEnvironment(
  model: Model,
  name: unknown,
  options: { readonly aws?: boolean } = {},
): EnvironmentModel {
  const known = model.platform.environments.map((e) => e.name);
  if (typeof name !== 'string' || name === '')
    throw new UsageError(`--env is required (${knownText(known)})`);
  const env = model.platform.environments.find((e) => e.name === name);
  if (!env) throw new UsageError(`unknown environment "${name}" (${knownText(known)})`);
  if (options.aws && env.provider !== 'aws')
    throw new UsageError(
      `environment "${name}" is provider: ${env.provider}: it has no Terraform stack (set its hosts up with pbxc node-install --env ${name})`,
    );
  return env;
}

function knownText(known: readonly string[]): string {
  return known.length > 0 ? `known: ${known.join(', ')}` : 'the spec defines no environments';
}

/**
 * The folder Terraform runs in for an environment: cdktf's own layout, three levels below the
 * project, where the local state path of an environment without `state` points back to.
 */
export function stackDir(cwd: string, platform: string, env: string, given?: unknown): string {
  const dir =
    typeof given === 'string' && given !== ''
      ? given
      : join('cdktf.out', 'stacks', `pbxc-${platform}-${env}`);
  return isAbsolute(dir) ? dir : join(cwd, dir);
}

/** Synthesizes one environment into `dir`/cdk.tf.json, replacing only that file (atomically). */
export async function synthInto(model: Model, env: string, dir: string): Promise<void> {
  const stacks = await loadStacks();
  const json = (await stacks.synthTerraform(model, [env])).get(env)!;
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${STACK_FILE}.pbxc-new-${process.pid}`);
  await writeFile(tmp, json.endsWith('\n') ? json : `${json}\n`);
  await rename(tmp, join(dir, STACK_FILE));
}

/** Errors of the cloud commands that are the user's or the machine's, not pbxc bugs: exit 2. */
export function reportCloudError(term: Terminal, command: string, error: unknown): number {
  if (
    error instanceof StacksUnavailableError ||
    error instanceof NoTerraformError ||
    error instanceof TerraformStepError
  ) {
    term.err(`pbxc ${command}: ${error.message}`);
    return EXIT.usage;
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    term.err(`pbxc ${command}: ${(error as Error).message}`);
    return EXIT.usage;
  }
  throw error;
}
