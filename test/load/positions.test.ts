import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMap, isScalar, isSeq, type Node, type Pair, parseDocument, stringify, type YAMLMap } from 'yaml';
import { Positions } from '../../src/load/positions.js';
import type { JsonPath } from '../../src/load/source-file.js';

/** locate() as it was over the YAML document itself: the reference the compact positions must match. */
function reference(
  contents: Node | null,
  path: JsonPath,
  part: 'value' | 'key',
): [number, number] | undefined {
  let node: Node | null | undefined = contents;
  let keyNode: Node | undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = (node as YAMLMap).items.find(
        (p) => isScalar(p.key) && String(p.key.value) === String(segment),
      ) as Pair | undefined;
      if (!pair) break;
      keyNode = isScalar(pair.key) ? (pair.key as Node) : undefined;
      node = pair.value as Node | null;
      if (node === null) {
        node = keyNode;
        break;
      }
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) break;
      node = item;
      keyNode = undefined;
    } else break;
  }
  const target = part === 'key' && keyNode ? keyNode : node;
  const range = target?.range;
  return range ? [range[0], range[1]] : undefined;
}

/** Every path into a value, plus one missing key or index below each collection. */
function paths(value: unknown, prefix: JsonPath = []): JsonPath[] {
  const out: JsonPath[] = [prefix];
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push(...paths(v, [...prefix, i]));
    });
    out.push([...prefix, value.length], [...prefix, 'x']);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
    out.push([...prefix, 'no-such-key'], [...prefix, 0]);
  }
  return out;
}

const key = fc.oneof(fc.constantFrom('a', 'b', 'name', 'number', '1', 'k y'), fc.string({ maxLength: 4 }));
const value = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean(), fc.constant(null)),
    fc.array(tie('node'), { maxLength: 5 }),
    fc.dictionary(key, tie('node'), { maxKeys: 20 }),
  ),
})).node;

describe('Positions', () => {
  it('locates every path exactly as the YAML document did (block and flow styles, big maps)', () => {
    fc.assert(
      fc.property(value, fc.boolean(), (v, flow) => {
        const text = stringify(v, flow ? { collectionStyle: 'flow' } : {});
        const doc = parseDocument(text, { uniqueKeys: false });
        const positions = Positions.of(doc.contents);
        for (const path of paths(v))
          for (const part of ['value', 'key'] as const)
            expect(positions.range(path, part)).toEqual(reference(doc.contents as Node | null, path, part));
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('takes the first of duplicate keys and handles empty values and documents', () => {
    const text = 'a: 1\nb:\na: 2\nc: [x, {d: }]\n';
    const doc = parseDocument(text, { uniqueKeys: false });
    const positions = Positions.of(doc.contents);
    for (const path of [['a'], ['b'], ['c', 1, 'd'], ['c', 5], ['z']] as JsonPath[])
      for (const part of ['value', 'key'] as const)
        expect(positions.range(path, part)).toEqual(reference(doc.contents as Node | null, path, part));
    expect(Positions.of(parseDocument('').contents).range(['a'], 'value')).toBeUndefined();
  });
});
