import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { type Diagnostic, diag } from '../diag/diagnostic.js';
import type { SecretSources } from '../secrets/resolver.js';
import type { Terminal } from './terminal.js';

/** Gathers secret sources: master key (env or file) and named secrets (--secrets YAML map, env). */
export async function secretSources(
  term: Terminal,
  values: { secrets?: string; 'master-key-file'?: string },
): Promise<{ sources: SecretSources; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  let masterKey = term.env.PBXC_MASTER_KEY;
  const keyFile = values['master-key-file'];
  if (keyFile) {
    try {
      masterKey = (await readFile(keyFile, 'utf8')).trim();
    } catch (error) {
      diagnostics.push(diag('PBX1003', { what: keyFile, detail: (error as Error).message }));
    }
  }
  if (masterKey !== undefined && masterKey.length < 16) {
    diagnostics.push(
      diag('PBX6004', {
        file: keyFile ?? 'PBXC_MASTER_KEY',
        detail: 'the master key needs at least 16 characters',
      }),
    );
  }
  const named: Record<string, string> = {};
  if (values.secrets) {
    try {
      const parsed = parse(await readFile(values.secrets, 'utf8')) as unknown;
      if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed)))
        throw new Error('not a map');
      for (const [k, v] of Object.entries((parsed ?? {}) as Record<string, unknown>)) {
        if (typeof v !== 'string' && typeof v !== 'number') {
          diagnostics.push(
            diag('PBX6004', { file: values.secrets, detail: `value of "${k}" must be a string` }),
          );
        } else named[k] = String(v);
      }
    } catch (error) {
      // The file holds secrets: never echo its content, only what is wrong with it.
      const detail =
        (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'not a YAML map of name: value';
      diagnostics.push(diag('PBX6004', { file: values.secrets, detail }));
    }
  }
  return { sources: { ...(masterKey ? { masterKey } : {}), named, env: term.env }, diagnostics };
}
