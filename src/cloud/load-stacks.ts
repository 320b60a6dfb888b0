import type { Model } from '../model/types.js';

/** What stacks/terraform-json.ts offers the CLI. */
export interface StacksModule {
  synthTerraform(model: Model, environments: readonly string[]): Promise<Map<string, string>>;
}

export class StacksUnavailableError extends Error {}

/**
 * Loads stacks/ (and with it cdktf) at run time, for synth, plan and apply only. From the sources
 * (tests) the TypeScript module is imported as is; from the compiled CLI through tsx, because
 * stacks/ is not part of dist/. Both are development dependencies, like cdktf itself: an install
 * without them gets a clear error, never a stack trace.
 */
export async function loadStacks(): Promise<StacksModule> {
  const href = new URL('../../stacks/terraform-json.ts', import.meta.url).href;
  try {
    if (import.meta.url.endsWith('.ts')) return (await import(href)) as StacksModule;
    const { tsImport } = (await import('tsx/esm/api')) as {
      tsImport(specifier: string, parent: string): Promise<unknown>;
    };
    return (await tsImport(href, import.meta.url)) as StacksModule;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND')
      throw new StacksUnavailableError(
        `the stacks need cdktf, @cdktf/provider-aws and tsx (development dependencies of pbxc): run npm ci without --omit=dev (${(error as Error).message.split('\n')[0]})`,
      );
    throw error;
  }
}
