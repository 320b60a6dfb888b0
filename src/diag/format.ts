import { type Diagnostic, visible } from './diagnostic.js';

export type OutputFormat = 'human' | 'json' | 'github';

export interface FormatOptions {
  readonly color: boolean;
  /** Show a short code frame under each diagnostic (human format on a TTY). */
  readonly frames: boolean;
  /** File texts by path, for code frames. */
  readonly sources?: ReadonlyMap<string, string>;
}

const paint = (on: boolean, code: string) => (text: string) =>
  on ? `\u001b[${code}m${text}\u001b[0m` : text;

/** `file:line:col: error PBX3012: message`, the compiler convention editors and CI parse. */
export function formatHuman(d: Diagnostic, options: FormatOptions): string {
  const bold = paint(options.color, '1');
  const sev = paint(options.color, d.severity === 'error' ? '31;1' : '33;1');
  const where = d.location ? `${visible(d.location.file)}:${d.location.line}:${d.location.col}: ` : '';
  const ack = d.acknowledged !== undefined ? ` (acknowledged: ${visible(d.acknowledged)})` : '';
  let out = `${bold(where)}${sev(d.severity)} ${d.code}${ack}: ${d.message}`;
  const text = d.location && options.frames ? options.sources?.get(d.location.file) : undefined;
  if (text !== undefined && d.location)
    out += `\n${codeFrame(text, d.location.line, d.location.col, options.color)}`;
  for (const r of d.related ?? []) {
    out += `\n  ${visible(r.location.file)}:${r.location.line}:${r.location.col}: note: ${r.message}`;
  }
  return out;
}

function codeFrame(text: string, line: number, col: number, color: boolean): string {
  const lines = text.split('\n');
  const dim = paint(color, '2');
  const mark = paint(color, '31;1');
  const out: string[] = [];
  const width = String(Math.min(lines.length, line + 1)).length;
  for (let n = Math.max(1, line - 1); n <= Math.min(lines.length, line + 1); n++) {
    const gutter = `${n === line ? '>' : ' '} ${String(n).padStart(width)} | `;
    out.push(`${n === line ? gutter : dim(gutter)}${lines[n - 1] ?? ''}`);
    if (n === line) out.push(`${' '.repeat(width + 2)} | ${caretPad(lines[n - 1] ?? '', col)}${mark('^')}`);
  }
  return out.join('\n');
}

export function formatJson(diagnostics: readonly Diagnostic[], summary: Record<string, unknown>): string {
  return JSON.stringify(
    {
      diagnostics: diagnostics.map((d) => ({
        code: d.code,
        severity: d.severity,
        message: d.message,
        ...(d.acknowledged !== undefined ? { acknowledged: d.acknowledged } : {}),
        ...(d.location ? { file: d.location.file, line: d.location.line, column: d.location.col } : {}),
        ...(d.related
          ? {
              related: d.related.map((r) => ({
                file: r.location.file,
                line: r.location.line,
                column: r.location.col,
                message: r.message,
              })),
            }
          : {}),
      })),
      ...summary,
    },
    null,
    2,
  );
}

/** GitHub Actions workflow commands: annotations on the pull request's diff. */
export function formatGithub(d: Diagnostic): string {
  const escapeData = (s: string) => s.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
  const escapeProp = (s: string) => escapeData(s).replaceAll(':', '%3A').replaceAll(',', '%2C');
  const level = d.severity === 'error' ? 'error' : 'warning';
  const props = d.location
    ? `file=${escapeProp(d.location.file)},line=${d.location.line},col=${d.location.col},title=${d.code}`
    : `title=${d.code}`;
  const ack = d.acknowledged !== undefined ? ` (acknowledged: ${d.acknowledged})` : '';
  return `::${d.acknowledged !== undefined ? 'notice' : level} ${props}::${escapeData(`${d.message}${ack}`)}`;
}

/** The text before the caret: spaces, but tabs stay tabs so the caret lines up under the column. */
function caretPad(line: string, col: number): string {
  return line.slice(0, Math.max(0, col - 1)).replace(/[^\t]/g, ' ');
}
