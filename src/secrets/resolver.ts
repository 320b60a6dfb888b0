import type { Model, SecretRef } from '../model/types.js';
import { derive } from './derive.js';
import { placeholder, secretEnvName, secretName } from './placeholder.js';

export interface SecretSources {
  readonly masterKey?: string;
  /** Named secrets: from the --secrets file, then PBXC_SECRET_<NAME> variables. */
  readonly named: Readonly<Record<string, string>>;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Every SecretRef in the model, by name, in name order. */
export function collectSecrets(model: Model): SecretRef[] {
  const found = new Map<string, SecretRef>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) walk(v);
    } else if (value && typeof value === 'object') {
      const o = value as Record<string, unknown>;
      if (
        (o.kind === 'derived' && typeof o.id === 'string') ||
        (o.kind === 'named' && typeof o.name === 'string')
      ) {
        found.set(secretName(o as unknown as SecretRef), o as unknown as SecretRef);
        return;
      }
      for (const [k, v] of Object.entries(o)) if (k !== 'origin') walk(v);
    }
  };
  walk(model);
  return [...found.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, ref]) => ref);
}

/**
 * The value of a named secret. Names are user text ("constructor", "__proto__"): only own
 * properties count, never anything inherited from Object.prototype.
 */
export function namedSecretValue(sources: SecretSources, name: string): string | undefined {
  const own = (o: Readonly<Record<string, string | undefined>>, k: string) =>
    Object.hasOwn(o, k) && typeof o[k] === 'string' ? o[k] : undefined;
  return own(sources.named, name) ?? own(sources.env, secretEnvName(name));
}

/** Named secrets that are set but empty: a blank password is always a mistake. */
export function emptySecrets(refs: readonly SecretRef[], sources: SecretSources): string[] {
  const names = refs.flatMap((r) => (r.kind === 'named' ? [r.name] : []));
  return [...new Set(names)].filter((name) => namedSecretValue(sources, name) === '');
}

/** The longest secret render accepts: far above any SIP or admin password, far below a stray file. */
export const MAX_SECRET_LENGTH = 256;

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const SECRET_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Why a secret's value cannot be rendered, or undefined when it can. Never quotes the value.
 * "${" is refused because FreeSWITCH expands `$${name}` when it pre-processes its XML and `${name}`
 * in channel variables: a gateway would register with another password. There is no escape for
 * either that still gives the literal text, so the only safe answer is to refuse it.
 */
export function secretValueProblem(value: string): string | undefined {
  if (value.length > MAX_SECRET_LENGTH)
    return `is ${value.length} characters long; pbxc renders secrets of up to ${MAX_SECRET_LENGTH} characters`;
  if (value.includes('${'))
    return 'contains "${", which FreeSWITCH expands as a variable when it loads its configuration';
  if (SECRET_CONTROL.test(value)) return 'contains a control character (a line break or tab?)';
  if (value !== value.trim()) return 'starts or ends with a space';
  return undefined;
}

/** Named secrets whose value cannot be rendered: name and reason, never the value. */
export function badSecrets(
  refs: readonly SecretRef[],
  sources: SecretSources,
): { name: string; problem: string }[] {
  const names = [...new Set(refs.flatMap((r) => (r.kind === 'named' ? [r.name] : [])))];
  return names.flatMap((name) => {
    const value = namedSecretValue(sources, name);
    const problem = value ? secretValueProblem(value) : undefined;
    return problem ? [{ name, problem }] : [];
  });
}

/** Which secrets cannot be resolved: named ones without a value, and derived ones without a master key. */
export function missingSecrets(
  refs: readonly SecretRef[],
  sources: SecretSources,
): { named: string[]; masterKey: boolean } {
  const named = refs
    .filter((r): r is Extract<SecretRef, { kind: 'named' }> => r.kind === 'named')
    .filter((r) => namedSecretValue(sources, r.name) === undefined)
    .map((r) => r.name);
  const masterKey = !sources.masterKey && refs.some((r) => r.kind === 'derived');
  return { named: [...new Set(named)], masterKey };
}

export function auditSecret(ref: SecretRef): string {
  return placeholder(ref);
}

/** Resolves a ref to its real value; call only after missingSecrets() came back empty. */
export function renderSecret(sources: SecretSources): (ref: SecretRef) => string {
  return (ref) => {
    if (ref.kind === 'named') {
      const value = namedSecretValue(sources, ref.name);
      if (value === undefined) throw new Error(`secret ${ref.name} was not checked before rendering`);
      return value;
    }
    if (!sources.masterKey) throw new Error('master key was not checked before rendering');
    return derive(sources.masterKey, ref.id, ref.rev, ref.format);
  };
}
