// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here is FreeSWITCH variable syntax, not JavaScript.
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { Model } from '../../../src/model/types.js';
import { exampleModel } from '../../helpers/example.js';
import { emitFs, xmllint } from './emit.js';

/** A marker FreeSWITCH would expand if it reached a file as a variable. */
const MARK = 'pbxcinject';
const hostile = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '<',
        '>',
        '&',
        '"',
        "'",
        '\\',
        ']]>',
        '<!--',
        '\n',
        '\r',
        '\u0000',
        '\u2028',
        '%',
        '|',
        ',',
      ),
      fc.constantFrom(
        `\${${MARK}}`,
        `$\${${MARK}}`,
        `]]..os.execute("${MARK}")..[[`,
        `')..${MARK}..('`,
        `"; ${MARK} "`,
      ),
      fc.string({ maxLength: 4 }),
    ),
    { minLength: 1, maxLength: 10 },
  )
  .map((parts) => parts.join(''));

/** The example model with one hostile name on every queue, conference room, paging group and tenant. */
function withNames(model: Model, name: string): Model {
  const copy = structuredClone(model) as unknown as { tenants: Record<string, unknown>[] };
  for (const tenant of copy.tenants) {
    tenant.name = name;
    for (const key of ['queues', 'conferences', 'pagingGroups'])
      for (const item of (tenant[key] as Record<string, unknown>[] | undefined) ?? []) item.name = name;
  }
  return copy as unknown as Model;
}

/** A variable made of the marker, or the marker as Lua code (outside a string). */
const escaped = (text: string) =>
  new RegExp(`\\$\\$?\\{${MARK}|os\\.execute\\("${MARK}"\\)\\.\\.\\[\\[|'\\)\\.\\.${MARK}`).test(text);

describe('freeswitch target: hostile queue, conference and paging names', async () => {
  const model = await exampleModel();
  const hasFeatures = model.tenants.some(
    (t) => t.queues.length && t.conferences.length && t.pagingGroups.length,
  );

  it('the example has queues, conference rooms and paging groups to name', () => {
    expect(hasFeatures).toBe(true);
  });

  it('every XML file stays well-formed and no name becomes a variable or code', () => {
    fc.assert(
      fc.property(hostile, (name) => {
        for (const [path, text] of emitFs(withNames(model, name))) {
          if (path.endsWith('.xml')) expect(XMLValidator.validate(text), path).toBe(true);
          expect(escaped(text), path).toBe(false);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('passes xmllint with the nastiest name', () => {
    const files = emitFs(withNames(model, `a<b>&"'\u0001$\${${MARK}}]]><!--')..${MARK}..('`));
    for (const [path, text] of files) if (path.endsWith('.xml')) expect(xmllint(text), path).toBe('');
    // The paging group's name reaches the dialplan (the caller-ID name of the page), escaped.
    const dialplan = files.get('freeswitch/dialplan/abc-company.xml') ?? '';
    expect(dialplan).toContain('conference_auto_outcall_caller_id_name=a&lt;b&gt;&amp;&quot;&apos;');
    expect(escaped(dialplan)).toBe(false);
  });
});
