import { diag } from '../diag/diagnostic.js';
import { PROMPT_SETS, SAY_MODULES, sayPackage } from '../model/sound-languages.js';
import type { Rule } from './rule.js';

/** How numbers are read for a language without FreeSWITCH prompts (the second half of PBX3103). */
export function numberReading(language: string): string {
  return SAY_MODULES.has(language)
    ? `numbers are read in ${language} where the node has mod_say_${language} (Debian package ${sayPackage(language)}), else in English`
    : `FreeSWITCH has no mod_say_${language} either, so numbers are read in English`;
}

/**
 * A tenant language FreeSWITCH has no prompts for: the switch plays English prompts to its callers
 * (the target falls back at start instead of failing). Said once per tenant, at its language key.
 */
export const promptLanguages: Rule = {
  name: 'prompt-languages',
  check(ctx) {
    for (const scope of ctx.bound.tenants) {
      const language = scope.spec.language;
      if (typeof language !== 'string' || language === 'en' || PROMPT_SETS[language] !== undefined) continue;
      ctx.report(
        diag(
          'PBX3103',
          { tenant: scope.id, language, numbers: numberReading(language) },
          scope.locate(['language']),
        ),
      );
    }
  },
};

export const LANGUAGE_RULES: readonly Rule[] = [promptLanguages];
