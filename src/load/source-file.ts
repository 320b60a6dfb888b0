import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  type Pair,
  parseDocument,
  visit,
  type YAMLMap,
} from 'yaml';
import { type Diagnostic, diag, type Location } from '../diag/diagnostic.js';
import { depthLimitOffset, LIMITS, nodeLimitOffset } from './limits.js';

export type PathSegment = string | number;
export type JsonPath = readonly PathSegment[];

/** Maps this size or larger get a key index for locate(); smaller ones are searched in order. */
const INDEX_FROM = 16;

/**
 * One parsed spec file: its text, the YAML document and a line counter, so any value in it can be
 * mapped back to file:line:col. Loading never throws: problems come back as diagnostics. Input
 * beyond the limits (docs/limits.md) is refused before the parser sees it.
 */
export class SourceFile {
  readonly lineCounter = new LineCounter();
  readonly doc;
  readonly diagnostics: Diagnostic[] = [];
  readonly text: string;
  private readonly keyIndex = new WeakMap<YAMLMap, Map<string, Pair>>();
  /** Items generated from one source item (DID ranges): top-level list key → index → source index. */
  private readonly itemAliases = new Map<string, ReadonlyMap<number, number>>();

  /** Positions of generated list items (`key[index]`) are those of the item they came from. */
  aliasItems(key: string, aliases: ReadonlyMap<number, number>): void {
    if (aliases.size > 0) this.itemAliases.set(key, aliases);
  }

  constructor(
    readonly path: string,
    text: string,
  ) {
    this.text = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    const refused = this.checkLimits();
    this.doc = parseDocument(refused ? '' : this.text, {
      lineCounter: this.lineCounter,
      uniqueKeys: false,
      prettyErrors: false,
    });
    if (refused) {
      // The line counter must still know the real lines for the position of the refusal.
      for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1))
        this.lineCounter.addNewLine(i + 1);
      this.diagnostics.push(refused());
      return;
    }
    const first = this.doc.errors[0];
    if (first) {
      // Only the first syntax error: after it the parser is guessing, and one tab used to give six.
      this.diagnostics.push(this.syntaxError(first.code, first.message, first.pos[0], first.pos[1]));
      return;
    }
    this.checkKeysAndAliases();
  }

  /** A refusal for input beyond the limits, or undefined. Cheap scans of the text only. */
  private checkLimits(): (() => Diagnostic) | undefined {
    const nodes = nodeLimitOffset(this.text);
    if (nodes >= 0)
      return () => diag('PBX1011', { limit: LIMITS.nodes.toLocaleString('en-US') }, this.at(nodes));
    const deep = depthLimitOffset(this.text);
    if (deep >= 0) return () => diag('PBX1010', { limit: LIMITS.depth }, this.at(deep));
    return undefined;
  }

  private syntaxError(code: string, message: string, offset: number, end: number): Diagnostic {
    const at = this.at(offset, end);
    if (code === 'TAB_AS_INDENT') return diag('PBX1013', {}, at);
    if (code === 'MULTIPLE_DOCS') return diag('PBX1014', {}, at);
    if (/Maximum call stack/.test(message)) return diag('PBX1010', { limit: LIMITS.depth }, at);
    // The parser's first line, without its advice about its own API.
    const detail = (message.split('\n')[0] ?? message).replace(/;? ?please use YAML\.\w+\(\)/, '');
    return diag('PBX1001', { detail }, at);
  }

  /** The plain JS value of the document (undefined for an empty file). */
  value(): unknown {
    if (this.doc.errors.length > 0 || this.diagnostics.length > 0) return undefined;
    return this.doc.toJS({ maxAliasCount: 0 }) ?? undefined;
  }

  at(offset: number, endOffset?: number): Location {
    const { line, col } = this.lineCounter.linePos(offset);
    return { file: this.path, line, col, offset, ...(endOffset !== undefined ? { endOffset } : {}) };
  }

  private pair(map: YAMLMap, segment: PathSegment): Pair | undefined {
    const key = String(segment);
    if (map.items.length < INDEX_FROM)
      return map.items.find((p) => isScalar(p.key) && String(p.key.value) === key) as Pair | undefined;
    let index = this.keyIndex.get(map);
    if (!index) {
      index = new Map();
      for (const p of map.items) {
        if (!isScalar(p.key)) continue;
        const k = String(p.key.value);
        if (!index.has(k)) index.set(k, p as Pair);
      }
      this.keyIndex.set(map, index);
    }
    return index.get(key);
  }

  /**
   * The location of the value (or key) at `path`. When the path does not exist, the deepest node
   * that does (so "missing key" errors point at the object that lacks it). Constant time per step.
   */
  locate(path: JsonPath, part: 'value' | 'key' = 'value'): Location {
    let node: Node | null | undefined = this.doc.contents;
    let keyNode: Node | undefined;
    const aliases = typeof path[0] === 'string' ? this.itemAliases.get(path[0]) : undefined;
    if (aliases && typeof path[1] === 'number' && aliases.has(path[1]))
      path = [path[0] as string, aliases.get(path[1])!, ...path.slice(2)];
    for (const segment of path) {
      if (isMap(node)) {
        const pair = this.pair(node, segment);
        if (!pair) break;
        keyNode = isScalar(pair.key) ? pair.key : undefined;
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
      } else {
        break;
      }
    }
    const target = part === 'key' && keyNode ? keyNode : node;
    const range = target?.range;
    return range ? this.at(range[0], range[1]) : this.at(0);
  }

  private checkKeysAndAliases(): void {
    const long = (node: Node) => {
      if (isScalar(node) && typeof node.value === 'string' && node.value.length > LIMITS.stringLength)
        this.diagnostics.push(
          diag(
            'PBX1012',
            {
              length: node.value.length.toLocaleString('en-US'),
              limit: LIMITS.stringLength.toLocaleString('en-US'),
            },
            this.at(node.range?.[0] ?? 0),
          ),
        );
    };
    visit(this.doc, (_key, node) => {
      if (!node || typeof node !== 'object') return;
      if (isScalar(node)) long(node);
      if (isMap(node)) {
        const seen = new Map<string, Node>();
        for (const pair of node.items) {
          if (!isPair(pair) || !isScalar(pair.key)) continue;
          const key = String(pair.key.value);
          const first = seen.get(key);
          if (first?.range) {
            const firstLoc = this.at(first.range[0]);
            this.diagnostics.push(
              diag(
                'PBX1002',
                { key, first: `${firstLoc.line}:${firstLoc.col}` },
                this.at(pair.key.range?.[0] ?? 0),
                [{ location: firstLoc, message: `"${key}" first defined here` }],
              ),
            );
          } else {
            seen.set(key, pair.key);
          }
        }
      }
      if (isPair(node)) return;
      const anchored = (node as { anchor?: string }).anchor;
      const detail = isAlias(node) ? `alias *${node.source}` : anchored ? `anchor &${anchored}` : undefined;
      if (detail) this.diagnostics.push(diag('PBX1006', { detail }, this.at((node as Node).range?.[0] ?? 0)));
    });
  }
}
