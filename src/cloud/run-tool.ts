import { spawn } from 'node:child_process';

export interface ToolResult {
  readonly code: number;
  /** Captured standard output (only with capture). */
  readonly stdout: string;
}

export class ToolError extends Error {}

/**
 * Runs a tool without a shell (arguments are passed as they are, nothing is interpreted). Output is
 * handed over line by line, or standard output is captured (for `show -json`). Never rejects on a
 * non-zero exit: the caller decides.
 */
export function runTool(
  bin: string,
  args: readonly string[],
  options: {
    readonly cwd: string;
    readonly env: Readonly<Record<string, string | undefined>>;
    readonly capture?: boolean;
    readonly onLine: (line: string) => void;
  },
): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, [...args], {
      cwd: options.cwd,
      env: options.env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    const lines = (rest: { text: string }) => (data: Buffer) => {
      rest.text += data.toString('utf8');
      const parts = rest.text.split('\n');
      rest.text = parts.pop() ?? '';
      for (const p of parts) options.onLine(p);
    };
    const out = { text: '' };
    const err = { text: '' };
    child.stdout.on('data', options.capture ? (d: Buffer) => chunks.push(d) : lines(out));
    child.stderr.on('data', lines(err));
    child.on('error', (e) => reject(new ToolError(`cannot run ${bin}: ${e.message}`)));
    child.on('close', (code, signal) => {
      for (const rest of [out, err]) if (rest.text) options.onLine(rest.text);
      resolve({ code: code ?? (signal ? 128 : 1), stdout: Buffer.concat(chunks).toString('utf8') });
    });
  });
}
