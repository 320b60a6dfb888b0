import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** Which Terraform-compatible binary runs the plan: PBXC_TF_BIN, else terraform, else tofu on PATH. */
export const CANDIDATES = ['terraform', 'tofu'] as const;

export class NoTerraformError extends Error {}

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Pure apart from the `executable` probe, so tests choose what exists. */
export function findTerraform(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  executable: (path: string) => boolean = isExecutable,
): string {
  const onPath = (name: string) =>
    (env.PATH ?? '')
      .split(delimiter)
      .filter((d) => d !== '')
      .map((d) => join(d, name))
      .find(executable);
  const override = env.PBXC_TF_BIN;
  if (override) {
    const path = override.includes('/')
      ? isAbsolute(override)
        ? override
        : join(cwd, override)
      : onPath(override);
    if (path && executable(path)) return path;
    throw new NoTerraformError(`PBXC_TF_BIN=${override} is not an executable file`);
  }
  for (const name of CANDIDATES) {
    const path = onPath(name);
    if (path) return path;
  }
  throw new NoTerraformError(
    'neither terraform nor tofu is on PATH: install Terraform 1.10 or later (or OpenTofu), or set PBXC_TF_BIN',
  );
}

/** `terraform init` arguments: offline provider mirror from PBXC_TF_PLUGIN_DIR when set. */
export function initArgs(env: Readonly<Record<string, string | undefined>>): string[] {
  const dir = env.PBXC_TF_PLUGIN_DIR;
  return ['init', '-input=false', '-no-color', ...(dir ? [`-plugin-dir=${dir}`] : [])];
}
