import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { csvField, escapeRegex, escapeXml, lineValue, stripControl } from '../../src/util/escape.js';

const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);

describe('escapeXml', () => {
  it('keeps any string as text: the document stays well-formed and the text round-trips', () => {
    const parser = new XMLParser({
      ignoreAttributes: false,
      processEntities: true,
      htmlEntities: false,
      trimValues: false,
      parseAttributeValue: false,
    });
    fc.assert(
      fc.property(hostile, (s) => {
        const doc = `<r a="${escapeXml(s)}">${escapeXml(s)}</r>`;
        const parsed = parser.parse(doc) as { r: { '#text'?: string | number; '@_a': string } };
        const expected = stripControl(s);
        expect(String(parsed.r['@_a'])).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('passes xmllint with a hostile corpus', () => {
    const samples = [
      '\uffff',
      '\udc00x',
      '<tag>',
      '&amp;',
      '"\'',
      ']]>',
      '<!--',
      '\u0000\u0001\u001f',
      'a\nb',
      '\u2028',
      '\ud800',
    ];
    const doc = `<?xml version="1.0" encoding="utf-8"?>\n<r>${samples.map((s) => `<v n="${escapeXml(s)}">${escapeXml(s)}</v>`).join('')}</r>\n`;
    execFileSync('xmllint', ['--noout', '-'], { input: doc });
  });
});

describe('lineValue', () => {
  it('never yields a line break or control character', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        expect(lineValue(s)).not.toMatch(/[\u0000-\u001f\u007f\u2028\u2029]/);
      }),
    );
  });
});

describe('csvField', () => {
  it('is one field: commas, quotes and line breaks cannot add columns or rows', () => {
    fc.assert(
      fc.property(hostile, hostile, (a, b) => {
        const row = `${csvField(a)},${csvField(b)}`;
        expect(parseCsvRow(row)).toHaveLength(2);
      }),
    );
  });

  it('defuses spreadsheet formulas but keeps E.164 numbers', () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('+4930123')).toBe('+4930123');
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
  });
});

describe('escapeRegex', () => {
  it('matches the literal text and nothing else', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        const re = new RegExp(`^${escapeRegex(s)}$`);
        expect(re.test(s)).toBe(true);
      }),
    );
  });
});

function parseCsvRow(row: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= row.length) {
    if (row[i] === '"') {
      let value = '';
      i++;
      while (i < row.length) {
        if (row[i] === '"' && row[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (row[i] === '"') {
          i++;
          break;
        } else value += row[i++];
      }
      fields.push(value);
      if (row[i] === ',') i++;
      else break;
    } else {
      const end = row.indexOf(',', i);
      const stop = end < 0 ? row.length : end;
      expect(row.slice(i, stop)).not.toMatch(/[\r\n"]/);
      fields.push(row.slice(i, stop));
      if (end < 0) break;
      i = end + 1;
    }
  }
  return fields;
}
