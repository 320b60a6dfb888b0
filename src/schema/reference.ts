import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { packageRoot } from '../util/package-root.js';

/**
 * docs/spec-reference.md, generated from the JSON Schemas (npm run gen; a test keeps it current):
 * every key with its type, whether it is required, its meaning and default (from the schema's
 * description and default), and an example value taken from the example spec in spec/.
 */

type Node = {
  readonly $ref?: string;
  readonly type?: string;
  readonly description?: string;
  readonly enum?: readonly unknown[];
  readonly default?: unknown;
  readonly examples?: readonly unknown[];
  readonly properties?: Readonly<Record<string, Node>>;
  readonly required?: readonly string[];
  readonly items?: Node;
  readonly additionalProperties?: Node | boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly definitions?: Readonly<Record<string, Node>>;
};

interface Row {
  readonly key: string;
  readonly type: string;
  readonly required: boolean;
  readonly meaning: string;
  readonly default?: string;
  readonly example?: string;
}

/** The default a description names ("(default 30)", "default: host"), or the schema's default. */
function defaultOf(node: Node, meaning: string): string | undefined {
  if (node.default !== undefined) return JSON.stringify(node.default);
  const m = /\bdefaults? (?:to |is |:)?\s*([^;)]+?)(?:\)|;|\.(?:\s|$)|,\s|$)/i.exec(meaning);
  return m?.[1]?.trim();
}

const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');

function typeOf(node: Node, defs: Readonly<Record<string, Node>>): string {
  if (node.$ref) {
    const name = node.$ref.split('/').pop()!;
    return `[${name}](#${name.toLowerCase()})`;
  }
  if (node.enum) return node.enum.map((v) => `\`${String(v)}\``).join(' | ');
  if (node.type === 'array') return `list of ${node.items ? typeOf(node.items, defs) : 'values'}`;
  if (node.type === 'integer' && node.minimum !== undefined && node.maximum !== undefined)
    return `integer ${node.minimum}–${node.maximum}`;
  if (
    node.type === 'object' &&
    node.additionalProperties &&
    typeof node.additionalProperties === 'object' &&
    !node.properties
  )
    return `map of name → ${typeOf(node.additionalProperties, defs)}`;
  return node.type ?? 'value';
}

function describe(node: Node, defs: Readonly<Record<string, Node>>): string {
  const own =
    node.description ?? (node.$ref ? defs[node.$ref.split('/').pop()!]?.description : undefined) ?? '';
  const fallback = node.default !== undefined ? ` Default: \`${JSON.stringify(node.default)}\`.` : '';
  return `${own}${fallback}`.trim();
}

/** Example values from the example spec: the first value found at each key path. */
function examples(docs: readonly unknown[]): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) {
      for (const v of value) walk(v, `${path}[]`);
      if (!found.has(path) && value.length > 0 && value.every((v) => typeof v !== 'object'))
        found.set(path, JSON.stringify(value.slice(0, 3)));
      return;
    }
    if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, path === '' ? k : `${path}.${k}`);
      return;
    }
    if (!found.has(path)) found.set(path, JSON.stringify(value));
  };
  for (const d of docs) walk(d, '');
  return found;
}

function rows(
  node: Node,
  path: string,
  required: boolean,
  defs: Readonly<Record<string, Node>>,
  ex: Map<string, string>,
  out: Row[],
): void {
  const example = ex.get(path) ?? (node.examples ? JSON.stringify(node.examples[0]) : undefined);
  const meaning = describe(node, defs);
  const def = defaultOf(node, meaning);
  out.push({
    key: path,
    type: typeOf(node, defs),
    required,
    meaning,
    ...(def ? { default: def } : {}),
    ...(example ? { example } : {}),
  });
  const target = node.$ref ? undefined : node;
  if (!target) return;
  for (const [k, child] of Object.entries(target.properties ?? {}))
    rows(child, `${path}.${k}`, target.required?.includes(k) ?? false, defs, ex, out);
  if (target.items && !target.items.$ref && (target.items.properties || target.items.additionalProperties))
    for (const [k, child] of Object.entries(target.items.properties ?? {}))
      rows(child, `${path}[].${k}`, target.items.required?.includes(k) ?? false, defs, ex, out);
  const extra = target.additionalProperties;
  if (extra && typeof extra === 'object' && !extra.$ref && extra.properties)
    for (const [k, child] of Object.entries(extra.properties))
      rows(child, `${path}.<name>.${k}`, extra.required?.includes(k) ?? false, defs, ex, out);
}

function table(list: readonly Row[]): string[] {
  return [
    '| key | type | required | meaning | default | example |',
    '| --- | --- | --- | --- | --- | --- |',
    ...list.map(
      (r) =>
        `| \`${r.key}\` | ${cell(r.type)} | ${r.required ? 'yes' : ''} | ${cell(r.meaning)} | ${r.default ? cell(r.default) : ''} | ${r.example ? `\`${cell(r.example)}\`` : ''} |`,
    ),
  ];
}

function schemaSection(title: string, schema: Node, file: string, ex: Map<string, string>): string[] {
  const defs = schema.definitions ?? {};
  const out = [`## ${title} (\`${file}\`)`, '', schema.description ?? '', ''];
  const nested = (n: Node) =>
    !!(
      n.properties ||
      n.items?.properties ||
      (n.$ref && defs[n.$ref.split('/').pop()!]?.properties && false)
    );
  const top: Row[] = [];
  const sections: string[] = [];
  for (const [key, node] of Object.entries(schema.properties ?? {})) {
    const list: Row[] = [];
    rows(node, key, schema.required?.includes(key) ?? false, defs, ex, list);
    if (nested(node)) sections.push(`### \`${key}\``, '', ...table(list), '');
    else top.push(...list);
  }
  out.push('### Top-level keys', '', ...table(top), '', ...sections);
  return out;
}

function definitions(schemas: readonly Node[], ex: Map<string, string>): string[] {
  const seen = new Map<string, Node>();
  for (const s of schemas)
    for (const [k, v] of Object.entries(s.definitions ?? {})) if (!seen.has(k)) seen.set(k, v);
  const out = ['## Shared definitions', ''];
  for (const [name, node] of [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const defs = Object.fromEntries(seen);
    out.push(`### ${name}`, '', describe(node, defs), '');
    if (node.properties) {
      const list: Row[] = [];
      for (const [k, child] of Object.entries(node.properties))
        rows(child, k, node.required?.includes(k) ?? false, defs, ex, list);
      out.push(...table(list), '');
    } else out.push(`Type: ${typeOf(node, defs)}.`, '');
  }
  return out;
}

export function specReferenceMarkdown(root: string = packageRoot()): string {
  const read = (f: string) => JSON.parse(readFileSync(join(root, 'spec', 'schema', f), 'utf8')) as Node;
  const platform = read('platform.schema.json');
  const tenant = read('tenant.schema.json');
  const spec = join(root, 'spec');
  const platformDoc = parse(readFileSync(join(spec, 'platform.yaml'), 'utf8')) as unknown;
  const tenantDocs = readdirSync(join(spec, 'tenants'))
    .filter((n) => n.endsWith('.yaml'))
    .sort()
    .map((n) => parse(readFileSync(join(spec, 'tenants', n), 'utf8')) as unknown);
  const lines = [
    '# Spec reference',
    '',
    '<!-- GENERATED from spec/schema/*.schema.json by `npm run gen`. Do not edit by hand. -->',
    '',
    'Every key of `platform.yaml` and `tenants/<tenant>.yaml`: its type, whether it is required, what it',
    'means (defaults are named in the meaning), and an example value from the example spec in `spec/`.',
    'Keys are written as paths: `ring_groups[].members` is the `members` key of each item of `ring_groups`,',
    '`firewall.whitelists.<name>` a key you choose. Types in links are the shared definitions at the end.',
    'The JSON Schemas are the contract: editors complete and check with them, and `pbxc validate` enforces',
    'them plus the semantic rules of [diagnostics.md](diagnostics.md).',
    '',
    ...schemaSection('Platform', platform, 'platform.yaml', examples([platformDoc])),
    ...schemaSection('Tenant', tenant, 'tenants/<tenant>.yaml', examples(tenantDocs)),
    ...definitions([platform, tenant], new Map()),
  ];
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
