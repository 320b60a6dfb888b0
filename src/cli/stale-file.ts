import { unifiedDiff } from '../util/unified-diff.js';

/** Files this big are named with their line counts only: a diff of them would not be read. */
const MAX_DIFF_BYTES = 4 * 1024 * 1024;

/** What changed inside one stale file: "+3 −1 lines" and a unified diff (committed → compiled). */
export function staleFile(path: string, committed: string, compiled: string): { stat: string; diff: string } {
  const count = (t: string) => t.split('\n').length - (t.endsWith('\n') ? 1 : 0);
  const big = committed.length + compiled.length > MAX_DIFF_BYTES;
  const diff = big
    ? undefined
    : unifiedDiff(committed, compiled, {
        before: `${path}\t(committed)`,
        after: `${path}\t(compiled from the spec)`,
      });
  if (diff === undefined) {
    const stat = `rewritten: ${count(committed)} → ${count(compiled)} lines`;
    return {
      stat,
      diff: `--- ${path}: too different to diff (${stat}); run pbxc build and review it in git`,
    };
  }
  const body = diff.split('\n').slice(2);
  const added = body.filter((l) => l.startsWith('+')).length;
  const removed = body.filter((l) => l.startsWith('-')).length;
  return { stat: `+${added} −${removed} lines`, diff: diff.trimEnd() };
}
