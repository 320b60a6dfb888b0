import { spawnSync } from 'node:child_process';
import { rename } from 'node:fs/promises';

/**
 * Swaps two existing paths in one atomic step: renameat2(RENAME_EXCHANGE) on Linux. Node has no
 * binding for it, so the call goes through python3's ctypes (glibc ≥ 2.28). Returns false when
 * the platform cannot exchange (no python3, no renameat2, a file system without support); the
 * caller then falls back to two renames and recovers on the next run.
 */
const SCRIPT = `
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
f = getattr(libc, "renameat2", None)
if f is None: sys.exit(10)
if f(-100, os.fsencode(sys.argv[1]), -100, os.fsencode(sys.argv[2]), 2) != 0:
    e = ctypes.get_errno()
    sys.stderr.write(os.strerror(e))
    sys.exit(10 if e in (22, 38, 95) else 11)
`;

let unsupported = false;

export function exchangePaths(a: string, b: string): boolean {
  if (unsupported || process.platform !== 'linux') return false;
  const result = spawnSync('python3', ['-c', SCRIPT, a, b], { encoding: 'utf8', timeout: 30_000 });
  if (result.status === 0) return true;
  if (result.error || result.status === 10) {
    unsupported = true;
    return false;
  }
  throw new Error(`cannot swap ${b} into place: ${result.stderr.trim() || `exit ${result.status}`}`);
}

/**
 * Replaces `target` (an existing folder) by `staging`. Afterwards `staging` holds the old tree.
 * With exchange the switch is one atomic step; otherwise there is a short window without `target`,
 * which recoverStale() repairs on the next run.
 */
export async function switchInto(staging: string, target: string, retired: string): Promise<string> {
  if (exchangePaths(staging, target)) return staging;
  await rename(target, retired);
  try {
    await rename(staging, target);
  } catch (error) {
    await rename(retired, target);
    throw error;
  }
  return retired;
}
