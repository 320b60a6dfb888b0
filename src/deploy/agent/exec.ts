import { spawnSync } from 'node:child_process';

export interface ExecResult {
  readonly ok: boolean;
  readonly status: number | null;
  readonly output: string;
}

/** Runs one command (argument list, no shell), bounded in time; stdout and stderr together. */
export function exec(argv: readonly string[], timeoutMs = 60_000, input?: string): ExecResult {
  const r = spawnSync(argv[0]!, argv.slice(1), {
    encoding: 'utf8',
    timeout: timeoutMs,
    input,
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? `${r.error.message}\n` : ''}`.trim();
  return { ok: r.status === 0 && !r.error, status: r.status, output };
}

/** The first lines of a tool's output, for one log line. */
export function brief(output: string, lines = 3): string {
  return output.split('\n').filter(Boolean).slice(0, lines).join(' | ').slice(0, 500);
}
