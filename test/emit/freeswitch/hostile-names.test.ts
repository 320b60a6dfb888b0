// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here is FreeSWITCH variable syntax, not JavaScript.
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { Model } from '../../../src/model/types.js';
import { stripControl } from '../../../src/util/escape.js';
import { exampleModel } from '../../helpers/example.js';
import { all, directoryDomain, emitFs, userFiles, xmllint } from './emit.js';

/** Names built from the characters that break XML, FreeSWITCH variables and dial strings. */
const hostile = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '<',
        '>',
        '&',
        '"',
        "'",
        '$',
        '{',
        '}',
        '${',
        '$${',
        ',',
        '|',
        '^',
        ':',
        '\\',
        ']]>',
        '<!--',
      ),
      fc.constantFrom('\u0000', '\u0007', '\n', '\r', '\t', '\u007f', '\u2028'),
      fc.string({ maxLength: 4 }),
    ),
    { minLength: 1, maxLength: 12 },
  )
  .map((parts) => parts.join(''));

/** The example model with one hostile name on every extension and ring group. */
function withNames(model: Model, name: string): Model {
  const copy = structuredClone(model) as { -readonly [K in keyof Model]: Model[K] } & Record<string, unknown>;
  for (const tenant of copy.tenants as unknown as Record<string, unknown>[]) {
    tenant.name = name;
    for (const e of tenant.extensions as Record<string, unknown>[]) {
      e.name = name;
      e.callerIdName = name;
      if (e.outboundCallerId) e.outboundCallerId = { ...(e.outboundCallerId as object), name };
    }
    for (const g of tenant.ringGroups as Record<string, unknown>[]) g.name = name;
    for (const m of tenant.ivrMenus as Record<string, unknown>[]) m.name = name;
    for (const d of tenant.dids as Record<string, unknown>[]) d.name = name;
    for (const a of tenant.aliases as Record<string, unknown>[]) a.name = name;
  }
  return copy as Model;
}

/** What FreeSWITCH should see: control characters gone, "$" defused, everything else intact. */
function expected(name: string): string {
  return stripControl(name).replaceAll('$', '\uff04');
}

describe('freeswitch target: hostile names', async () => {
  const model = await exampleModel();

  it('keeps every file well-formed and the name intact as text', () => {
    fc.assert(
      fc.property(hostile, (name) => {
        const files = emitFs(withNames(model, name));
        for (const [path, text] of files) {
          if (!path.endsWith('.xml')) continue;
          expect(XMLValidator.validate(text), path).toBe(true);
          expect(text).not.toContain('${uuid}${');
        }
        const dir = directoryDomain(files, 'xynap');
        const names = all(dir, 'variable')
          .filter((v) => v.name === 'effective_caller_id_name')
          .map((v) => v.value);
        // An empty name (all control characters) is no variable at all; FreeSWITCH drops empty ones.
        if (expected(name) !== '') expect(names.length).toBeGreaterThan(0);
        for (const n of names) expect(decode(n)).toBe(expected(name));
      }),
      { numRuns: 150 },
    );
  });

  it('passes xmllint with the nastiest name', () => {
    const files = emitFs(withNames(model, `a<b>&"'\u0001$\${system(rm -rf /)}]]><!--`));
    for (const [path, text] of files) if (path.endsWith('.xml')) expect(xmllint(text), path).toBe('');
    const dir = [files.get('freeswitch/directory/xynap.xml')!, ...userFiles(files, 'xynap').values()].join(
      '',
    );
    expect(dir).not.toContain('${system');
    expect(dir).toContain('&lt;b&gt;&amp;&quot;&apos;');
  });
});

/** fast-xml-parser leaves entities in attribute values unless told otherwise. */
function decode(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&amp;', '&');
}
