import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** docs/from-fusionpbx.md names spec keys; every one must exist in spec/schema/*.json. */

const root = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
type Schema = Record<string, unknown>;
const SCHEMAS = ['tenant', 'platform'].map(
  (n) => JSON.parse(readFileSync(root(`spec/schema/${n}.schema.json`), 'utf8')) as Schema,
);

/** Every key path of a schema, e.g. "extensions[].forward.on_no_answer.after", "dialing.emergency". */
function keyPaths(schema: Schema): Set<string> {
  const out = new Set<string>();
  const defs = (schema.definitions ?? {}) as Record<string, Schema>;
  const walk = (node: Schema | undefined, path: string, depth: number) => {
    if (!node || depth > 12) return;
    const ref = node.$ref as string | undefined;
    if (ref?.startsWith('#/definitions/')) walk(defs[ref.slice('#/definitions/'.length)], path, depth + 1);
    for (const k of ['oneOf', 'anyOf', 'allOf'] as const)
      for (const s of (node[k] as Schema[] | undefined) ?? []) walk(s, path, depth + 1);
    if (node.items) walk(node.items as Schema, `${path}[]`, depth + 1);
    for (const [k, v] of Object.entries((node.properties ?? {}) as Record<string, Schema>)) {
      const p = path ? `${path}.${k}` : k;
      out.add(p);
      walk(v, p, depth + 1);
    }
  };
  walk(schema, '', 0);
  return out;
}

const KEY = /^[a-z_]+(\[\])?(\.[a-z_]+(\[\])?)*$/;

/** Backticked words of the page that look like key paths. */
function namedKeys(page: string): string[] {
  return [
    ...new Set(
      [...page.matchAll(/`([^`\n]+)`/g)]
        .map((m) => m[1]!)
        .filter((s) => KEY.test(s) && !/\.(yaml|md|json)$/.test(s)),
    ),
  ];
}

describe('docs/from-fusionpbx.md', () => {
  const page = readFileSync(root('docs/from-fusionpbx.md'), 'utf8');
  const known = new Set(SCHEMAS.flatMap((s) => [...keyPaths(s)]));

  it('names only spec keys that exist in the schemas', () => {
    const keys = namedKeys(page);
    expect(keys.length).toBeGreaterThan(60);
    expect(keys.filter((k) => !known.has(k))).toEqual([]);
  });

  it('catches a key that does not exist', () => {
    expect(known.has('extensions[].follow_me')).toBe(false);
    expect(known.has('extensions[].forward.on_no_answer.after')).toBe(true);
    expect(known.has('dialing.national_without_prefix')).toBe(true);
  });

  it('covers every FusionPBX menu the issue names, with the import as step one', () => {
    for (const menu of [
      'Extensions',
      'Ring Groups',
      'IVR Menus',
      'Time Conditions',
      'Destinations',
      'Gateways',
      'Outbound Routes',
      'Devices',
      'Call Block',
      'Call Center',
      'Conferences',
      'Recordings',
      'Call Flows',
      'Follow Me',
      'Voicemail',
      'Music on Hold',
      'Feature codes',
      'Access Controls',
    ])
      expect(page, menu).toMatch(new RegExp(`^\\| [^|]*${menu}`, 'm'));
    expect(page.indexOf('pbxc import fusionpbx')).toBeLessThan(page.indexOf('## The menus'));
  });

  it('is linked from the README and docs/import.md', () => {
    expect(readFileSync(root('README.md'), 'utf8')).toContain('docs/from-fusionpbx.md');
    expect(readFileSync(root('docs/import.md'), 'utf8')).toContain('from-fusionpbx.md');
  });
});
