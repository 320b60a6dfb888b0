import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  LineCounter,
  type Node,
  parseDocument,
  visit,
} from 'yaml';
import { type Diagnostic, diag, type Location } from '../diag/diagnostic.js';
import { depthLimitOffset, LIMITS, mapKeysLimitOffset, nodeLimitOffset } from './limits.js';
import { Positions } from './positions.js';

export type PathSegment = string | number;
export type JsonPath = readonly PathSegment[];

/**
 * One parsed spec file: its text, its plain value, compact positions and a line counter, so any value in it can be
 * mapped back to file:line:col. Loading never throws: problems come back as diagnostics. Input
 * beyond the limits (docs/limits.md) is refused before the parser sees it.
 */
export class SourceFile {
  readonly lineCounter = new LineCounter();
  readonly diagnostics: Diagnostic[] = [];
  readonly text: string;
  /**
   * The parsed document, only while the constructor runs: afterwards the plain value and the
   * compact positions are all that is kept (the node tree is ~7× larger; see positions.ts).
   */
  private doc: Document.Parsed | undefined;
  private readonly positions: Positions;
  private readonly plain: unknown;
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
    const doc = parseDocument(refused ? '' : this.text, {
      lineCounter: this.lineCounter,
      uniqueKeys: false,
      prettyErrors: false,
    });
    this.doc = doc;
    this.load(refused);
    this.plain =
      doc.errors.length > 0 || this.diagnostics.length > 0
        ? undefined
        : (doc.toJS({ maxAliasCount: 0 }) ?? undefined);
    this.positions = Positions.of(doc.contents);
    this.doc = undefined;
  }

  private load(refused: (() => Diagnostic) | undefined): void {
    const doc = this.doc!;
    if (refused) {
      // The line counter must still know the real lines for the position of the refusal.
      for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1))
        this.lineCounter.addNewLine(i + 1);
      this.diagnostics.push(refused());
      return;
    }
    const first = doc.errors[0];
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
    const keys = mapKeysLimitOffset(this.text);
    if (keys >= 0)
      return () => diag('PBX1091', { limit: LIMITS.mapKeys.toLocaleString('en-US') }, this.at(keys));
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

  /** The plain JS value of the document (undefined for an empty file or any problem in it). */
  value(): unknown {
    return this.plain;
  }

  at(offset: number, endOffset?: number): Location {
    const { line, col } = this.lineCounter.linePos(offset);
    return { file: this.path, line, col, offset, ...(endOffset !== undefined ? { endOffset } : {}) };
  }

  /**
   * The location of the value (or key) at `path`. When the path does not exist, the deepest node
   * that does (so "missing key" errors point at the object that lacks it). Constant time per step.
   */
  locate(path: JsonPath, part: 'value' | 'key' = 'value'): Location {
    const aliases = typeof path[0] === 'string' ? this.itemAliases.get(path[0]) : undefined;
    if (aliases && typeof path[1] === 'number' && aliases.has(path[1]))
      path = [path[0] as string, aliases.get(path[1])!, ...path.slice(2)];
    const range = this.positions.range(path, part);
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
    visit(this.doc!, (_key, node) => {
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
