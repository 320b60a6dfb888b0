import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main.js';
import type { Terminal } from '../../../src/cli/terminal.js';
import { EXAMPLE_SPEC } from '../../helpers/example.js';

/** Fixed test credentials: rendered trees are reproducible, and tests can derive SIP passwords. */
export const LIVE_MASTER_KEY = 'fs-live-test-master-key-0123456789';
export const LIVE_SECRETS: Readonly<Record<string, string>> = {
  'telekom-trunk': 'telekom-live-secret',
  'bluebird-gamma': 'gamma-live-secret',
};

export interface Rendered {
  /** The rendered bundle (freeswitch/, fail2ban/, ...). */
  readonly dir: string;
  readonly conf: string;
  readonly spec: string;
}

async function cli(argv: string[], env: Record<string, string>): Promise<{ code: number; text: string }> {
  const lines: string[] = [];
  const term: Terminal = {
    out: (l) => lines.push(l),
    err: (l) => lines.push(l),
    isTTY: false,
    color: false,
    env,
    cwd: process.cwd(),
  };
  const code = await main(argv, term);
  return { code, text: lines.join('\n') };
}

/** `pbxc render` (the real command, in process) of a spec with the test master key and secrets. */
export async function renderSpec(
  root: string,
  spec = EXAMPLE_SPEC,
  secrets: Readonly<Record<string, string>> = LIVE_SECRETS,
): Promise<Rendered> {
  const dir = join(root, 'bundle');
  const secretsFile = join(root, 'secrets.yaml');
  writeFileSync(
    secretsFile,
    Object.entries(secrets)
      .map(([k, v]) => `${k}: ${JSON.stringify(v)}\n`)
      .join(''),
    { mode: 0o600 },
  );
  const r = await cli(['render', '--spec', spec, '--out', dir, '--secrets', secretsFile], {
    PBXC_MASTER_KEY: LIVE_MASTER_KEY,
  });
  if (r.code !== 0) throw new Error(`pbxc render failed (${r.code}):\n${r.text}`);
  return { dir, conf: join(dir, 'freeswitch'), spec };
}

/** SIP credentials of an extension, from `pbxc credentials` (the same derivation the directory used). */
export async function credentials(
  spec: string,
  tenant: string,
  extension: string,
): Promise<{ username: string; password: string; domain: string }> {
  const r = await cli(['credentials', '--spec', spec, tenant, extension, '--json'], {
    PBXC_MASTER_KEY: LIVE_MASTER_KEY,
  });
  if (r.code !== 0) throw new Error(`pbxc credentials failed (${r.code}):\n${r.text}`);
  return JSON.parse(r.text);
}

export function liveTempRoot(): string {
  return mkdtempSync(join(tmpdir(), 'fs-live-'));
}
