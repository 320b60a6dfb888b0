import type { TenantModel } from '../../model/types.js';

/**
 * Call progress tones by the tenant's country (dialing.country_code), as FreeSWITCH tone_stream
 * specs (ITU-T E.180 cadences). Ringback is what a caller hears while FreeSWITCH rings phones for
 * them (ring groups, transfers from the IVR, trunk calls); busy is signalled by cause (486), and the
 * caller's phone or carrier plays its own busy tone. Countries not listed get the ITU/European 425 Hz
 * ringback.
 */
const RINGBACK: Readonly<Record<string, string>> = {
  '1': '%(2000,4000,440,480)', // North America
  '44': '%(400,200,400,450);%(400,2000,400,450)', // United Kingdom
  '353': '%(400,200,400,450);%(400,2000,400,450)', // Ireland
  '33': '%(1500,3500,440)', // France
  '61': '%(400,200,400,450);%(400,2000,400,450)', // Australia
  '81': '%(1000,2000,400,416)', // Japan
};
const EUROPE_RINGBACK = '%(1000,4000,425)';

export function ringbackTone(tenant: TenantModel): string {
  return RINGBACK[tenant.dialing.countryCode] ?? EUROPE_RINGBACK;
}

/**
 * FreeSWITCH's prompt sets (sounds_dir/<path>) by language: the voices of its sound packages
 * (freeswitch-sounds-<lang>-<region>-<voice>). A language without a package (German has none), or
 * whose package the node lacks, falls back to English at start (vars.xml checks the folder).
 */
export const PROMPTS: Readonly<Record<string, string>> = {
  en: 'en/us/callie',
  fr: 'fr/ca/june',
  pt: 'pt/BR/karina',
  ru: 'ru/RU/elena',
  sv: 'sv/se/jakob',
  zh: 'zh/cn/sinmei',
};
export const DEFAULT_PROMPTS = PROMPTS.en!;

export function promptsOf(language: string): string {
  return PROMPTS[language] ?? DEFAULT_PROMPTS;
}

/** The pre-processor variable holding a language's prompt folder and say module (set in vars.xml). */
export const promptVar = (language: string) => `pbxc_prompts_${language}`;
export const sayVar = (language: string) => `pbxc_say_${language}`;

/** Languages other than English that tenants speak, sorted. */
export function otherLanguages(tenants: readonly TenantModel[]): string[] {
  return [...new Set(tenants.map((t) => t.language).filter((l) => l !== 'en'))].sort();
}

/** lang/say-<code>-<code>.inc loads mod_say_<code>; lang/say-<code>-en.inc (module absent) loads nothing. */
export function sayIncludes(code: string): Record<string, string> {
  return {
    [`lang/say-${code}-${code}.inc`]: `<load module="mod_say_${code}"/>\n`,
    [`lang/say-${code}-en.inc`]: `<!-- no mod_say_${code} on this node: ${code} reads numbers with mod_say_en -->\n`,
  };
}
