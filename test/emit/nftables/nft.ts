import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ToolResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command with a hard time limit; never throws. */
export function run(
  command: string,
  args: readonly string[],
  timeoutMs = 20_000,
  input?: string,
): ToolResult {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: timeoutMs, input });
  return {
    status: r.status,
    stdout: r.stdout ?? '',
    stderr: `${r.stderr ?? ''}${r.error ? String(r.error) : ''}`,
  };
}

/**
 * Why `nft -c` cannot run here, or undefined when it can: the binary may be missing, or the sandbox
 * may lack CAP_NET_ADMIN (nft -c still talks to the kernel to validate).
 */
export function nftUnavailable(): string | undefined {
  const probe = nftCheck('table inet pbxc_probe {}\n');
  if (probe.status === 0) return undefined;
  return `nft -c cannot run on this machine: ${probe.stderr.trim() || `exit ${probe.status}`}`;
}

/** `nft -c -f` on the text: validated by the kernel, nothing applied. */
export function nftCheck(ruleset: string): ToolResult {
  const dir = mkdtempSync(join(tmpdir(), 'pbxc-nft-'));
  try {
    const file = join(dir, 'pbx.nft');
    writeFileSync(file, ruleset);
    return run('nft', ['-c', '-f', file]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
