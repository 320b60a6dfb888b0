import { toE164Form } from '../model/phone-numbers.js';

/**
 * Hints for values that failed a pattern or a type: what the expected form looks like, and where
 * the value can be fixed mechanically, the fixed value. Pure functions of the value and the file.
 */

const DATE = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';
const TIME = '^[0-9]{2}:[0-9]{2}$';

/** Dialing rules of the tenant file, for turning a national number into E.164. */
export interface Dialing {
  readonly country_code?: unknown;
  readonly national_prefix?: unknown;
  readonly international_prefix?: unknown;
}

/** "+4930887766" for "030887766" in Germany, "+…" for "0049…": a number as the tenant dials it. */
export function e164Suggestion(text: string, dialing: Dialing | undefined): string | undefined {
  const digits = text.replace(/[\s()./-]/g, '');
  if (!/^\+?[0-9]{4,20}$/.test(digits)) return undefined;
  const cc = typeof dialing?.country_code === 'string' ? dialing.country_code : undefined;
  // "+49 (0)89 4520 3300": libphonenumber drops the "(0)" the way people mean it.
  if (digits.startsWith('+')) {
    const e164 = toE164Form(text, cc);
    return e164 && e164 !== text ? e164 : undefined;
  }
  const national = typeof dialing?.national_prefix === 'string' ? dialing.national_prefix : '0';
  const international =
    typeof dialing?.international_prefix === 'string' ? dialing.international_prefix : '00';
  let e164: string | undefined;
  if (international && digits.startsWith(international)) e164 = `+${digits.slice(international.length)}`;
  else if (cc && national && digits.startsWith(national)) e164 = `+${cc}${digits.slice(national.length)}`;
  else if (cc && digits.startsWith(cc)) e164 = `+${digits}`;
  return e164 && /^\+[1-9][0-9]{7,14}$/.test(e164) ? e164 : undefined;
}

/** Extra words for a pattern failure, from the pattern itself. */
export function patternHint(pattern: string, data: unknown, dialing: Dialing | undefined): string {
  if (pattern === DATE) return ' (expected a date as YYYY-MM-DD, e.g. 2026-12-24)';
  if (pattern === TIME) return ' (expected a time as HH:MM, 24-hour, e.g. 08:30)';
  if (pattern.startsWith('^\\+') && typeof data === 'string') {
    const suggestion = e164Suggestion(data, dialing);
    return suggestion ? ` (E.164 with the country code: "${suggestion}")` : '';
  }
  return '';
}

const YAML11_BOOLEANS = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

/** Extra words for a type failure: YAML 1.2 booleans, and numbers that lost their leading zeros. */
export function typeHint(expected: string, data: unknown, source: string | undefined): string {
  if (expected === 'boolean' && typeof data === 'string' && YAML11_BOOLEANS.test(data))
    return ` (YAML 1.2 reads ${data} as text: write true or false)`;
  if (expected === 'string' && typeof data === 'number') {
    const written = source !== undefined && /^[-+0-9.eExXoObB_:]+$/.test(source) ? source : String(data);
    return ` (quote it: "${written}")`;
  }
  return '';
}
