import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { Terminal } from '../../src/cli/terminal.js';
import { EXAMPLE_SPEC } from './example.js';

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process with captured output and a controlled environment. */
export async function run(
  argv: string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const term: Terminal = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    isTTY: false,
    color: false,
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
  };
  const code = await main(argv, term);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

export function tempDir(prefix = 'pbxc-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A copy of the example spec in a temp folder, optionally with edits: file → (text → text). */
export function specCopy(edits: Record<string, (text: string) => string> = {}): string {
  const dir = join(tempDir(), 'spec');
  cpSync(EXAMPLE_SPEC, dir, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const path = join(dir, file);
    writeFileSync(path, edit(readFileSync(path, 'utf8')));
  }
  return dir;
}

export const MASTER_KEY = 'test-master-key-0123456789';
export const SECRETS_ENV = {
  PBXC_MASTER_KEY: MASTER_KEY,
  PBXC_SECRET_TELEKOM_TRUNK: 'Tr-unk&<secret>"42',
  PBXC_SECRET_BLUEBIRD_GAMMA: "gamma'pass word",
};

/** 1-based line of the first line containing `needle` in a spec file (for position assertions). */
export function lineOf(spec: string, file: string, needle: string): number {
  const index = readFileSync(join(spec, file), 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`${needle} not in ${file}`);
  return index + 1;
}

/**
 * The example platform with staging alone, serving every tenant under its own names and trunks (no
 * production beside it, so nothing is served or registered twice): the deploy tests publish staging
 * to one fake node and call the tenants' real domains.
 */
export function soloStaging(platform: string): string {
  return platform
    .replace(/^ {2}production:\n(?: {4}.*\n)*/m, '')
    .replace(/^ {4}tenants: \[[^\n]*\n(?: {4}(?:domains|trunks|dids):[^\n]*\n(?: {6}[^\n]*\n)*)*/m, '');
}
