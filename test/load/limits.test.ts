import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeUtf8, firstInvalid } from '../../src/load/decode.js';
import { depthLimitOffset, LIMITS } from '../../src/load/limits.js';
import { SourceFile } from '../../src/load/source-file.js';
import { run, specCopy } from '../helpers/cli.js';

const X = 'tenants/xynap.yaml';
const validate = async (spec: string) => run(['validate', '--spec', spec]);

describe('encoding', () => {
  it('a Latin-1 file is refused with the position of the first bad byte', async () => {
    const spec = specCopy();
    const text = Buffer.from(
      '# yaml-language-server: $schema=../schema/tenant.schema.json\ntenant: xynap\nname: M',
      'utf8',
    );
    writeFileSync(join(spec, X), Buffer.concat([text, Buffer.from([0xfc]), Buffer.from('ller\n')]));
    const r = await validate(spec);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/xynap\.yaml:3:8: error PBX1009: the file is not UTF-8: byte \d+ \(0xFC\)/);
  });

  it('firstInvalid finds overlong, surrogate and truncated sequences', () => {
    expect(firstInvalid(Buffer.from('aé€😀'))).toBe(Buffer.from('aé€😀').length);
    expect(firstInvalid(Uint8Array.from([0x61, 0xc0, 0x80]))).toBe(1);
    expect(firstInvalid(Uint8Array.from([0xed, 0xa0, 0x80]))).toBe(0);
    expect(firstInvalid(Uint8Array.from([0x61, 0xe2, 0x82]))).toBe(1);
    expect(decodeUtf8(Uint8Array.from([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ ok: true, text: 'a' });
  });

  it('a UTF-8 byte order mark is accepted without a PBX1007 warning', async () => {
    const spec = specCopy({ [X]: (t) => `\ufeff${t}` });
    const r = await validate(spec);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('PBX1007');
  });
});

describe('syntax errors in pbxc words', () => {
  it('one tab gives one error', async () => {
    const spec = specCopy({ [X]: (t) => t.replace('\n  country_code:', '\n\tcountry_code:') });
    const r = await validate(spec);
    expect(r.stderr.match(/error PBX/g)).toHaveLength(1);
    expect(r.stderr).toMatch(/PBX1013: a tab in the indentation/);
  });

  it('a second document is named, without the library advice', async () => {
    const spec = specCopy({ [X]: (t) => `${t}---\nx: 1\n` });
    const r = await validate(spec);
    expect(r.stderr).toMatch(/PBX1014/);
    expect(r.stderr).not.toMatch(/parseAllDocuments/);
  });

  it('1,000-deep nesting is a positioned limit, not a stack overflow', async () => {
    let deep = '';
    for (let i = 0; i < 1000; i++) deep += `${' '.repeat(i)}k${i}:\n`;
    const spec = specCopy({ [X]: (t) => `${t}deep:\n${deep.replace(/^/gm, ' ')}` });
    const r = await validate(spec);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/xynap\.yaml:\d+:\d+: error PBX1010: maps and lists nest deeper than 64/);
    expect(r.stderr).not.toMatch(/call stack/);
    expect(depthLimitOffset('a: '.concat('['.repeat(100)))).toBeGreaterThan(0);
    expect(
      depthLimitOffset('a: "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["', 64),
    ).toBe(-1);
  });
});

describe('limits', () => {
  it('a file over the size limit is refused unread', async () => {
    const spec = specCopy();
    writeFileSync(join(spec, 'tenants', 'huge.yaml'), Buffer.alloc(LIMITS.fileBytes + 1, 0x20));
    const r = await validate(spec);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/huge\.yaml:1:1: error PBX1008: file is 32 MiB: the limit is 32 MiB per file/);
  });

  it('too many values are refused before parsing', () => {
    const file = new SourceFile('t.yaml', `a: [${'1,'.repeat(LIMITS.nodes + 10)}]\n`);
    expect(file.diagnostics.map((d) => d.code)).toEqual(['PBX1011']);
  });

  it('a 1 MB value is refused by the string limit', async () => {
    const spec = specCopy({ [X]: (t) => t.replace('name: Staff 2', `name: ${'k'.repeat(1_000_000)}`) });
    const r = await validate(spec);
    expect(r.code).toBe(1);
    expect(r.stderr.length).toBeLessThan(5000);
    expect(r.stderr).toMatch(/PBX1012: a value of 1,000,000 characters: the limit is 65,536/);
  });

  it('a long unknown key is echoed cut short', async () => {
    const spec = specCopy({ [X]: (t) => `${t}${'k'.repeat(1000)}: 1\n` });
    const r = await validate(spec);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/PBX2001: unknown key "k{77}\.\.\."/);
  });

  it('5,000 unknown keys are reported quickly and each positioned (no quadratic locate)', async () => {
    const keys = Array.from({ length: 5000 }, (_, i) => `unknown_${i}: ${i}`).join('\n');
    const spec = specCopy({ [X]: (t) => `${t}${keys}\n` });
    const r = await validate(spec);
    expect(r.code).toBe(1);
    // At most 50 lines per file and code (then one count line), each at its own position.
    const lines = r.stderr.split('\n').filter((l) => /: error PBX2001: /.test(l));
    expect(lines).toHaveLength(50);
    expect(new Set(lines.map((l) => l.split(':')[1])).size).toBe(50);
    // The first 200 are examined (150 of them counted in the note), the other 4,800 in one PBX1090.
    expect(r.stderr).toMatch(/150 more PBX2001/);
    expect(r.stderr).toMatch(/error PBX1090: 4,800 more schema errors of this kind/);
  });
});

describe('hints', () => {
  const message = async (edit: (t: string) => string) => (await validate(specCopy({ [X]: edit }))).stderr;

  it('number: 0217 keeps its digits in the hint', async () => {
    expect(await message((t) => t.replace('number: "1001"', 'number: 0217'))).toContain('(quote it: "0217")');
  });
  it('yes is not a boolean in YAML 1.2', async () => {
    expect(await message((t) => t.replace('voicemail: true', 'voicemail: yes'))).toContain(
      'YAML 1.2 reads yes as text: write true or false',
    );
  });
  it('dates name their format', async () => {
    expect(await message((t) => t.replace('"2026-12-24"', '"24.12.2026"'))).toContain('YYYY-MM-DD');
  });
  it('a national number gets its E.164 form from the tenant country code', async () => {
    expect(await message((t) => t.replace('"+4934556643378"', '"03088776657"'))).toContain('"+493088776657"');
  });
  it('a misspelt time zone gets a did-you-mean', async () => {
    expect(await message((t) => t.replace('Europe/Berlin', 'Europe/Berlinn'))).toContain(
      'did you mean "Europe/Berlin"',
    );
  });
});

describe('tenant files', () => {
  it('a .yml tenant file is read', async () => {
    const spec = specCopy();
    const { renameSync } = await import('node:fs');
    renameSync(join(spec, X), join(spec, 'tenants', 'xynap.yml'));
    const r = await run(['validate', '--spec', spec, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).stats.tenants).toBe(3);
  });
});
