/**
 * A small YAML writer for hand-written-looking spec files: block maps at the top, one flow map per
 * list item where it fits, `# comments` after values the importer inferred. Deterministic: keys in
 * insertion order, no line folding, LF, final newline.
 */
export class Commented {
  constructor(
    readonly value: unknown,
    readonly comment: string,
  ) {}
}

/** A value with a trailing comment (the comment is one line; control characters are removed). */
export function note(value: unknown, comment: string | undefined): unknown {
  return comment ? new Commented(value, comment) : value;
}

const WIDTH = 110;
const RESERVED = /^(true|false|yes|no|on|off|y|n|null|~)$/i;
const PLAIN = /^[\p{L}][\p{L}\p{N} ._/@()'+-]*$/u;

/** A scalar: plain where YAML reads it back as the same string, otherwise JSON-quoted. */
export function scalar(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return 'null';
  const s = String(value);
  if (PLAIN.test(s) && !RESERVED.test(s) && !s.endsWith(' ') && !s.includes(' #') && !/\s-/.test(s)) return s;
  return JSON.stringify(s).replace(/[\u2028\u2029]/g, (c) => (c === '\u2028' ? '\\L' : '\\P'));
}

function oneLine(comment: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: comments must stay on one line
  return comment.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
}

function unwrap(v: unknown): { value: unknown; comment?: string } {
  const comments: string[] = [];
  let value = v;
  while (value instanceof Commented) {
    comments.push(oneLine(value.comment));
    value = value.value;
  }
  const comment = comments.filter(Boolean).join('; ');
  return comment ? { value, comment } : { value };
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Commented);
}

/** Flow form (`{ a: 1, b: [x] }`), or undefined when a nested value carries a comment. */
function flow(v: unknown): string | undefined {
  if (v instanceof Commented) return undefined;
  if (Array.isArray(v)) {
    const parts = v.map(flow);
    return parts.some((p) => p === undefined) ? undefined : `[${parts.join(', ')}]`;
  }
  if (isMap(v)) {
    const parts = Object.entries(v).map(([k, x]) => {
      const f = flow(x);
      return f === undefined ? undefined : `${key(k)}: ${f}`;
    });
    if (parts.some((p) => p === undefined)) return undefined;
    return parts.length === 0 ? '{}' : `{ ${parts.join(', ')} }`;
  }
  return scalar(v);
}

function key(k: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) && !RESERVED.test(k) ? k : JSON.stringify(k);
}

function withComment(line: string, comment: string | undefined): string {
  return comment ? `${line}  # ${comment}` : line;
}

function block(value: unknown, indent: number, out: string[]): void {
  const pad = ' '.repeat(indent);
  if (isMap(value)) {
    for (const [k, raw] of Object.entries(value)) {
      const { value: v, comment } = unwrap(raw);
      const f = flow(v);
      const head = `${pad}${key(k)}:`;
      const simple = !isMap(v) && !Array.isArray(v);
      const fits =
        f !== undefined && head.length + 1 + f.length + (comment ? comment.length + 4 : 0) <= WIDTH;
      if (simple || (fits && !(Array.isArray(v) && v.some((x) => isMap(unwrap(x).value))))) {
        out.push(withComment(`${head} ${f ?? scalar(v)}`, comment));
      } else if ((Array.isArray(v) && v.length === 0) || (isMap(v) && Object.keys(v).length === 0)) {
        out.push(withComment(`${head} ${Array.isArray(v) ? '[]' : '{}'}`, comment));
      } else {
        out.push(withComment(head, comment));
        block(v, indent + 2, out);
      }
    }
    return;
  }
  if (Array.isArray(value)) {
    for (const raw of value) {
      const { value: v, comment } = unwrap(raw);
      const f = flow(v);
      if (f !== undefined && pad.length + 2 + f.length + (comment ? comment.length + 4 : 0) <= WIDTH) {
        out.push(withComment(`${pad}- ${f}`, comment));
      } else if (isMap(v)) {
        const inner: string[] = [];
        block(v, indent + 2, inner);
        const first = inner[0] ?? '';
        out.push(withComment(`${pad}- ${first.slice(indent + 2)}`, comment), ...inner.slice(1));
      } else {
        out.push(withComment(`${pad}-`, comment));
        block(v, indent + 2, out);
      }
    }
    return;
  }
  out.push(`${pad}${scalar(value)}`);
}

export interface YamlFile {
  /** Path of the JSON Schema relative to the file, for the yaml-language-server modeline. */
  readonly schema: string;
  /** Comment lines under the modeline. */
  readonly header?: readonly string[];
  /** Top-level keys after which a blank line keeps sections apart. */
  readonly doc: Readonly<Record<string, unknown>>;
}

/** The file text. Top-level collections get a blank line before them, as in the example spec. */
export function yamlFile(file: YamlFile): string {
  const lines = [`# yaml-language-server: $schema=${file.schema}`];
  for (const h of file.header ?? []) lines.push(`# ${oneLine(h)}`.trimEnd());
  let previousWasBlock = false;
  for (const [k, raw] of Object.entries(file.doc)) {
    const part: string[] = [];
    block({ [k]: raw }, 0, part);
    const isBlock = part.length > 1;
    if ((isBlock || previousWasBlock) && lines.length > 1 + (file.header?.length ?? 0)) lines.push('');
    lines.push(...part);
    previousWasBlock = isBlock;
  }
  return `${lines.join('\n')}\n`;
}

/** The value under any comments. */
export function bare<T = unknown>(v: unknown): T {
  let value = v;
  while (value instanceof Commented) value = value.value;
  return value as T;
}
