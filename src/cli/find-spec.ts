import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** Commands that read the spec folder (--spec, default spec/). */
export const SPEC_COMMANDS = new Set([
  'validate',
  'build',
  'render',
  'credentials',
  'check',
  'secrets',
  'publish',
  'status',
  'synth',
  'plan',
  'apply',
  'explain',
  'diff',
]);

const isDir = (path: string) => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/**
 * The spec folder for a command run without --spec, like git finds its repository: spec/ in the
 * working folder, else the nearest spec/ (holding platform.yaml) in a folder above, up to the
 * repository root (the first folder with .git) or the file system root. Undefined when there is
 * none or when the working folder has its own spec/ (the default then applies as before).
 */
export function findSpec(cwd: string): string | undefined {
  if (existsSync(join(cwd, 'spec'))) return undefined;
  for (let dir = dirname(cwd), below = cwd; dir !== below; below = dir, dir = dirname(dir)) {
    // The repository root bounds the walk: a spec/ above it belongs to another project.
    if (existsSync(join(below, '.git'))) return undefined;
    if (isDir(join(dir, 'spec')) && existsSync(join(dir, 'spec', 'platform.yaml'))) return join(dir, 'spec');
  }
  return undefined;
}

/** argv with --spec added when the command reads a spec, none was given and one was found above. */
export function withFoundSpec(
  name: string,
  argv: readonly string[],
  cwd: string,
  processCwd: string,
): readonly string[] {
  if (!SPEC_COMMANDS.has(name)) return argv;
  const end = argv.indexOf('--');
  const args = end < 0 ? argv : argv.slice(0, end);
  if (args.some((a) => a === '--spec' || a.startsWith('--spec=') || a === '--help' || a === '-h'))
    return argv;
  const found = findSpec(cwd);
  if (found === undefined) return argv;
  // Relative, as the user would have typed it (messages then read ../../spec/tenants/x.yaml).
  const shown = cwd === processCwd ? relative(cwd, found) || '.' : found;
  return ['--spec', shown, ...argv];
}
