/**
 * Hard input limits. Beyond them pbxc stops with a positioned diagnostic (exit 1) instead of
 * running out of memory. They are far above any real PBX: a tenant with 100,000 extensions is a
 * 10 MB file of about 1,000,000 YAML nodes. Documented in docs/limits.md.
 */
export const LIMITS = {
  /** Bytes of one spec file. */
  fileBytes: 32 * 1024 * 1024,
  /** Bytes of all spec files together. */
  specBytes: 512 * 1024 * 1024,
  /** YAML nodes (scalars, maps, sequences) in one file, estimated before parsing. */
  nodes: 3_000_000,
  /** Characters of one scalar (a key or a value). */
  stringLength: 65_536,
  /** Nesting levels of maps and sequences. */
  depth: 64,
  /**
   * Keys of one block mapping, counted from indentation before parsing. The largest real maps (an
   * environment's DID overrides) hold thousands; 1,450,000 unknown keys took the parser alone ~30 s.
   */
  mapKeys: 100_000,
} as const;

export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MiB`;

/**
 * An upper estimate of the YAML nodes in a text, without parsing it: every node needs at least
 * one structural character (":", ",", "-", "[", "{") or a line of its own. Returns the offset at
 * which the estimate passes `limit`, or -1.
 */
export function nodeLimitOffset(text: string, limit: number = LIMITS.nodes): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // : , - [ { and newline
    if (c === 58 || c === 44 || c === 45 || c === 91 || c === 123 || c === 10) {
      count++;
      if (count > limit) return i;
    }
  }
  return -1;
}

/**
 * The first place where maps and sequences nest deeper than `limit`, from indentation and flow
 * brackets (quoted text and comments skipped), or -1. The YAML parser recurses per level, so this
 * runs before it.
 */
export function depthLimitOffset(text: string, limit: number = LIMITS.depth): number {
  const indents: number[] = [];
  let flow = 0;
  let lineStart = 0;
  while (lineStart < text.length) {
    let end = text.indexOf('\n', lineStart);
    if (end < 0) end = text.length;
    let i = lineStart;
    while (i < end && text.charCodeAt(i) === 32) i++;
    const blank = i === end || text[i] === '#' || text[i] === '\r';
    if (!blank && flow === 0) {
      const width = i - lineStart;
      while (indents.length > 0 && indents[indents.length - 1]! >= width) indents.pop();
      indents.push(width);
    }
    let dashes = 0;
    let quote = '';
    for (let j = i; j < end; j++) {
      const c = text[j]!;
      if (quote) {
        if (c === quote) quote = '';
        else if (c === '\\' && quote === '"') j++;
        continue;
      }
      if (c === '"' || c === "'") quote = c;
      else if (c === '#' && (j === i || text[j - 1] === ' ')) break;
      else if (c === '[' || c === '{') flow++;
      else if (c === ']' || c === '}') flow = Math.max(0, flow - 1);
      else if (
        c === '-' &&
        flow === 0 &&
        (text[j + 1] === ' ' || j + 1 === end) &&
        (j === i || text[j - 1] === ' ')
      )
        dashes++;
      if (indents.length + flow + dashes > limit) return j;
    }
    lineStart = end + 1;
  }
  return -1;
}

/**
 * The offset of the first key that makes one block mapping hold more than `limit` keys, or -1.
 * From indentation only, before parsing: a line `key: …` at the column of the mapping it belongs
 * to counts one; a shallower line closes the deeper mappings; `- ` opens a new mapping at the column
 * of the item's content (so list items never add up). Lines of a block scalar look like keys of a
 * deeper mapping, but one scalar has at most LIMITS.stringLength characters, far below the limit.
 */
export function mapKeysLimitOffset(text: string, limit: number = LIMITS.mapKeys): number {
  const block = blockKeysLimitOffset(text, limit);
  const flow = flowKeysLimitOffset(text, limit);
  return block < 0 ? flow : flow < 0 ? block : Math.min(block, flow);
}

/**
 * Flow mappings (`{a: 1, b: 2, …}`, on one line or many): the comma that makes one hold more than
 * `limit` keys, or -1. Quoted text (within a line) and comments are skipped; a quote that is really
 * an apostrophe in plain text only hides the rest of its line, so the count can only be too low.
 */
function flowKeysLimitOffset(text: string, limit: number): number {
  const maps: boolean[] = [];
  const counts: number[] = [];
  let quote = '';
  for (let j = 0; j < text.length; j++) {
    const c = text[j]!;
    if (c === '\n') {
      quote = '';
      continue;
    }
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"') j++;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (j === 0 || text[j - 1] === ' ' || text[j - 1] === '\n')) {
      const eol = text.indexOf('\n', j);
      j = eol < 0 ? text.length : eol - 1;
    } else if (c === '{' || c === '[') {
      maps.push(c === '{');
      counts.push(1);
    } else if (c === '}' || c === ']') {
      maps.pop();
      counts.pop();
    } else if (c === ',' && maps.length > 0 && maps[maps.length - 1]) {
      const n = counts[counts.length - 1]! + 1;
      counts[counts.length - 1] = n;
      if (n > limit) return j;
    }
  }
  return -1;
}

function blockKeysLimitOffset(text: string, limit: number): number {
  const columns: number[] = [];
  const counts: number[] = [];
  let lineStart = 0;
  while (lineStart < text.length) {
    let end = text.indexOf('\n', lineStart);
    if (end < 0) end = text.length;
    let i = lineStart;
    while (i < end && text.charCodeAt(i) === 32) i++;
    const c = text.charCodeAt(i);
    if (i < end && c !== 35 && c !== 13) {
      let column = i - lineStart;
      const dash = c === 45 && (i + 1 === end || text.charCodeAt(i + 1) === 32);
      if (dash) {
        while (columns.length > 0 && columns[columns.length - 1]! >= column) pop();
        i++;
        while (
          i < end &&
          (text.charCodeAt(i) === 32 || (text.charCodeAt(i) === 45 && text.charCodeAt(i + 1) === 32))
        )
          i++;
        column = i - lineStart;
        columns.push(column);
        counts.push(1);
      } else {
        while (columns.length > 0 && columns[columns.length - 1]! > column) pop();
        if (columns.length > 0 && columns[columns.length - 1] === column) {
          const n = counts[counts.length - 1]! + 1;
          counts[counts.length - 1] = n;
          if (n > limit) return i;
        } else {
          columns.push(column);
          counts.push(1);
        }
      }
    }
    lineStart = end + 1;
  }
  return -1;

  function pop(): void {
    columns.pop();
    counts.pop();
  }
}
