import type { Model } from '../../model/types.js';
import { compareStrings } from '../../util/text.js';

/**
 * Phrase files FreeSWITCH installs in its conf dir (conf/vanilla/lang). Voicemail hangs up at once
 * without a languages section, so English is always included; a tenant language FreeSWITCH ships
 * is included too and becomes that tenant's default_language.
 */
const SHIPPED: Readonly<Record<string, string>> = {
  de: 'lang/de/*.xml',
  en: 'lang/en/*.xml',
  es: 'lang/es/es_ES.xml',
  fr: 'lang/fr/*.xml',
  he: 'lang/he/*.xml',
  pt: 'lang/pt/pt_BR.xml',
  ru: 'lang/ru/*.xml',
  sv: 'lang/sv/*.xml',
};

export function languageOf(code: string): { code: string; include: string } | undefined {
  const include = SHIPPED[code];
  return include ? { code, include } : undefined;
}

/** The include paths of the languages section, English first. */
export function languageIncludes(model: Model): string[] {
  const codes = new Set(['en']);
  for (const t of model.tenants) if (languageOf(t.language)) codes.add(t.language);
  const rest = [...codes].filter((c) => c !== 'en').sort(compareStrings);
  return ['en', ...rest].map((c) => SHIPPED[c]!);
}
