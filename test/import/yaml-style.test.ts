import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { note, scalar, yamlFile } from '../../src/import/yaml-style.js';

const strip = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(strip);
  if (v && typeof v === 'object' && 'comment' in v && 'value' in v && v.constructor.name === 'Commented')
    return strip((v as { value: unknown }).value);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, strip(x)]));
  return v;
};

const leaf = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constantFrom('1000', '+4930', '*99', 'true', 'null', 'a: b', '- x', '#c', 'x #y', ''),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), tie('node'), { maxKeys: 4 }),
    fc.tuple(tie('node'), fc.string()).map(([v, c]) => note(v, c)),
  ),
}));

describe('yaml-style writer', () => {
  it('reads back as exactly the data it was given (comments aside), for any keys and strings', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), value.node, { minKeys: 1, maxKeys: 6 }),
        (doc) => {
          const text = yamlFile({ schema: 's.json', header: ['h\nx'], doc });
          expect(parse(text)).toEqual(strip(doc));
          expect(text.endsWith('\n')).toBe(true);
          expect(text.startsWith('# yaml-language-server: $schema=s.json\n# h x\n')).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps a comment on its line whatever it contains', () => {
    fc.assert(
      fc.property(fc.string(), (c) => {
        const text = yamlFile({ schema: 's', doc: { a: note('1000', c), b: [note({ x: 1 }, c)] } });
        expect(parse(text)).toEqual({ a: '1000', b: [{ x: 1 }] });
      }),
    );
  });

  it.each([
    ['Jane Doe', 'Jane Doe'],
    ['1000', '"1000"'],
    ['+4930', '"+4930"'],
    ['yes', '"yes"'],
    ['Acme, Inc', '"Acme, Inc"'],
    ['Hauptmenü', 'Hauptmenü'],
    ['a #b', '"a #b"'],
  ])('writes %j as %s', (input, out) => {
    expect(scalar(input)).toBe(out);
  });

  it('writes small items as one flow line and the example layout otherwise', () => {
    const text = yamlFile({
      schema: '../schema/tenant.schema.json',
      doc: {
        tenant: 'acme',
        number_plan: [{ range: '1000-1099', use: 'extensions' }],
        extensions: [note({ number: '1000', name: 'Jane' }, 'inferred')],
      },
    });
    expect(text).toBe(
      '# yaml-language-server: $schema=../schema/tenant.schema.json\ntenant: acme\n\nnumber_plan:\n  - { range: "1000-1099", use: extensions }\n\nextensions:\n  - { number: "1000", name: Jane }  # inferred\n',
    );
  });
});
