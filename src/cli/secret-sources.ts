import { readFile } from 'node:fs/promises';
import { type Diagnostic, diag } from '../diag/diagnostic.js';
import type { SecretSources } from '../secrets/resolver.js';
import { parseSecretsFile } from '../secrets/secrets-file.js';
import type { Terminal } from './terminal.js';

export const MIN_MASTER_KEY = 16;

/**
 * Gathers secret sources: master key (env or file) and named secrets (--secrets YAML map, env).
 * `masterKeyGiven` is true when the user passed a key, even a bad one, so callers do not also say
 * "no master key".
 */
export async function secretSources(
  term: Terminal,
  values: { secrets?: string; 'master-key-file'?: string },
): Promise<{ sources: SecretSources; diagnostics: Diagnostic[]; masterKeyGiven: boolean }> {
  const diagnostics: Diagnostic[] = [];
  let masterKey = term.env.PBXC_MASTER_KEY;
  const keyFile = values['master-key-file'];
  const source = keyFile ? `--master-key-file ${keyFile}` : 'PBXC_MASTER_KEY';
  if (keyFile) {
    try {
      masterKey = (await readFile(keyFile, 'utf8')).trim();
    } catch (error) {
      masterKey = undefined;
      diagnostics.push(diag('PBX6005', { source, detail: ioDetail(error) }));
    }
  }
  if (masterKey !== undefined && masterKey.length < MIN_MASTER_KEY) {
    diagnostics.push(
      diag('PBX6005', {
        source,
        detail: `the master key needs at least ${MIN_MASTER_KEY} characters (has ${masterKey.length})`,
      }),
    );
    masterKey = undefined;
  }
  // Prototype-free: secret names are user text and may be "constructor" or "__proto__".
  const named = Object.create(null) as Record<string, string>;
  if (values.secrets) {
    try {
      const file = parseSecretsFile(await readFile(values.secrets, 'utf8'));
      // The file holds secrets: never echo its content, only what is wrong with it.
      if (file.ok) Object.assign(named, file.values);
      else
        for (const detail of file.problems)
          diagnostics.push(diag('PBX6004', { file: values.secrets, detail }));
    } catch (error) {
      diagnostics.push(diag('PBX6004', { file: values.secrets, detail: ioDetail(error) }));
    }
  }
  return {
    sources: { ...(masterKey ? { masterKey } : {}), named, env: term.env },
    diagnostics,
    masterKeyGiven: keyFile !== undefined || term.env.PBXC_MASTER_KEY !== undefined,
  };
}

/** An IO error in words, without Node's "ENOENT: ..., open '...'" text. */
export function ioDetail(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder, not a file';
    case 'ELOOP':
      return 'symbolic link loop';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'read-only file system';
    default:
      return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  }
}
