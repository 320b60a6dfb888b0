import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse, UsageError } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { MIN_MASTER_KEY } from '../secret-sources.js';
import type { Terminal } from '../terminal.js';

export const HELP = `Usage: pbxc keygen [--out FILE]

Generates a new master key: 32 random bytes from the operating system's CSPRNG as
base64url (43 characters; render, publish and credentials need at least ${MIN_MASTER_KEY}).
Every derived credential (SIP passwords, voicemail PINs, phone admin and provisioning
passwords, the event socket password) is computed from it: store it in your CI secret
store and one offline backup before you render anything. docs/keys.md says how to
store, rotate and recover it, and what losing it costs.

Without --out the key is printed on stdout (for a pipe into your secret store's CLI);
with --out it goes into a new file, mode 0600, never replacing an existing one.

Options:
  --out FILE   write the key into FILE (must not exist) instead of stdout

Exit: 0 generated, 2 FILE exists or cannot be written`;

/** A new master key: 256 bits, base64url without padding. */
export function newMasterKey(random: (n: number) => Buffer = randomBytes): string {
  return random(32).toString('base64url');
}

export async function keygen(argv: readonly string[], term: Terminal): Promise<number> {
  const { values, positionals } = parse(argv, {
    help: { type: 'boolean', short: 'h', default: false },
    out: { type: 'string' },
  });
  if (values.help) {
    term.out(HELP);
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new UsageError('keygen takes no arguments (the file goes after --out)');
  const key = newMasterKey();
  if (values.out === undefined) {
    term.out(key);
    term.err('pbxc keygen: store this key in your CI secret store (PBXC_MASTER_KEY) and one offline backup');
    return EXIT.ok;
  }
  const path = resolve(term.cwd, String(values.out));
  try {
    const handle = await open(path, 'wx', 0o600);
    try {
      await handle.writeFile(`${key}\n`);
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    term.err(
      `pbxc keygen: ${code === 'EEXIST' ? `${values.out} exists: a key is never overwritten (rotating it re-keys every phone, see docs/keys.md)` : `cannot write ${values.out}: ${(error as Error).message}`}`,
    );
    return EXIT.usage;
  }
  term.out(
    `wrote a new master key to ${values.out} (mode 0600); use it with --master-key-file or PBXC_MASTER_KEY`,
  );
  return EXIT.ok;
}
