import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { runTool } from '../cloud/run-tool.js';
import { type PbxcSource, VENDOR_DIR } from './source.js';

export class LockfileError extends Error {}

/**
 * The new repository's package-lock.json, made by npm itself (`npm install --package-lock-only`:
 * resolves every version and integrity, installs nothing, runs no script) in a scratch folder
 * beside the target, so relative `file:` paths resolve exactly as they will from the repository.
 * The scratch folder is removed whatever happens.
 */
export async function makeLockfile(
  repoDir: string,
  packageJson: string,
  source: PbxcSource,
  env: Readonly<Record<string, string | undefined>>,
): Promise<string> {
  await mkdir(dirname(repoDir), { recursive: true });
  const scratch = await mkdtemp(join(dirname(repoDir), `.${basename(repoDir)}.pbxc-lock-`));
  try {
    await writeFile(join(scratch, 'package.json'), packageJson);
    if (source.kind === 'tarball') {
      await mkdir(join(scratch, VENDOR_DIR));
      await copyFile(source.path, join(scratch, VENDOR_DIR, basename(source.path)));
    }
    const lines: string[] = [];
    const npm = env.PBXC_NPM || 'npm';
    const result = await runTool(
      npm,
      ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'],
      { cwd: scratch, env: { ...env, npm_config_update_notifier: 'false' }, onLine: (l) => lines.push(l) },
    ).catch((error: Error) => {
      throw new LockfileError(`cannot run ${npm}: ${error.message}`);
    });
    if (result.code !== 0)
      throw new LockfileError(
        `npm could not resolve the dependencies (exit ${result.code}):\n${lines.slice(-15).join('\n')}`,
      );
    return await readFile(join(scratch, 'package-lock.json'), 'utf8');
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
