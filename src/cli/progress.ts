import type { Terminal } from './terminal.js';

/** Phases shorter than this print nothing: progress is for long runs. */
const QUIET_MS = 300;

/**
 * Times a phase and, on a terminal, prints one line when it is done ("pbxc: checked 200 tenants,
 * 20,000 extensions in 2.1 s"). Silent when stderr is not a terminal (CI logs, pipes, tests).
 */
export async function phase<T>(
  term: Terminal,
  run: () => T | Promise<T>,
  describe: (value: T) => string,
): Promise<T> {
  const start = performance.now();
  const value = await run();
  const ms = performance.now() - start;
  if (term.isTTY && ms >= QUIET_MS) term.err(`pbxc: ${describe(value)} in ${(ms / 1000).toFixed(1)} s`);
  return value;
}

export const count = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
