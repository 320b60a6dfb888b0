import { isMap, parseDocument } from 'yaml';

/**
 * A secrets file (a YAML map of name: value) read as text: every value is the exact source text,
 * so `00123456` stays "00123456" and `0x1F` stays "0x1F" (the core schema would turn them into the
 * numbers 123456 and 31). Problems are described by line number only: the file holds secrets, so
 * no message ever quotes a line of it.
 */
export type SecretsFile =
  | { readonly ok: true; readonly values: Readonly<Record<string, string>> }
  | { readonly ok: false; readonly problems: readonly string[] };

export function parseSecretsFile(text: string): SecretsFile {
  if (text.trim() === '') return { ok: true, values: Object.create(null) };
  // failsafe: every scalar is a string, taken verbatim (quoted values are unquoted as usual).
  const doc = parseDocument(text, { schema: 'failsafe', prettyErrors: false, uniqueKeys: true });
  const lineOf = (offset: number | undefined): string => {
    if (offset === undefined) return '';
    let line = 1;
    for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
    return ` (line ${line})`;
  };
  if (doc.errors.length > 0)
    return {
      ok: false,
      problems: [`not valid YAML${lineOf(doc.errors[0]!.pos[0])}`],
    };
  if (doc.contents === null) return { ok: true, values: Object.create(null) };
  if (!isMap(doc.contents)) return { ok: false, problems: ['not a YAML map of name: value'] };
  const parsed = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
  // Prototype-free: secret names are user text and may be "constructor" or "__proto__".
  const values = Object.create(null) as Record<string, string>;
  const problems: string[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    if (value === null || value === undefined) values[key] = '';
    else if (typeof value === 'string') values[key] = value;
    else problems.push(`value of "${key}" must be a string, not a list or map`);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, values };
}
