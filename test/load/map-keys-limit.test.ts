import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIMITS, mapKeysLimitOffset } from '../../src/load/limits.js';
import { SourceFile } from '../../src/load/source-file.js';

const keys = (n: number, indent = '') => Array.from({ length: n }, (_, i) => `${indent}k${i}: 1\n`).join('');
/** The 1-based line of an offset. */
const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

/** [what, text, the line refused at with limit 5, or 0 for none]. */
const CASES: [string, string, number][] = [
  ['five top-level keys', keys(5), 0],
  ['six top-level keys', keys(6), 6],
  ['six keys under one parent', `a:\n${keys(6, '  ')}`, 7],
  ['two parents of three keys each', `a:\n${keys(3, '  ')}b:\n${keys(3, '  ')}`, 0],
  ['comments and blank lines count nothing', `${keys(5)}# c\n\n  # d\n`, 0],
  [
    'list items never add up (100 extensions of 3 keys)',
    `list:\n${'  - number: "1"\n    name: x\n    mail: y\n'.repeat(100)}`,
    0,
  ],
  ['one list item with six keys', `list:\n  - a: 1\n${keys(5, '    ')}`, 7],
  ['nested lists "- - a: 1" start their own mapping', `l:\n${'  - - a: 1\n      b: 2\n'.repeat(10)}`, 0],
  [
    'a block scalar is bounded by the string limit, not counted past its key',
    `a: |\n${'  text\n'.repeat(4)}b: 1\n`,
    0,
  ],
];

describe('keys of one mapping, counted before parsing (PBX1091)', () => {
  it.each(CASES)('%s', (_what, text, line) => {
    const at = mapKeysLimitOffset(text, 5);
    expect(at < 0 ? 0 : lineOf(text, at)).toBe(line);
  });

  it('no spec file of the repository comes near the limit', () => {
    const dirs = ['spec/tenants', 'examples'];
    for (const dir of dirs)
      for (const name of readdirSync(dir, { recursive: true }) as string[])
        if (name.endsWith('.yaml'))
          expect(mapKeysLimitOffset(readFileSync(join(dir, name), 'utf8'), 50), name).toBe(-1);
  });

  it('a file with more keys in one mapping than the limit is refused at the key past it, unparsed', () => {
    const text = `tenant: t\n${keys(LIMITS.mapKeys)}`;
    const file = new SourceFile('spec/tenants/t.yaml', text);
    expect(file.diagnostics.map((d) => `${d.location?.line}:${d.location?.col} ${d.code}`)).toEqual([
      `${LIMITS.mapKeys + 1}:1 PBX1091`,
    ]);
    expect(file.value()).toBeUndefined();
  });
});
