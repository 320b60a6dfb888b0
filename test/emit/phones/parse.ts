import { execFileSync } from 'node:child_process';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** "key = value" lines (Yealink): comments and the version header skipped; a repeated key is an error. */
export function parseKeyValue(text: string, separator = '='): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const at = line.indexOf(separator);
    if (at < 0) throw new Error(`not a key${separator}value line: ${JSON.stringify(line)}`);
    const key = line.slice(0, at).trim();
    if (out.has(key)) throw new Error(`duplicate key ${key}`);
    out.set(key, line.slice(at + 1).trim());
  }
  return out;
}

/** Cisco SIP 7.x: `key: "value"` or `key: value`. */
export function parseCiscoCnf(text: string): Map<string, string> {
  const raw = parseKeyValue(text, ':');
  return new Map([...raw].map(([k, v]) => [k, v.replace(/^"(.*)"$/, '$1')]));
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false });

/** Parses XML after checking it is well-formed, with fast-xml-parser and with xmllint. */
export function parseXml(text: string): Record<string, unknown> {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`invalid XML: ${JSON.stringify(valid.err)}`);
  execFileSync('xmllint', ['--noout', '-'], { input: text });
  return parser.parse(text) as Record<string, unknown>;
}

/** Polycom's config files keep every setting as an attribute of <polycomConfig>. */
export function polycomAttributes(text: string): Record<string, string> {
  const doc = parseXml(text) as { polycomConfig: Record<string, string> };
  return Object.fromEntries(Object.entries(doc.polycomConfig).map(([k, v]) => [k.replace(/^@/, ''), v]));
}
