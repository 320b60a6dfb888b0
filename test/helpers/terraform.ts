import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './example.js';

const exec = promisify(execFile);

/** The terraform binary on PATH, if any. */
export function terraformBinary(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v terraform'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The offline provider mirror: PBXC_TF_PLUGIN_DIR, else what the machine's plugin-dir.sh prints.
 * The script lives in ../shared/terraform next to the repository in CI, two levels up from a
 * worktree under /work/wt here.
 */
export function pluginDir(): string | undefined {
  if (process.env.PBXC_TF_PLUGIN_DIR) return process.env.PBXC_TF_PLUGIN_DIR;
  for (const up of ['..', '../..']) {
    const script = join(ROOT, up, 'shared', 'terraform', 'plugin-dir.sh');
    if (!existsSync(script)) continue;
    try {
      const dir = execFileSync('bash', [script], { encoding: 'utf8' }).trim();
      if (dir && existsSync(dir)) return dir;
    } catch {
      // no mirror on this machine
    }
  }
  return undefined;
}

export const TERRAFORM = terraformBinary();
export const PLUGIN_DIR = pluginDir();
export const TERRAFORM_MISSING = !TERRAFORM
  ? 'terraform is not on PATH'
  : !PLUGIN_DIR
    ? 'no offline AWS provider mirror (../shared/terraform/plugin-dir.sh or PBXC_TF_PLUGIN_DIR)'
    : undefined;

/** Environment for terraform in tests: no checkpoint calls, no colour, no CLI config surprises. */
export function tfEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_CLI_CONFIG_FILE: '/dev/null',
    ...extra,
  };
}

export async function tf(dir: string, args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await exec(TERRAFORM!, args, {
      cwd: dir,
      env: tfEnv(),
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, out: `${stdout}${stderr}` };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

export async function tfInit(dir: string): Promise<void> {
  const r = await tf(dir, [
    'init',
    '-backend=false',
    `-plugin-dir=${PLUGIN_DIR}`,
    '-input=false',
    '-no-color',
  ]);
  if (r.code !== 0) throw new Error(`terraform init failed in ${dir}:\n${r.out}`);
}
