import type { Model } from '../../model/types.js';
import { compareStrings } from '../../util/text.js';
import { languageElement } from './phrases.js';
import { el, renderXml } from './xml.js';

/**
 * Every language a tenant speaks, English first (FreeSWITCH's fallback). Each gets pbxc's own
 * phrase macros (phrases.ts): voicemail and valet parking work on any install, whatever its conf/lang.
 * Prompts use the installed English sound set and mod_say_en, the ones every FreeSWITCH build has.
 */
export function languageCodes(model: Model): string[] {
  const rest = new Set(model.tenants.map((t) => t.language).filter((c) => c !== 'en'));
  return ['en', ...[...rest].sort(compareStrings)];
}

/** lang/<code>.xml: an `<include>` fragment for the languages section of freeswitch.xml. */
export function languageFile(code: string): string {
  return renderXml(el('include', {}, [languageElement(code)]));
}
