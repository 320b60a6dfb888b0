import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { run, type ToolResult } from '../nftables/nft.js';

const STOCK = '/etc/fail2ban';

export function fail2banUnavailable(): string | undefined {
  const probe = run('fail2ban-client', ['--version']);
  return probe.status === 0 ? undefined : `fail2ban is not installed: ${probe.stderr.trim()}`;
}

export interface Fail2banMatch {
  readonly line: string;
  readonly address: string;
}

/**
 * fail2ban-regex with a filter file over log lines: which lines it takes as failures, and the address
 * it found in each. Two runs (-o msg, -o ip) print the same matches in the same order.
 */
export function fail2banRegex(filterFile: string, lines: readonly string[]): Fail2banMatch[] {
  const dir = mkdtempSync(join(tmpdir(), 'pbxc-f2b-regex-'));
  try {
    const log = join(dir, 'test.log');
    writeFileSync(log, `${lines.join('\n')}\n`);
    const out = (token: string) => {
      const r = run('fail2ban-regex', ['-o', token, log, filterFile]);
      if (r.status !== 0) throw new Error(`fail2ban-regex failed: ${r.stderr}${r.stdout}`);
      return r.stdout.split('\n').filter((l) => l !== '');
    };
    const messages = out('msg');
    const addresses = out('ip');
    if (messages.length !== addresses.length) throw new Error('fail2ban-regex printed unpaired matches');
    return messages.map((line, i) => ({ line, address: addresses[i]! }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A throw-away fail2ban configuration: Debian's stock files plus the generated ones. */
export interface Fail2banTree {
  readonly dir: string;
  test(): ToolResult;
  dump(): ToolResult;
  dispose(): void;
}

/**
 * Copies the stock configuration without its jail.d (Debian enables sshd there, which is not under
 * test), adds the generated files, and points each generated jail's logpath at an empty temporary
 * file in a last jail.d/*.local: fail2ban refuses a jail whose log does not exist, and the real
 * paths (/var/log/...) are not on a test machine. Tests check the real logpaths separately.
 */
export function fail2banTree(files: ReadonlyMap<string, string>, jails: readonly string[]): Fail2banTree {
  const dir = mkdtempSync(join(tmpdir(), 'pbxc-f2b-tree-'));
  for (const entry of readdirSync(STOCK)) {
    if (entry !== 'jail.d') cpSync(join(STOCK, entry), join(dir, entry), { recursive: true });
  }
  for (const [path, content] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  const logs = join(dir, 'test-logs');
  mkdirSync(logs);
  const overrides = jails.map((jail) => {
    writeFileSync(join(logs, `${jail}.log`), '');
    return `[${jail}]\nlogpath = ${join(logs, `${jail}.log`)}\n`;
  });
  writeFileSync(join(dir, 'jail.d', 'zz-test-logpaths.local'), overrides.join('\n'));
  return {
    dir,
    test: () => run('fail2ban-client', ['-c', dir, '-t']),
    dump: () => run('fail2ban-client', ['-c', dir, '-d']),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
