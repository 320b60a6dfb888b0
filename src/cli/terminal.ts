/** The process edges the CLI may touch, injectable for tests. */
export interface Terminal {
  out(line: string): void;
  err(line: string): void;
  readonly isTTY: boolean;
  readonly color: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export function processTerminal(): Terminal {
  const isTTY = !!process.stderr.isTTY;
  const env = process.env;
  const color = isTTY && env.NO_COLOR === undefined && env.TERM !== 'dumb';
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    isTTY,
    color: color || (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.NO_COLOR === undefined),
    env,
    cwd: process.cwd(),
  };
}
