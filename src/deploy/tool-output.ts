/**
 * A checking tool's output made fit for the agent's state file and status parameter. Tools such as
 * xmllint, nginx -t or FreeSWITCH quote the offending line of the file they check (with a caret
 * line under it), and in a rendered bundle that line may hold a password. So only the tool's own
 * message lines are kept, shaped `FILE:LINE: message` or `TOOL: message`; anything between quotes
 * in them is replaced by "…", every other line is dropped and counted. Pure.
 */
const MESSAGE = /^(?:[^\s:][^:]*:\d+(?::\d+)?:|[A-Za-z][\w.-]{0,31}:)\s/;
const QUOTED = /"[^"]*"|'[^']*'|`[^`]*`|«[^»]*»/g;

export function safeToolDetail(output: string, maxLines = 3, maxLength = 500): string {
  const lines = output.split(/\r?\n/).filter((l) => l.trim() !== '');
  const kept: string[] = [];
  let withheld = 0;
  for (const line of lines) {
    if (!MESSAGE.test(line)) {
      withheld++;
      continue;
    }
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters never reach status
    const clean = line.replace(QUOTED, '…').replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
    if (kept.length < maxLines) kept.push(clean);
  }
  const note =
    withheld > 0
      ? ` (${withheld} line${withheld === 1 ? '' : 's'} of tool output withheld: they may quote file content)`
      : '';
  const text = kept.length > 0 ? kept.join(' | ') : 'the tool failed without a message line';
  const cut = text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
  return `${cut}${note}`;
}
