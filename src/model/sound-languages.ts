/**
 * What FreeSWITCH itself publishes per language (facts of its source tree and Debian packaging,
 * signalwire/freeswitch 1.10/1.11): the prompt sets of its sound packages
 * (freeswitch-sounds-<lang>-<region>-<voice>, installed under sounds_dir/<path>) and the number
 * reading modules mod_say_<code> (Debian package freeswitch-mod-say-<code>). The FreeSWITCH target
 * uses them where the node has them and English otherwise; validate says where a language has none.
 */
export const PROMPT_SETS: Readonly<Record<string, string>> = {
  en: 'en/us/callie',
  fr: 'fr/ca/june',
  pt: 'pt/BR/karina',
  ru: 'ru/RU/elena',
  sv: 'sv/se/jakob',
  zh: 'zh/cn/sinmei',
};

/** Languages with a mod_say_<code> in FreeSWITCH's source tree (src/mod/say). */
export const SAY_MODULES: ReadonlySet<string> = new Set([
  'de',
  'en',
  'es',
  'fa',
  'fr',
  'he',
  'hr',
  'hu',
  'it',
  'ja',
  'nl',
  'pl',
  'pt',
  'ru',
  'sv',
  'th',
  'zh',
]);

/** The Debian package that brings mod_say_<code>. */
export const sayPackage = (code: string) => `freeswitch-mod-say-${code}`;
