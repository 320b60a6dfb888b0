import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { JsonPath } from './source-file.js';

/**
 * Where every value of a YAML document is, without the document. The parser's node tree costs
 * about 1.7 KB per small map (a 10 MB tenant file holds 176 MB of it); this keeps only what
 * locate() needs, about a seventh of that: ranges packed into one number, keys interned.
 */

/** A range [start, end) packed into one double (offsets < 2^26, far above the file size limit). */
const SPAN = 2 ** 26;
const pack = (range: readonly number[] | undefined | null): number =>
  range ? range[0]! * SPAN + Math.min(range[1]!, SPAN - 1) : -1;

/** Maps this size or larger get a key index; smaller ones are searched in order. */
const INDEX_FROM = 16;

class PosMap {
  private index: Map<string, number> | undefined;
  constructor(
    readonly range: number,
    /** undefined for a key that is not a scalar (never matched by a path). */
    public keys: readonly (string | undefined)[] = [],
    public keyRanges: readonly number[] = [],
    public values: readonly Pos[] = [],
  ) {}

  /** The first pair with this key (duplicates are reported elsewhere), or -1. */
  find(key: string): number {
    if (this.keys.length < INDEX_FROM) return this.keys.indexOf(key);
    if (!this.index) {
      this.index = new Map();
      this.keys.forEach((k, i) => {
        if (k !== undefined && !this.index!.has(k)) this.index!.set(k, i);
      });
    }
    return this.index.get(key) ?? -1;
  }
}

class PosSeq {
  constructor(
    readonly range: number,
    public items: readonly Pos[] = [],
  ) {}
}

/** A scalar or alias is its packed range; null is a pair without a value. */
type Pos = number | PosMap | PosSeq | null;

export class Positions {
  private constructor(private readonly root: Pos) {}

  /** Walks the document once; iterative, so nesting depth costs no stack. */
  static of(contents: Node | null | undefined): Positions {
    const interned = new Map<string, string>();
    const intern = (s: string) => {
      const known = interned.get(s);
      if (known !== undefined) return known;
      interned.set(s, s);
      return s;
    };
    const convert = (node: unknown): Pos => {
      if (node === null || node === undefined) return null;
      if (isMap(node)) return new PosMap(pack((node as Node).range));
      if (isSeq(node)) return new PosSeq(pack((node as Node).range));
      return pack((node as Node).range);
    };
    const root = convert(contents);
    const work: [Pos, Node][] = [];
    if (typeof root === 'object' && root !== null) work.push([root, contents as Node]);
    while (work.length > 0) {
      const [pos, node] = work.pop()!;
      if (pos instanceof PosMap && isMap(node)) {
        // Arrays of the exact length (push would leave room for 17 entries in each).
        const pairs = node.items.filter((p) => isPair(p));
        pos.keys = pairs.map((p) => (isScalar(p.key) ? intern(String(p.key.value)) : undefined));
        pos.keyRanges = pairs.map((p, i) => (pos.keys[i] === undefined ? -1 : pack((p.key as Node).range)));
        pos.values = pairs.map((p) => convert(p.value));
        pairs.forEach((p, i) => {
          const child = pos.values[i];
          if (typeof child === 'object' && child !== null) work.push([child, p.value as Node]);
        });
      } else if (pos instanceof PosSeq && isSeq(node)) {
        pos.items = node.items.map((item) => convert(item));
        node.items.forEach((item, i) => {
          const child = pos.items[i];
          if (typeof child === 'object' && child !== null) work.push([child, item as Node]);
        });
      }
    }
    return new Positions(root);
  }

  /**
   * The [start, end) of the value (or key) at `path`; when the path does not exist, of the deepest
   * node that does. Undefined when there is nothing with a position (an empty file).
   */
  range(path: JsonPath, part: 'value' | 'key'): [number, number] | undefined {
    let node: Pos = this.root;
    let keyRange: number | undefined;
    let packed: number | undefined;
    for (const segment of path) {
      if (node instanceof PosMap) {
        const i = node.find(String(segment));
        if (i < 0) break;
        keyRange = node.keyRanges[i]! >= 0 ? node.keyRanges[i] : undefined;
        const value: Pos = node.values[i]!;
        if (value === null) {
          packed = keyRange;
          node = null;
          break;
        }
        node = value;
      } else if (node instanceof PosSeq && typeof segment === 'number') {
        const item = node.items[segment];
        if (item === undefined) break;
        node = item;
        keyRange = undefined;
      } else {
        break;
      }
    }
    if (node !== null) packed = typeof node === 'number' ? node : node.range;
    if (part === 'key' && keyRange !== undefined) packed = keyRange;
    if (packed === undefined || packed < 0) return undefined;
    return [Math.floor(packed / SPAN), packed % SPAN];
  }
}
