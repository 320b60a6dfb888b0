/**
 * Escaping for every output format. Every user string that reaches a generated file goes through one
 * of these (or is validated to a safe alphabet by the schema first).
 */

// C0 controls except TAB, plus DEL and the C1 range: never meaningful in a name, and dangerous in
// line-based formats (a newline would start a new key).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g;

// Anything stripControl changes: a clean string (nearly every one) is returned as it is.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const NEEDS_STRIP = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ud800-\udfff\ufffe\uffff]/;

/** Control characters removed (tabs become spaces). */
export function stripControl(text: string): string {
  if (!NEEDS_STRIP.test(text)) return text;
  return text.replace(CONTROL, '').replace(NON_CHARACTERS, '').replaceAll('\t', ' ');
}

// Not characters in XML 1.0 (and meaningless anywhere): U+FFFE, U+FFFF and unpaired surrogates.
const NON_CHARACTERS =
  /[\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const XML_SPECIAL = /[&<>"']/;

/** Text or attribute value in XML: & < > " ' escaped, control characters removed. */
export function escapeXml(text: string): string {
  const clean = stripControl(text);
  if (!XML_SPECIAL.test(clean)) return clean;
  return clean
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/** A value in a line-based "key = value" file: one line, no control characters, trimmed. */
export function lineValue(text: string): string {
  return stripControl(text).trim();
}

/** One CSV field (RFC 4180): quoted when needed; a leading = + - @ is defused against spreadsheet formulas. */
export function csvField(text: string): string {
  let value = stripControl(text);
  if (/^[=+\-@]/.test(value) && !/^\+[0-9]+$/.test(value)) value = `'${value}`;
  return /[",\n\r]/.test(value) || value !== value.trim() ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Literal text inside a regular expression (PCRE / JS). */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}
