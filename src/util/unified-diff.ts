import { diffSequences } from './seq-diff.js';

export interface UnifiedOptions {
  readonly context?: number;
  /** Past this many changed lines the diff is not computed (the caller says the file was rewritten). */
  readonly maxEdits?: number;
}

function lines(text: string): string[] {
  const out = text.split('\n');
  if (out.at(-1) === '') out.pop();
  return out;
}

const range = (start: number, count: number) =>
  count === 1 ? `${start}` : `${count === 0 ? start - 1 : start},${count}`;

/**
 * A unified diff (`diff -u` style hunks) from `before` to `after`, or undefined when they differ in
 * more than maxEdits lines. Pure; O((N+M)·D).
 */
export function unifiedDiff(
  before: string,
  after: string,
  labels: { readonly before: string; readonly after: string },
  options: UnifiedOptions = {},
): string | undefined {
  const context = options.context ?? 3;
  const a = lines(before);
  const b = lines(after);
  const edits = diffSequences(a, b, undefined, options.maxEdits ?? 2000);
  if (!edits) return undefined;
  // Positions of every edit in both files.
  const rows: { op: 'same' | 'del' | 'add'; text: string; ia: number; ib: number }[] = [];
  let ia = 0;
  let ib = 0;
  for (const e of edits) {
    if (e.op === 'same') rows.push({ op: 'same', text: e.a, ia: ia++, ib: ib++ });
    else if (e.op === 'del') rows.push({ op: 'del', text: e.a, ia: ia++, ib });
    else rows.push({ op: 'add', text: e.b, ia, ib: ib++ });
  }
  const changed = rows.map((r, i) => (r.op === 'same' ? -1 : i)).filter((i) => i >= 0);
  if (changed.length === 0) return '';
  const out = [`--- ${labels.before}`, `+++ ${labels.after}`];
  let h = 0;
  while (h < changed.length) {
    let end = h;
    while (end + 1 < changed.length && changed[end + 1]! - changed[end]! <= 2 * context) end++;
    const from = Math.max(0, changed[h]! - context);
    const to = Math.min(rows.length - 1, changed[end]! + context);
    const hunk = rows.slice(from, to + 1);
    const aCount = hunk.filter((r) => r.op !== 'add').length;
    const bCount = hunk.filter((r) => r.op !== 'del').length;
    out.push(`@@ -${range(hunk[0]!.ia + 1, aCount)} +${range(hunk[0]!.ib + 1, bCount)} @@`);
    for (const r of hunk) out.push(`${r.op === 'same' ? ' ' : r.op === 'del' ? '-' : '+'}${r.text}`);
    h = end + 1;
  }
  if (!before.endsWith('\n') && before !== '') out.push('\\ No newline at end of file (committed)');
  if (!after.endsWith('\n') && after !== '') out.push('\\ No newline at end of file (compiled)');
  return `${out.join('\n')}\n`;
}
