import {
  Metadata,
  parseIncompletePhoneNumber,
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
} from 'libphonenumber-js/max';

/**
 * Phone numbers with Google's libphonenumber metadata (libphonenumber-js, "max" set, loaded once
 * when this module is first imported). Everything here is a pure function of the number and the
 * pinned metadata, so outputs stay deterministic for one version of the package.
 */

/** Number types a route can match: libphonenumber's types, plus international. */
export const NUMBER_TYPES = [
  'premium_rate',
  'shared_cost',
  'toll_free',
  'mobile',
  'fixed_line',
  'fixed_line_or_mobile',
  'voip',
  'personal_number',
  'pager',
  'uan',
  'voicemail',
  'international',
] as const;

export type NumberType = (typeof NUMBER_TYPES)[number];

type LibType = Uppercase<Exclude<NumberType, 'international'>>;

/** The parts of libphonenumber-js's metadata object this module reads (not in its typings). */
interface TypeDefinition {
  pattern(): string;
  possibleLengths(): number[] | undefined;
}
interface Plan {
  nationalNumberPattern(): string;
  nationalPrefix(): string | undefined;
  type(name: LibType): TypeDefinition | undefined;
}
interface MetadataObject {
  readonly metadata: { readonly country_calling_codes: Record<string, string[] | undefined> };
  selectNumberingPlan(country: string): void;
  readonly numberingPlan?: Plan;
}

let metadata: MetadataObject | undefined;
function meta(): MetadataObject {
  metadata ??= new Metadata() as unknown as MetadataObject;
  return metadata;
}

/** The country whose numbering plan stands for a calling code: DE for 49, US for 1, GB for 44. */
export function mainRegion(countryCode: string): string | undefined {
  return meta().metadata.country_calling_codes[countryCode]?.[0];
}

function plan(region: string): Plan | undefined {
  const m = meta();
  m.selectNumberingPlan(region);
  return m.numberingPlan;
}

/** libphonenumber checks these after fixed line, in this order (getNumberType). */
const NON_FIXED: readonly LibType[] = [
  'MOBILE',
  'PREMIUM_RATE',
  'TOLL_FREE',
  'SHARED_COST',
  'VOIP',
  'PERSONAL_NUMBER',
  'PAGER',
  'UAN',
  'VOICEMAIL',
];

/** "the national number is of this type definition": its lengths and its pattern, as a look-ahead body. */
function typeTest(def: TypeDefinition | undefined): string | undefined {
  const pattern = def?.pattern();
  if (!def || !pattern) return undefined;
  const lengths = def.possibleLengths();
  const len = lengths?.length ? `(?=(?:${lengths.map((n) => `[0-9]{${n}}`).join('|')})$)` : '';
  return `${len}(?:${pattern})$`;
}

const cache = new Map<string, string | null>();

/**
 * A regular expression (source, anchored) over E.164 numbers ("+49…") that matches exactly the
 * numbers libphonenumber's getNumberType gives this type in the main country of the calling code;
 * `international`: every number outside the calling code. Undefined when the country has no such
 * numbers. The same source serves the FreeSWITCH dialplan (PCRE) and explain (JavaScript).
 */
export function typeRegex(countryCode: string, type: NumberType): string | undefined {
  const key = `${countryCode}/${type}`;
  if (!cache.has(key)) cache.set(key, compileType(countryCode, type) ?? null);
  return cache.get(key) ?? undefined;
}

function compileType(countryCode: string, type: NumberType): string | undefined {
  if (!/^[1-9][0-9]{0,2}$/.test(countryCode)) return undefined;
  if (type === 'international') return `^\\+(?!${countryCode})[1-9][0-9]{6,14}$`;
  const region = mainRegion(countryCode);
  const p = region ? plan(region) : undefined;
  if (!p) return undefined;
  const general = `(?=(?:${p.nationalNumberPattern()})$)`;
  const fixed = typeTest(p.type('FIXED_LINE'));
  const mobileDef = p.type('MOBILE');
  // An empty mobile pattern: libphonenumber dropped it as a duplicate of the fixed-line one.
  const mobileSameAsFixed = !mobileDef || mobileDef.pattern() === '';
  const mobile = typeTest(mobileDef);
  const is = (t: string) => `(?=${t})`;
  const not = (t: string | undefined) => (t ? `(?!${t})` : '');
  let body: string | undefined;
  if (type === 'fixed_line' || type === 'fixed_line_or_mobile') {
    if (!fixed) return undefined;
    if (type === 'fixed_line') body = mobileSameAsFixed ? undefined : `${is(fixed)}${not(mobile)}`;
    else body = mobileSameAsFixed ? is(fixed) : mobile ? `${is(fixed)}${is(mobile)}` : undefined;
  } else {
    const wanted = type.toUpperCase() as LibType;
    const own = wanted === 'MOBILE' && mobileSameAsFixed ? undefined : typeTest(p.type(wanted));
    if (own) {
      const earlier = NON_FIXED.slice(0, NON_FIXED.indexOf(wanted)).map((t) =>
        t === 'MOBILE' && mobileSameAsFixed ? undefined : typeTest(p.type(t)),
      );
      body = `${not(fixed)}${earlier.map(not).join('')}${is(own)}`;
    }
  }
  // "+49 0900…": libphonenumber drops a national prefix written after the country code, and so
  // does a carrier; the expression does too, so "00 49 0900…" is premium rate like "0900…".
  const prefix = p.nationalPrefix();
  const skip = prefix && /^[0-9]+$/.test(prefix) ? `(?:${prefix})?` : '';
  return body === undefined ? undefined : `^\\+${countryCode}${skip}${general}${body}[0-9]+$`;
}

/** The type of an E.164 number by the compiled expressions (what the dialplan decides). */
export function typesOf(countryCode: string, e164: string, types: readonly NumberType[]): NumberType[] {
  return types.filter((t) => {
    const source = typeRegex(countryCode, t);
    return source !== undefined && compiled(source).test(e164);
  });
}

const regexes = new Map<string, RegExp>();
function compiled(source: string): RegExp {
  let re = regexes.get(source);
  if (!re) {
    re = new RegExp(source);
    regexes.set(source, re);
  }
  return re;
}

const anyCache = new Map<string, string | null>();

/** Numbers getNumberType gives any type in the main country of the calling code (= valid there). */
function anyTypeRegex(countryCode: string): string | undefined {
  if (!anyCache.has(countryCode)) {
    const region = mainRegion(countryCode);
    const p = region ? plan(region) : undefined;
    const tests = p
      ? (['FIXED_LINE', ...NON_FIXED] as LibType[])
          .map((t) => typeTest(p.type(t)))
          .filter((t) => t !== undefined)
      : [];
    const prefix = p?.nationalPrefix();
    const skip = prefix && /^[0-9]+$/.test(prefix) ? `(?:${prefix})?` : '';
    anyCache.set(
      countryCode,
      p && tests.length > 0
        ? `^\\+${countryCode}${skip}(?=(?:${p.nationalNumberPattern()})$)(?:${tests.map((t) => `(?=${t})`).join('|')})[0-9]+$`
        : null,
    );
  }
  return anyCache.get(countryCode) ?? undefined;
}

/** Calling code and the rest of an E.164 number (calling codes are prefix-free). */
function callingCodeOf(e164: string): string | undefined {
  const codes = meta().metadata.country_calling_codes;
  for (const n of [1, 2, 3]) {
    const cc = e164.slice(1, 1 + n);
    if (codes[cc]) return cc;
  }
  return undefined;
}

/** Why an E.164 number is not valid for its country, or undefined when it is. */
export function invalidReason(e164: string): string | undefined {
  // Fast path (validate runs this for every DID): a type in the main country means valid, as
  // libphonenumber's isValid would say; anything else gets libphonenumber's own verdict.
  const cc = callingCodeOf(e164);
  const any = cc ? anyTypeRegex(cc) : undefined;
  if (any && compiled(any).test(e164)) return undefined;
  const parsed = parsePhoneNumberFromString(e164);
  if (parsed?.isValid()) return undefined;
  const length = validatePhoneNumberLength(e164);
  const code = parsed?.countryCallingCode;
  const country = parsed?.country ?? (code ? (mainRegion(code) ?? `+${code}`) : '');
  switch (length) {
    case 'INVALID_COUNTRY':
      return 'no country uses this calling code';
    case 'TOO_LONG':
      return `too long for ${country || 'its country'}`;
    case 'TOO_SHORT':
      return `too short for ${country || 'its country'}`;
    case 'INVALID_LENGTH':
      return `no number of ${country || 'its country'} has this length`;
    default:
      return `not in a number range ${country || 'its country'} uses`;
  }
}

/** The number in E.164, from a national or international form as the tenant writes it ("089 4520 3300"). */
export function toE164Form(text: string, countryCode?: string): string | undefined {
  const parsed = parsePhoneNumberFromString(text, countryCode ? { defaultCallingCode: countryCode } : {});
  return parsed?.isPossible() ? parsed.number : undefined;
}

/** What a phone dials for a written number: digits (and a leading +), spaces and punctuation dropped. */
export function dialledDigits(text: string): string {
  return parseIncompletePhoneNumber(text);
}
