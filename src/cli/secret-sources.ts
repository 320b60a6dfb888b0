import { readFile } from 'node:fs/promises';
import { type Diagnostic, diag } from '../diag/diagnostic.js';
import type { SecretSources } from '../secrets/resolver.js';
import { parseSecretsFile } from '../secrets/secrets-file.js';
import type { Terminal } from './terminal.js';

export const MIN_MASTER_KEY = 16;

/**
 * The key of a secrets document that holds the master key instead of a named secret. Named
 * secrets never contain "_", so it cannot shadow one.
 */
export const MASTER_KEY_ENTRY = 'master_key';

/** The environment variable holding a whole secrets document (one CI secret instead of one per name). */
export const SECRETS_DOCUMENT_ENV = 'PBXC_SECRETS';

/**
 * A secrets document (YAML map of name: value, plus optionally master_key) into `into`; problems
 * are reported against `label` without ever echoing a value.
 */
function readDocument(
  text: string,
  label: string,
  into: Record<string, string>,
  diagnostics: Diagnostic[],
): void {
  // Read as text (00123456 stays 00123456); the document holds secrets: never echo its content.
  const file = parseSecretsFile(text);
  if (file.ok) Object.assign(into, file.values);
  else for (const detail of file.problems) diagnostics.push(diag('PBX6004', { file: label, detail }));
}

/**
 * Gathers secret sources: master key and named secrets. The master key comes from
 * --master-key-file, else PBXC_MASTER_KEY, else the master_key entry of the --secrets file, else
 * that of the PBXC_SECRETS document. Named secrets come from the --secrets file, then the
 * PBXC_SECRETS document, then PBXC_SECRET_<NAME> variables (the resolver). `masterKeyGiven` is
 * true when the user passed a key, even a bad one, so callers do not also say "no master key".
 */
export async function secretSources(
  term: Terminal,
  values: { secrets?: string; 'master-key-file'?: string },
): Promise<{ sources: SecretSources; diagnostics: Diagnostic[]; masterKeyGiven: boolean }> {
  const diagnostics: Diagnostic[] = [];
  // Prototype-free: secret names are user text and may be "constructor" or "__proto__".
  const fromFile = Object.create(null) as Record<string, string>;
  const fromEnv = Object.create(null) as Record<string, string>;
  if (values.secrets) {
    try {
      readDocument(await readFile(values.secrets, 'utf8'), values.secrets, fromFile, diagnostics);
    } catch (error) {
      // The file holds secrets: never echo its content, only what is wrong with it.
      diagnostics.push(diag('PBX6004', { file: values.secrets, detail: ioDetail(error) }));
    }
  }
  const document = term.env[SECRETS_DOCUMENT_ENV];
  if (document !== undefined) readDocument(document, SECRETS_DOCUMENT_ENV, fromEnv, diagnostics);

  const keyFile = values['master-key-file'];
  let masterKey: string | undefined;
  let source: string;
  if (keyFile) {
    source = `--master-key-file ${keyFile}`;
    try {
      masterKey = (await readFile(keyFile, 'utf8')).trim();
    } catch (error) {
      diagnostics.push(diag('PBX6005', { source, detail: ioDetail(error) }));
    }
  } else if (term.env.PBXC_MASTER_KEY !== undefined) {
    source = 'PBXC_MASTER_KEY';
    masterKey = term.env.PBXC_MASTER_KEY;
  } else if (fromFile[MASTER_KEY_ENTRY] !== undefined) {
    source = `${values.secrets} (${MASTER_KEY_ENTRY})`;
    masterKey = fromFile[MASTER_KEY_ENTRY].trim();
  } else {
    source = `${SECRETS_DOCUMENT_ENV} (${MASTER_KEY_ENTRY})`;
    masterKey = fromEnv[MASTER_KEY_ENTRY]?.trim();
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
  const named = Object.create(null) as Record<string, string>;
  for (const from of [fromEnv, fromFile])
    for (const [k, v] of Object.entries(from)) if (k !== MASTER_KEY_ENTRY) named[k] = v;
  return {
    sources: { ...(masterKey ? { masterKey } : {}), named, env: term.env },
    diagnostics,
    masterKeyGiven:
      keyFile !== undefined ||
      term.env.PBXC_MASTER_KEY !== undefined ||
      fromFile[MASTER_KEY_ENTRY] !== undefined ||
      fromEnv[MASTER_KEY_ENTRY] !== undefined,
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
