import { describe, expect, it } from 'vitest';
import { SourceFile } from '../../src/load/source-file.js';

describe('SourceFile', () => {
  const text = 'tenant: a\nextensions:\n  - number: "1000"\n    name: A\n  - { number: "1001", name: B }\n';

  it('locates values and keys by path, 1-based', () => {
    const f = new SourceFile('t.yaml', text);
    expect(f.diagnostics).toEqual([]);
    expect(f.locate(['extensions', 0, 'number'])).toMatchObject({ file: 't.yaml', line: 3, col: 13 });
    expect(f.locate(['extensions', 1, 'name'])).toMatchObject({ line: 5, col: 29 });
    expect(f.locate(['extensions', 0, 'name'], 'key')).toMatchObject({ line: 4, col: 5 });
    // a missing key points at the object that lacks it
    expect(f.locate(['extensions', 1, 'email'])).toMatchObject({ line: 5, col: 5 });
  });

  it('reports duplicate keys with the first definition', () => {
    const f = new SourceFile('t.yaml', 'a: 1\nb: 2\na: 3\n');
    expect(f.diagnostics).toHaveLength(1);
    expect(f.diagnostics[0]).toMatchObject({ code: 'PBX1002', location: { line: 3, col: 1 } });
    expect(f.diagnostics[0]?.related?.[0]?.location).toMatchObject({ line: 1, col: 1 });
  });

  it('reports syntax errors as diagnostics, never throws', () => {
    const f = new SourceFile('t.yaml', 'a: [1, 2\nb: {\n');
    expect(f.diagnostics.length).toBeGreaterThan(0);
    expect(f.diagnostics.every((d) => d.code === 'PBX1001')).toBe(true);
    expect(f.value()).toBeUndefined();
  });

  it('rejects anchors and aliases', () => {
    const f = new SourceFile('t.yaml', 'a: &x [1]\nb: *x\n');
    expect(f.diagnostics.map((d) => d.code)).toEqual(['PBX1006', 'PBX1006']);
  });
});

describe('diagnostic messages', () => {
  it('stay on one line whatever the spec value holds', async () => {
    const { formatMessage } = await import('../../src/diag/diagnostic.js');
    expect(formatMessage('name {v} bad', { v: 'a\nb\r\u0000c' })).toBe('name a\\nb\\r\\u0000c bad');
  });
});
