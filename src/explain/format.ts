import type { Explanation } from './types.js';

export function explanationText(e: Explanation): string {
  const who =
    e.from.kind === 'extension'
      ? `from ${e.from.number}`
      : e.from.kind === 'trunk'
        ? `from trunk ${e.from.trunk}`
        : 'internal';
  const lines = [`${e.tenant}: ${e.number} ${who}, at ${e.at}`];
  let n = 0;
  for (const s of e.steps)
    lines.push(
      s.depth === 0 ? `${String(++n).padStart(2)}. ${s.text}` : `${'   '.repeat(s.depth + 1)}${s.text}`,
    );
  return `${lines.join('\n')}\n`;
}

export function explanationJson(e: Explanation): string {
  return `${JSON.stringify(e, null, 2)}\n`;
}
