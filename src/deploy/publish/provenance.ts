import { spawnSync } from 'node:child_process';
import type { Ancestry, Provenance } from './pointer.js';

type Env = Readonly<Record<string, string | undefined>>;

function git(cwd: string, args: readonly string[]): { status: number | null; out: string } {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return { status: r.error ? null : r.status, out: (r.stdout ?? '').trim() };
}

/** Who publishes: PBXC_PUBLISHED_BY, the CI's actor, or the login name. Never a secret. */
export function publisher(env: Env): string {
  const who =
    env.PBXC_PUBLISHED_BY ||
    env.GITHUB_ACTOR ||
    env.GITLAB_USER_LOGIN ||
    env.USER ||
    env.LOGNAME ||
    'unknown';
  return who.replace(/[^A-Za-z0-9@._+:/ -]/g, '_').slice(0, 100);
}

/** The spec checkout's HEAD commit, or undefined outside git. */
export function headCommit(specDir: string): string | undefined {
  const r = git(specDir, ['rev-parse', '--verify', 'HEAD']);
  return r.status === 0 && /^[0-9a-f]{40,64}$/.test(r.out) ? r.out : undefined;
}

export function provenance(specDir: string, env: Env, pbxc: string, now: Date): Provenance {
  const commit = headCommit(specDir);
  return { publishedAt: now.toISOString(), publishedBy: publisher(env), ...(commit ? { commit } : {}), pbxc };
}

/** Is `published` (a commit) contained in the checkout's HEAD? */
export function ancestry(specDir: string, published: string | undefined, head: string | undefined): Ancestry {
  if (!published || !head) return 'unknown';
  if (head.startsWith(published) || published.startsWith(head)) return 'same';
  const r = git(specDir, ['merge-base', '--is-ancestor', published, head]);
  if (r.status === 0) return 'ancestor';
  if (r.status === 1) return 'not-ancestor';
  return 'unknown';
}
