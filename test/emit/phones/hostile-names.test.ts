import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { phonesTarget } from '../../../src/emit/phones/index.js';
import { ringotelTarget } from '../../../src/emit/ringotel/index.js';
import { tftpTarget } from '../../../src/emit/tftp/index.js';
import { zeroTouchTarget } from '../../../src/emit/zero-touch/index.js';
import type { Model } from '../../../src/model/types.js';
import { placeholder } from '../../../src/secrets/placeholder.js';
import { lineValue } from '../../../src/util/escape.js';
import { exampleModel } from '../../helpers/example.js';
import { parseCsv } from '../ringotel/csv.js';
import { parseCiscoCnf, parseKeyValue } from './parse.js';

let model: Model;
beforeAll(async () => {
  model = await exampleModel();
});

/** Every device, extension and key label replaced by the hostile text. */
function withNames(base: Model, name: string): Model {
  return {
    ...base,
    tenants: base.tenants.map((t) => ({
      ...t,
      extensions: t.extensions.map((e) => ({ ...e, name, callerIdName: name })),
      devices: t.devices.map((d) => ({ ...d, name, keys: d.keys.map((k) => ({ ...k, label: name })) })),
    })),
  };
}

const xml = new XMLParser({ ignoreAttributes: false, parseTagValue: false });

/** The structure of a file: keys for key=value files, element/attribute paths for XML, columns for CSV. */
function shape(path: string, content: string): string[] {
  if (path.endsWith('.csv')) return parseCsv(content).map((r) => String(r.length));
  if (/\.(json|md)$|^tftp\/(tftpd-hpa|hosts\.)/.test(path)) return [String(content.split('\n').length)];
  if (/SIP[0-9A-F]{12}\.cnf$|SIPDefault\.cnf$/.test(path)) return [...parseCiscoCnf(content).keys()];
  if (content.startsWith('#!version')) return [...parseKeyValue(content).keys()];
  const valid = XMLValidator.validate(content);
  if (valid !== true) throw new Error(`${path}: ${JSON.stringify(valid.err)}`);
  const paths: string[] = [];
  const walk = (node: unknown, at: string) => {
    if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) walk(v, `${at}/${k}`);
    } else paths.push(at);
  };
  walk(xml.parse(content), '');
  return paths;
}

const hostile = fc
  .array(
    fc.constantFrom(
      'a',
      'Z',
      ' ',
      '\n',
      '\r',
      '"',
      "'",
      '<',
      '>',
      '&',
      ',',
      '=',
      ':',
      '#',
      '\t',
      'ä',
      '\u0000',
      ';',
    ),
    {
      minLength: 1,
      maxLength: 24,
    },
  )
  .map((parts) => parts.join(''))
  .filter((s) => lineValue(s).length > 0);

describe('hostile names', () => {
  it('never add keys, lines, elements or CSV columns, in any phone, TFTP, zero-touch or Ringotel file', () => {
    const emit = (m: Model) =>
      [phonesTarget, tftpTarget, zeroTouchTarget, ringotelTarget].flatMap(
        (t) => t.emit({ model: m, mode: 'audit', secret: placeholder }).files,
      );
    const baseline = new Map(
      emit(withNames(model, 'Plain Name')).map((f) => [f.path, shape(f.path, f.content)]),
    );
    fc.assert(
      fc.property(hostile, (name) => {
        const files = emit(withNames(model, name));
        expect(files.map((f) => f.path)).toEqual([...baseline.keys()]);
        for (const f of files) expect(shape(f.path, f.content), f.path).toEqual(baseline.get(f.path));
      }),
      { numRuns: 40 },
    );
  });

  it('a hostile label reaches a Yealink key as one sanitized line', () => {
    const name = 'Evil\nlinekey.9.type = 16 & <b>';
    const files = phonesTarget.emit({
      model: withNames(model, name),
      mode: 'audit',
      secret: placeholder,
    }).files;
    const cfg = parseKeyValue(files.find((f) => f.path === 'phones/xynap/0015654a1000.cfg')!.content);
    expect(cfg.get('linekey.2.label')).toBe('Evillinekey.9.type = 16 & <b>');
    expect(cfg.has('linekey.9.type')).toBe(false);
  });
});
