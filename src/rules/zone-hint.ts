import { createRequire } from 'node:module';
import { closest, editDistance } from '../util/text.js';

/** The zones CLDR lists for a region ("DE" → Europe/Berlin, Europe/Busingen), primary first. */
export function zonesOfRegion(region: string): string[] {
  try {
    const locale = new Intl.Locale(`und-${region}`) as Intl.Locale & {
      timeZones?: string[];
      getTimeZones?: () => string[];
    };
    return locale.getTimeZones?.() ?? locale.timeZones ?? [];
  } catch {
    return [];
  }
}

/**
 * The main region of an E.164 calling code ("49" → DE, "44" → GB, "1" → US), from libphonenumber's
 * metadata (its first region for the code; loaded only here, on the error path of an unknown zone).
 */
export function regionOfCallingCode(code: string): string | undefined {
  try {
    const metadata = createRequire(import.meta.url)('libphonenumber-js/metadata.min.json') as {
      country_calling_codes?: Record<string, string[]>;
    };
    const regions = metadata.country_calling_codes?.[code];
    return Object.hasOwn(metadata.country_calling_codes ?? {}, code) ? regions?.[0] : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What to suggest for a zone the tz database does not know. A typo of a real zone ("Europe/Berln")
 * gets that zone when it lies in the tenant's country (or the country is unknown); a city that is
 * no zone of its own ("Europe/Munich", "America/Dallas") gets the zone of the tenant's country, from
 * its calling code (+49 → DE → Europe/Berlin). Never a zone of another country just because its
 * name is spelled alike (Munich → Zurich), and no guess in a country with many zones.
 */
export function zoneSuggestion(
  zone: string,
  callingCode: string | undefined,
  all: readonly string[],
): string | undefined {
  const typo = closest(zone, all);
  const region = callingCode ? regionOfCallingCode(callingCode) : undefined;
  const countryZones = region ? zonesOfRegion(region).filter((z) => all.includes(z)) : [];
  if (countryZones.length === 0) return typo;
  // A typo (two edits at most) of one of the country's zones.
  if (typo && countryZones.includes(typo) && editDistance(zone.toLowerCase(), typo.toLowerCase(), 3) <= 2)
    return typo;
  // A country with a few zones: its main one (in the continent written). One with many zones
  // (US, RU, BR, …): no guess, a city could be in any of them.
  if (countryZones.length > 3) return undefined;
  const continent = zone.split('/')[0]?.toLowerCase();
  return countryZones.find((z) => z.split('/')[0]?.toLowerCase() === continent) ?? countryZones[0];
}
