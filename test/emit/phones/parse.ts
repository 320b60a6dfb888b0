import { execFileSync } from 'node:child_process';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** "key = value" lines (Yealink): comments and the version header skipped; a repeated key is an error; boot-file includes keyed by position. */
export function parseKeyValue(text: string, separator = '='): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    // Yealink boot files: include:config "file.cfg", one per file, in order.
    const include = /^include:config "([^"]*)"$/.exec(line);
    if (include) {
      out.set(`include:config ${out.size}`, include[1]!);
      continue;
    }
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

/**
 * Polycom reads every attribute of every element of a config file as a setting; pbxc groups them in
 * child elements of <polycomConfig> with a comment per group. A setting written twice is an error.
 */
export function polycomAttributes(text: string): Record<string, string> {
  const doc = parseXml(text) as { polycomConfig: Record<string, unknown> };
  const out: Record<string, string> = {};
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n);
      return;
    }
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (k.startsWith('@')) {
        const key = k.slice(1);
        if (key in out) throw new Error(`duplicate Polycom setting ${key}`);
        out[key] = String(v);
      } else walk(v);
    }
  };
  walk(doc.polycomConfig);
  return out;
}
