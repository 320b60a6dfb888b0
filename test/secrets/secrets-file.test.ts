import { describe, expect, it } from 'vitest';
import { parseSecretsFile } from '../../src/secrets/secrets-file.js';

describe('secrets file', () => {
  it('keeps every value as its source text (a number-looking value is not a number)', () => {
    const file = parseSecretsFile(
      'telekom-trunk: 00123456\nhex: 0x1F\nfloat: 1.50\nyes: true\nquoted: "007"\nempty:\n',
    );
    expect(file).toEqual({
      ok: true,
      values: {
        'telekom-trunk': '00123456',
        hex: '0x1F',
        float: '1.50',
        yes: 'true',
        quoted: '007',
        empty: '',
      },
    });
  });

  it.each([
    ['a: "unterminated Zq7x\n', /not valid YAML \(line [12]\)/],
    ['a: ok\nb: [Zq7x]\n', /value of "b" must be a string/],
    ['- Zq7x\n', /not a YAML map/],
    ['a: Zq7x\na: again\n', /not valid YAML \(line 2\)/],
  ])('a malformed file is described by line, never quoted: %j', (text, message) => {
    const file = parseSecretsFile(text);
    expect(file.ok).toBe(false);
    const problems = file.ok ? [] : file.problems;
    expect(problems.join('\n')).toMatch(message);
    expect(problems.join('\n')).not.toContain('Zq7x');
  });

  it('names like __proto__ are plain entries', () => {
    const file = parseSecretsFile('__proto__: x\nconstructor: y\n');
    expect(file.ok && Object.entries(file.values)).toEqual([
      ['__proto__', 'x'],
      ['constructor', 'y'],
    ]);
  });
});
