import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument, visit } from 'yaml';
import { type Diagnostic, diag, type Location } from '../diag/diagnostic.js';

export type PathSegment = string | number;
export type JsonPath = readonly PathSegment[];

/**
 * One parsed spec file: its text, the YAML document and a line counter, so any value in it can be
 * mapped back to file:line:col. Loading never throws: problems come back as diagnostics.
 */
export class SourceFile {
  readonly lineCounter = new LineCounter();
  readonly doc;
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    readonly path: string,
    readonly text: string,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lineCounter, uniqueKeys: false, prettyErrors: false });
    for (const error of this.doc.errors) {
      const detail = error.message.split('\n')[0] ?? error.message;
      this.diagnostics.push(diag('PBX1001', { detail }, this.at(error.pos[0], error.pos[1])));
    }
    this.checkKeysAndAliases();
  }

  /** The plain JS value of the document (undefined for an empty file). */
  value(): unknown {
    if (this.doc.errors.length > 0) return undefined;
    return this.doc.toJS({ maxAliasCount: 0 }) ?? undefined;
  }

  at(offset: number, endOffset?: number): Location {
    const { line, col } = this.lineCounter.linePos(offset);
    return { file: this.path, line, col, offset, ...(endOffset !== undefined ? { endOffset } : {}) };
  }

  /**
   * The location of the value (or key) at `path`. When the path does not exist, the deepest node
   * that does (so "missing key" errors point at the object that lacks it).
   */
  locate(path: JsonPath, part: 'value' | 'key' = 'value'): Location {
    let node: Node | null | undefined = this.doc.contents;
    let keyNode: Node | undefined;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
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
    visit(this.doc, {
      Map: (_key, map) => {
        const seen = new Map<string, Node>();
        for (const pair of map.items) {
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
      },
      Node: (_key, node) => {
        const anchored = (node as { anchor?: string }).anchor;
        const detail = isAlias(node) ? `alias *${node.source}` : anchored ? `anchor &${anchored}` : undefined;
        if (detail) this.diagnostics.push(diag('PBX1006', { detail }, this.at(node.range?.[0] ?? 0)));
      },
    });
  }
}
