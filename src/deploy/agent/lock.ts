import { spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';

export class LockedError extends Error {}

/**
 * An exclusive lock: never two agent runs at once. flock(2) on an open file description of
 * agent.lock, taken by util-linux's `flock` on a descriptor the agent passes it: the lock belongs to
 * the agent's descriptor, not to the helper, and the kernel drops it when the agent exits in any way
 * (SIGKILL, reboot). So there is no stale lock to take over, no race between two agents taking one
 * over, no lock file deleted by another run, and a recycled PID cannot wedge the agent. The file is
 * never removed; it holds the owner's pid for the message only.
 */
export function acquireLock(file: string, flock: readonly string[] = ['flock']): () => void {
  const fd = openSync(file, 'a+', 0o600);
  const r = spawnSync(flock[0]!, [...flock.slice(1), '--exclusive', '--nonblock', '3'], {
    stdio: ['ignore', 'ignore', 'pipe', fd],
    encoding: 'utf8',
  });
  if (r.error || (r.status !== 0 && r.status !== 1)) {
    closeSync(fd);
    throw new Error(`cannot lock ${file} with ${flock[0]}: ${r.error?.message ?? r.stderr.trim()}`);
  }
  if (r.status === 1) {
    closeSync(fd);
    let owner = '';
    try {
      owner = readFileSync(file, 'utf8').trim().split(/\s+/)[0] ?? '';
    } catch {
      // unreadable: the message names no pid
    }
    throw new LockedError(`another agent run holds ${file}${/^\d+$/.test(owner) ? ` (pid ${owner})` : ''}`);
  }
  ftruncateSync(fd, 0);
  writeSync(fd, `${process.pid}\n`, 0);
  return () => closeSync(fd);
}
