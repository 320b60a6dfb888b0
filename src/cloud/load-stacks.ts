import type { Model } from '../model/types.js';

/** What stacks/terraform-json.ts offers the CLI. */
export interface StacksModule {
  synthTerraform(model: Model, environments: readonly string[]): Promise<Map<string, string>>;
}

export class StacksUnavailableError extends Error {}

/**
 * The packages the stacks load at run time, with the versions pbxc is built and tested against.
 * They are optional peer dependencies of pbxc: the repository that runs synth/plan/apply installs
 * them next to pbxc (`pbxc init` writes them into its package.json); a PBX node, which only runs
 * the agent, never does (the AWS provider bindings alone are ~360 MB).
 */
export const STACK_PACKAGES = {
  cdktf: '0.21.0',
  constructs: '10.8.1',
  '@cdktf/provider-aws': '20.1.0',
} as const;

/** `npm install --save-exact cdktf@0.21.0 …`: what makes synth/plan/apply work in a repository. */
export function stackInstallCommand(): string {
  return `npm install --save-exact ${Object.entries(STACK_PACKAGES)
    .map(([name, version]) => `${name}@${version}`)
    .join(' ')}`;
}

/** The message for a missing stack package; `missing` is the module Node could not find. */
export function stacksUnavailableMessage(missing: string): string {
  return (
    `the AWS stacks need ${Object.entries(STACK_PACKAGES)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')} (optional peer dependencies of pbxc), and ${missing} is not installed. ` +
    `In the repository that holds your spec, run: ${stackInstallCommand()}`
  );
}

/** The package name in Node's "Cannot find package 'x'" / "Cannot find module 'x'" message. */
export function missingPackage(message: string): string {
  const m = /Cannot find (?:package|module) '([^']+)'/.exec(message);
  if (!m) return 'one of them';
  const spec = m[1]!;
  const known = Object.keys(STACK_PACKAGES).find((p) => spec === p || spec.startsWith(`${p}/`));
  return known ?? spec;
}

/**
 * Loads stacks/ (and with it cdktf) at run time, for synth, plan and apply only: validate and build
 * never do. The stacks are compiled with the rest of pbxc (dist/stacks/ beside dist/src/); under
 * the tests the TypeScript sources are imported as they are.
 */
export async function loadStacks(): Promise<StacksModule> {
  const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  const href = new URL(`../../stacks/terraform-json.${ext}`, import.meta.url).href;
  try {
    return (await import(href)) as StacksModule;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND')
      throw new StacksUnavailableError(stacksUnavailableMessage(missingPackage((error as Error).message)));
    throw error;
  }
}
