import type { PlatformModel } from '../../model/types.js';

const LOOPBACK = ['127.0.0.1/8', '::1'];

/** Loopback plus every CIDR of every whitelist in fail2ban.ignore, IPv4 then IPv6, each once. */
export function ignoreIps(platform: PlatformModel): string[] {
  const ignored = new Set(platform.firewall.fail2ban.ignore);
  const lists = platform.firewall.whitelists.filter((w) => ignored.has(w.name));
  return [...new Set([...LOOPBACK, ...lists.flatMap((w) => w.ipv4), ...lists.flatMap((w) => w.ipv6)])];
}
