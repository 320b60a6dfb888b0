import { isMap, isScalar, isSeq, type Node, parseDocument, type Scalar, YAMLMap, YAMLSeq } from 'yaml';

/** A small seeded generator (mulberry32): every fuzz run is reproducible from its seed. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}
export type Rng = ReturnType<typeof prng>;

const NASTY_STRINGS = [
  '',
  ' ',
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  '\u0000',
  'a\nb',
  'x\r\ny',
  '\u202e\u2028',
  '\u001b[31mred',
  '💥'.repeat(40),
  '../../../../etc/passwd',
  '/etc/passwd',
  '<x>&"\'',
  ['$', '{jndi}'].join(''),
  ['$$', '{x}'].join(''),
  '%s%n',
  'ü'.repeat(300),
  '9'.repeat(40),
  '+',
  '*',
  '-',
  'yes',
  'null',
  '0217',
  '1e400',
];
const NASTY_VALUES: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  2 ** 53,
  [],
  {},
  [null],
  { a: 1 },
  ...NASTY_STRINGS,
];

/** Every node of a document with its parent collection. */
function nodes(root: Node | null | undefined): { node: Node; parent?: YAMLMap | YAMLSeq; index: number }[] {
  const out: { node: Node; parent?: YAMLMap | YAMLSeq; index: number }[] = [];
  const walk = (node: Node | null | undefined, parent: YAMLMap | YAMLSeq | undefined, index: number) => {
    if (!node) return;
    out.push({ node, ...(parent ? { parent } : {}), index });
    if (isMap(node))
      node.items.forEach((p, i) => {
        walk(p.value as Node, node, i);
      });
    else if (isSeq(node))
      node.items.forEach((n, i) => {
        walk(n as Node, node, i);
      });
  };
  walk(root, undefined, 0);
  return out;
}

/** A structural mutation on the YAML tree: delete a key, change a type, duplicate an item, … */
function mutateTree(text: string, rng: Rng): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return mutateText(text, rng);
  const all = nodes(doc.contents as Node);
  if (all.length === 0) return mutateText(text, rng);
  const target = rng.pick(all);
  const replace = (value: Node) => {
    const { parent, index } = target;
    if (!parent) doc.contents = value as never;
    else if (isMap(parent)) parent.items[index]!.value = value;
    else parent.items[index] = value;
  };
  switch (rng.int(7)) {
    case 0: // delete a key or an item
      if (target.parent) target.parent.items.splice(target.index, 1);
      break;
    case 1: // a value of another type
      replace(doc.createNode(rng.pick(NASTY_VALUES)) as Node);
      break;
    case 2: // duplicate an item or a key
      if (target.parent && isSeq(target.parent)) target.parent.items.splice(target.index, 0, target.node);
      else if (target.parent && isMap(target.parent)) {
        const pair = target.parent.items[target.index]!;
        target.parent.items.push(
          doc.createPair(String((pair.key as Scalar).value) + (rng.int(2) ? '' : 'x'), pair.value),
        );
      }
      break;
    case 3: // rename a key
      if (target.parent && isMap(target.parent)) {
        (target.parent.items[target.index]!.key as Scalar).value = rng.pick(NASTY_STRINGS) || 'k';
      }
      break;
    case 4: // a nasty string in place of a scalar
      if (isScalar(target.node)) target.node.value = rng.pick(NASTY_STRINGS);
      break;
    case 5: // a value copied from elsewhere in the file (a reference to something of another kind)
      replace(doc.createNode(rng.pick(all).node.toJSON()) as Node);
      break;
    default: // an empty collection
      replace(rng.int(2) ? new YAMLMap() : new YAMLSeq());
  }
  return doc.toString({ lineWidth: 0 });
}

/** A textual mutation: truncation, a deleted or doubled line, a tab, control characters. */
function mutateText(text: string, rng: Rng): string {
  const at = rng.int(text.length + 1);
  switch (rng.int(6)) {
    case 0:
      return text.slice(0, at);
    case 1: {
      const lines = text.split('\n');
      lines.splice(rng.int(lines.length), 1);
      return lines.join('\n');
    }
    case 2: {
      const lines = text.split('\n');
      const i = rng.int(lines.length);
      lines.splice(i, 0, lines[i] ?? '');
      return lines.join('\n');
    }
    case 3:
      return `${text.slice(0, at)}\t${text.slice(at)}`;
    case 4:
      return `${text.slice(0, at)}${rng.pick(['\u0000', '\u0007', '\ufeff', '\u202e', ':', '- ', '[', '{', '"', "'", '&a ', '*a', '!!str ', '---\n'])}${text.slice(at)}`;
    default:
      return `${text.slice(0, at)}${text.slice(at + rng.int(40))}`;
  }
}

/** Bytes that may not be UTF-8 any more: a Latin-1 byte, a cut multi-byte character. */
export function mutateBytes(bytes: Uint8Array, rng: Rng): Uint8Array {
  const out = Uint8Array.from(bytes);
  const at = rng.int(out.length);
  out[at] = rng.pick([0xfc, 0xe9, 0xc3, 0xff, 0x80, 0xed]);
  return out;
}

export function mutate(text: string, rng: Rng): string {
  return rng.next() < 0.6 ? mutateTree(text, rng) : mutateText(text, rng);
}
