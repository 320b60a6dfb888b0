import { existsSync, lstatSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { escapeRegex } from '../../util/escape.js';
import type { AgentConfig } from './config.js';

/**
 * What an interrupted run leaves behind: staging and check folders (full rendered trees, secrets
 * included), partial downloads, temporary links and state files. Called while holding the lock, so
 * none of them belongs to a live run: every one is removed. Returns what was removed.
 */
export function removeLeftovers(c: AgentConfig): string[] {
  const removed: string[] = [];
  const sweep = (dir: string, match: RegExp) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      if (!match.test(name)) continue;
      rmSync(join(dir, name), { recursive: true, force: true });
      removed.push(join(dir, name));
    }
  };
  const pid = /\.(staging|check|tmp|pbxc|part|selfsigned)-\d+$|^\.(staging|check)-\d+$/;
  sweep(join(c.stateDir, 'releases'), pid);
  sweep(join(c.stateDir, 'downloads'), /./);
  sweep(c.stateDir, /\.tmp-\d+$|^(state\.json|current)\.(tmp|pbxc-\d+)$/);
  sweep(c.tls.dir, /^\.selfsigned-\d+$|\.tmp$/);
  const links = [
    c.links.freeswitch,
    c.links.phones,
    c.links.provisioningAuth,
    c.links.nginxSite,
    c.links.nftables,
  ];
  for (const link of links) sweep(dirname(link), new RegExp(`^${escapeRegex(basename(link))}\\.pbxc-\\d+$`));
  for (const sub of ['action.d', 'filter.d', 'jail.d']) sweep(join(c.links.fail2ban, sub), /\.pbxc-\d+$/);
  return removed;
}

/** True when `path` is a symlink (lstat, never following it). */
export function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
