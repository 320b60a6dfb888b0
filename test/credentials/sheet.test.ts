import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSheet, SHEET_HEADER, sheetCell, sheetCsv } from '../../src/credentials/sheet.js';
import { stripControl } from '../../src/util/escape.js';
import { exampleModel } from '../helpers/example.js';

/** RFC 4180 reader (quoted fields, doubled quotes): what a spreadsheet import sees. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  return rows;
}

const FORMULA = /^\s*[=+\-@]/;

describe('onboarding sheet CSV', () => {
  it('no cell a spreadsheet could run as a formula, and the text survives (property)', () => {
    const hostile = fc.oneof(
      fc.string(),
      fc.constantFrom(
        '=1+1',
        '+SUM(A1)',
        '-2+3',
        '@cmd',
        ' =HYPERLINK("x")',
        '\t=1',
        '"=1"',
        'a,b',
        'x\ny',
        '+4930123',
        '012345',
        '00',
        '1234567890123456',
      ),
      fc.stringMatching(/^0[0-9]{0,7}$/),
      fc.tuple(fc.constantFrom('=', '+', '-', '@', ' ', '\t', '"', ','), fc.string()).map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(fc.array(hostile, { minLength: 1, maxLength: 6 }), (cells) => {
        const line = `${cells.map(sheetCell).join(',')}\n`;
        const [row, ...rest] = readCsv(line);
        expect(rest).toEqual([]);
        expect(row).toHaveLength(cells.length);
        row!.forEach((cell, i) => {
          // The only formulas: a phone number, or digits wrapped as text (="0123").
          if (FORMULA.test(cell)) expect(cell).toMatch(/^(\+[0-9]+|="[0-9]+")$/);
          // Only the defusing apostrophe, the text wrapper and control characters (escape.test.ts) differ.
          const text = stripControl(cells[i]!);
          expect([text, `'${text}`, `="${text}"`]).toContain(cell);
        });
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['012345', '"=""012345"""'],
    ['0', '"=""0"""'],
    ['123456', '123456'],
    ['1234567890123456', '"=""1234567890123456"""'],
    ['0a', '0a'],
  ])('a PIN or number a spreadsheet would mangle stays text: %s → %s', (value, cell) => {
    expect(sheetCell(value)).toBe(cell);
    expect(readCsv(`${sheetCell(value)}\n`)[0]![0]).toBe(cell.startsWith('"') ? `="${value}"` : value);
  });

  it('one row per extension plus the provisioning login', async () => {
    const model = await exampleModel();
    const t = model.tenants.find((x) => x.id === 'xynap')!;
    const rows = readCsv(
      sheetCsv(buildSheet(model, t, (ref) => `secret:${ref.kind === 'derived' ? ref.id : ref.name}`)),
    );
    expect(rows[0]).toEqual(SHEET_HEADER);
    expect(rows.filter((r) => r[0] === 'extension').map((r) => r[2])).toEqual(
      t.extensions.map((e) => e.number),
    );
    const webrtc = rows.find((r) => r[2] === 'webrtc1')!;
    expect(webrtc[9]).toBe('wss/7443');
    expect(rows.at(-1)).toEqual([
      'provisioning',
      'xynap',
      '',
      'phones of xynap',
      'xynap',
      'secret:xynap/provisioning/http-password',
      '',
      'sip.xynap.tech',
      'https://provision.voice.example.net/xynap/',
      'https',
    ]);
  });
});
