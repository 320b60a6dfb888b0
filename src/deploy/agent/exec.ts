import { spawnSync } from 'node:child_process';

export interface ExecResult {
  readonly ok: boolean;
  readonly status: number | null;
  /** Killed by a signal (or the timeout): the tool's verdict is unknown; the attempt is retried. */
  readonly killed: boolean;
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
  const killed = r.signal !== null || (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  return { ok: r.status === 0 && !r.error, status: r.status, killed, output };
}

/** The first lines of a tool's output, for one log line. */
export function brief(output: string, lines = 3): string {
  return output.split('\n').filter(Boolean).slice(0, lines).join(' | ').slice(0, 500);
}

/**
 * Where a tool's complaint points, without its words: "file:line" of the first location in the output,
 * relative to `root`. Tools quote the offending line (xmllint prints it whole, a password included),
 * so reasons carry the tool, the file and the line number only.
 */
export function located(output: string, roots: readonly { dir: string; as: string }[]): string {
  for (const m of output.matchAll(/(\/[A-Za-z0-9._+/-]+)(?::| line )(\d+)/g)) {
    const file = m[1]!;
    for (const r of roots) {
      if (file === r.dir || file.startsWith(`${r.dir}/`))
        return `${r.as}${file.slice(r.dir.length + 1)}:${m[2]}`;
    }
  }
  return '';
}

/** A tool's failure as a reason: its exit (or signal) and where it points, never its output. */
export function failure(r: ExecResult, roots: readonly { dir: string; as: string }[]): string {
  const where = located(r.output, roots);
  const how = r.killed ? 'killed by a signal or timeout' : `exit ${r.status ?? '?'}`;
  return where ? `${where} (${how})` : how;
}
