import { join } from 'node:path';
import nunjucks from 'nunjucks';
import { lineValue, stripControl } from '../../util/escape.js';
import { packageRoot } from '../../util/package-root.js';

/**
 * How user strings are made safe per output format. Templates always render with autoescape on:
 * - xml: control characters are stripped here, nunjucks' autoescape escapes & < > " '.
 * - line: "key = value" files, where escaping would corrupt a name ("R&D" is not "R&amp;D"): the value
 *   is reduced to one trimmed line here and marked safe, so only a sanitized value reaches the file.
 * - quoted: like line, inside double quotes (Cisco SIP 7.x): the quote character is dropped too.
 */
export type OutputFormat = 'xml' | 'line' | 'quoted';

const { SafeString } = nunjucks.runtime;

function sanitizeString(value: string, format: OutputFormat): string | nunjucks.runtime.SafeString {
  if (format === 'xml') return stripControl(value);
  const line = lineValue(value);
  // An empty value stays a plain (falsy) string, so `{% if value %}` in a template means what it says.
  if (line === '') return '';
  return new SafeString(format === 'quoted' ? line.replaceAll('"', "'") : line);
}

/** A deep copy of `value` with every string made safe for `format`. */
export function sanitize(value: unknown, format: OutputFormat): unknown {
  if (typeof value === 'string') return sanitizeString(value, format);
  if (Array.isArray(value)) return value.map((v) => sanitize(v, format));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sanitize(v, format)]));
  }
  return value;
}

let env: nunjucks.Environment | undefined;

function environment(): nunjucks.Environment {
  env ??= new nunjucks.Environment(
    new nunjucks.FileSystemLoader(join(packageRoot(), 'src', 'emit', 'phones', 'templates')),
    { autoescape: true, throwOnUndefined: true, trimBlocks: true, lstripBlocks: true },
  );
  return env;
}

/** Renders `templates/<name>` with the data sanitized for the format. */
export function renderTemplate(name: string, data: Record<string, unknown>, format: OutputFormat): string {
  return environment().render(name, sanitize(data, format) as object);
}
