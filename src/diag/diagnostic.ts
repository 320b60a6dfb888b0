import { CODES, type Code, type Severity } from './codes.js';

/** A position in a spec file: path as the user gave it, 1-based line and column. */
export interface Location {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** 0-based offsets of the range, for code frames. */
  readonly offset?: number;
  readonly endOffset?: number;
}

export interface Related {
  readonly location: Location;
  readonly message: string;
}

export interface Diagnostic {
  readonly code: Code;
  readonly severity: Severity;
  readonly message: string;
  readonly location?: Location;
  readonly related?: readonly Related[];
  /** A warning the spec acknowledges (`acknowledge: [{code, reason}]`): the reason. */
  readonly acknowledged?: string;
}

export type Args = Readonly<Record<string, string | number>>;

/** Fills a message template. Control characters in values are shown escaped: a diagnostic is one line. */
export function formatMessage(template: string, args: Args): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(args, name) ? visible(clip(String(args[name]))) : whole,
  );
}

/** A value echoed into a message is cut short: a 10 MB key must not become a 10 MB line. */
export const MAX_ECHO = 2000;

export function clip(text: string, max = MAX_ECHO): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: escaping control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;

/**
 * Text safe to print on one terminal line: control characters (terminal escapes), line separators
 * and bidirectional overrides shown as \uXXXX escapes.
 */
export function visible(text: string): string {
  return text.replace(CONTROL, (c) => {
    const json = JSON.stringify(c).slice(1, -1);
    return json.length > 1 ? json : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

export function diag(code: Code, args: Args, location?: Location, related?: readonly Related[]): Diagnostic {
  const info = CODES[code];
  return {
    code,
    severity: info.severity,
    message: formatMessage(info.message, args),
    ...(location ? { location } : {}),
    ...(related && related.length > 0 ? { related } : {}),
  };
}

export function where(loc: Location | undefined): string {
  return loc ? `${loc.file}:${loc.line}:${loc.col}` : '(unknown)';
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Sorted by file, then position, then code; exact duplicates removed. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic) =>
    `${d.location?.file ?? '\uffff'}\u0000${String(d.location?.line ?? 0).padStart(8, '0')}\u0000${String(
      d.location?.col ?? 0,
    ).padStart(8, '0')}\u0000${d.code}\u0000${d.message}`;
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of [...diagnostics].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))) {
    const k = key(d);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(d);
    }
  }
  return out;
}

/** A phase's result: a (possibly partial) value plus what went wrong. */
export interface Result<T> {
  readonly value: T;
  readonly diagnostics: readonly Diagnostic[];
}
