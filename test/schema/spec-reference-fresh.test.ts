import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { specReferenceMarkdown } from '../../src/schema/reference.js';

type Node = { properties?: Record<string, Node>; items?: Node; additionalProperties?: Node | boolean };

/** Every key path of a schema, as the reference names them. */
function paths(node: Node, prefix: string, out: string[]): string[] {
  for (const [k, child] of Object.entries(node.properties ?? {})) {
    const path = prefix ? `${prefix}.${k}` : k;
    out.push(path);
    paths(child, path, out);
    if (child.items?.properties) paths(child.items, `${path}[]`, out);
    if (typeof child.additionalProperties === 'object' && child.additionalProperties.properties)
      paths(child.additionalProperties, `${path}.<name>`, out);
  }
  return out;
}

describe('docs/spec-reference.md', () => {
  const text = readFileSync(new URL('../../docs/spec-reference.md', import.meta.url), 'utf8');

  it('is generated from the JSON Schemas (run `npm run gen` when this fails)', () => {
    expect(text).toBe(specReferenceMarkdown());
  });

  it.each(['platform', 'tenant'])('names every key of the %s schema with a meaning', (name) => {
    const schema = JSON.parse(
      readFileSync(new URL(`../../spec/schema/${name}.schema.json`, import.meta.url), 'utf8'),
    );
    const keys = paths(schema, '', []);
    expect(keys.length).toBeGreaterThan(20);
    for (const key of keys) {
      const row = text.split('\n').find((l) => l.startsWith(`| \`${key}\` |`));
      expect(row, key).toBeDefined();
      const meaning = row!.split(' | ')[3] ?? '';
      expect(meaning.length, `${key} has no description in the schema`).toBeGreaterThan(3);
    }
  });
});
