import type { SecretRef } from '../model/types.js';

/** What a secret is called in placeholders, messages and the secrets inventory. */
export function secretName(ref: SecretRef): string {
  return ref.kind === 'named' ? ref.name : ref.id;
}

/**
 * The audit tree's stand-in for a secret: names the secret and its revision, so a rotation shows in
 * the diff without revealing anything. Letters, digits and ()/@.:_- only: unchanged by XML, CSV and
 * key=value escaping, and free of "$" so FreeSWITCH never expands it.
 */
export function placeholder(ref: SecretRef): string {
  return `PBXC_SECRET(${secretName(ref)}@r${ref.rev})`;
}

export const PLACEHOLDER_PATTERN = /PBXC_SECRET\([a-z0-9/._:-]+@r[0-9]+\)/g;

/** PBXC_SECRET_<NAME>: upper case, "-" becomes "_". */
export function secretEnvName(name: string): string {
  return `PBXC_SECRET_${name.toUpperCase().replaceAll('-', '_')}`;
}
