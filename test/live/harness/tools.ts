import { accessSync, constants } from 'node:fs';

/** The tools a live test needs; every one is checked before a live file starts anything. */
export const FS_BIN = '/opt/freeswitch/bin/freeswitch';
export const FS_CLI = '/opt/freeswitch/bin/fs_cli';
export const SIPP = '/usr/bin/sipp';
export const IP = '/usr/sbin/ip';
export const FAKETIME_LIB = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';
export const FAIL2BAN_REGEX = '/usr/bin/fail2ban-regex';
export const OPENSSL = '/usr/bin/openssl';
export const PCAP_DIR = '/usr/share/sip-tester';

export function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function readable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Why live tests cannot run here, or undefined when they can: FreeSWITCH, sipp, iproute2 and root
 * (a private network namespace needs CAP_SYS_ADMIN) must all be present.
 */
export function liveUnavailable(extra: readonly string[] = []): string | undefined {
  const missing: string[] = [];
  for (const tool of [FS_BIN, FS_CLI, SIPP, IP, ...extra]) {
    if (!(tool.endsWith('.so.1') ? readable(tool) : executable(tool))) missing.push(tool);
  }
  if (missing.length > 0)
    return `missing ${missing.join(', ')} (install with ../shared/freeswitch/install.sh)`;
  if (process.getuid?.() !== 0) return 'a private network namespace needs root';
  return undefined;
}

/** Says loudly that a live file is skipped, and returns true when it must be. */
export function skipLive(file: string, extra: readonly string[] = []): boolean {
  const reason = liveUnavailable(extra);
  if (reason) console.warn(`SKIPPED: live test ${file} because ${reason}`);
  return reason !== undefined;
}
