import { describe, expect, it } from 'vitest';
import { PROMPTS } from '../../src/emit/freeswitch/locale.js';
import { PROMPT_SETS, SAY_MODULES } from '../../src/model/sound-languages.js';
import { numberReading } from '../../src/rules/languages.js';
import { lineOf, run, specCopy } from '../helpers/cli.js';

async function languageWarnings(spec: string) {
  const r = await run(['validate', '--spec', spec, '--format', 'json']);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout).diagnostics.filter((d: { code: string }) => d.code === 'PBX3103');
}

describe('rule prompt-languages: a language FreeSWITCH has no prompts for plays English prompts', () => {
  it('warns once at the language of the German tenant, naming the fallback and mod_say_de', async () => {
    const spec = specCopy();
    const found = await languageWarnings(spec);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      severity: 'warning',
      file: expect.stringContaining('xynap.yaml'),
      line: lineOf(spec, 'tenants/xynap.yaml', 'language: de'),
    });
    expect(found[0].message).toContain('English prompts (en/us/callie)');
    expect(found[0].message).toContain('freeswitch-mod-say-de');
  });

  it('says nothing for languages FreeSWITCH has prompts for', async () => {
    for (const code of ['en', 'fr', 'sv']) {
      const spec = specCopy({ 'tenants/xynap.yaml': (t) => t.replace('language: de', `language: ${code}`) });
      expect(await languageWarnings(spec), code).toEqual([]);
    }
  });

  it('says when numbers are read in English too (no mod_say for the language)', async () => {
    const spec = specCopy({ 'tenants/xynap.yaml': (t) => t.replace('language: de', 'language: da') });
    const [w] = await languageWarnings(spec);
    expect(w.message).toContain('no mod_say_da either');
    expect(numberReading('it')).toContain('freeswitch-mod-say-it');
  });

  it('is the same table the FreeSWITCH target plays prompts from', () => {
    expect(PROMPTS).toBe(PROMPT_SETS);
    for (const code of Object.keys(PROMPT_SETS)) expect(SAY_MODULES.has(code), code).toBe(true);
  });
});
