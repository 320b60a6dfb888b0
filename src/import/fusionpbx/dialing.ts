/**
 * Countries the importer knows: the tenant's dialing block and how national numbers become E.164.
 * National prefix "" where the leading 0 is part of the number (Italy, Denmark, Norway, ...).
 */
export interface Country {
  readonly cc: string;
  readonly national: string;
  readonly international: string;
  readonly emergency: readonly string[];
}

const c = (cc: string, national: string, international: string, emergency: string[]): Country => ({
  cc,
  national,
  international,
  emergency,
});

export const COUNTRIES: readonly Country[] = [
  c('1', '1', '011', ['911']),
  c('7', '8', '810', ['112']),
  c('27', '0', '00', ['10111', '112']),
  c('31', '0', '00', ['112']),
  c('32', '0', '00', ['112']),
  c('33', '0', '00', ['112', '15', '17', '18']),
  c('34', '', '00', ['112']),
  c('39', '', '00', ['112']),
  c('41', '0', '00', ['112', '117', '118', '144']),
  c('43', '0', '00', ['112', '122', '133', '144']),
  c('44', '0', '00', ['999', '112']),
  c('45', '', '00', ['112']),
  c('46', '0', '00', ['112']),
  c('47', '', '00', ['112']),
  c('48', '', '00', ['112']),
  c('49', '0', '00', ['110', '112']),
  c('52', '', '00', ['911']),
  c('55', '0', '00', ['190', '192', '193']),
  c('61', '0', '0011', ['000', '112']),
  c('64', '0', '00', ['111']),
  c('91', '0', '00', ['112']),
  c('351', '', '00', ['112']),
  c('352', '', '00', ['112']),
  c('353', '0', '00', ['112', '999']),
  c('420', '', '00', ['112']),
];

export function countryOf(cc: string): Country | undefined {
  return COUNTRIES.find((x) => x.cc === cc);
}

/** The country code an E.164 number starts with (longest match among known countries). */
export function ccOfE164(e164: string): string | undefined {
  const digits = e164.replace(/^\+/, '');
  const hits = COUNTRIES.filter((x) => digits.startsWith(x.cc)).sort((a, b) => b.cc.length - a.cc.length);
  return hits[0]?.cc;
}

const ZONE_CC: Readonly<Record<string, string>> = {
  'Europe/Berlin': '49',
  'Europe/Vienna': '43',
  'Europe/Zurich': '41',
  'Europe/London': '44',
  'Europe/Paris': '33',
  'Europe/Amsterdam': '31',
  'Europe/Brussels': '32',
  'Europe/Madrid': '34',
  'Europe/Rome': '39',
  'Europe/Copenhagen': '45',
  'Europe/Stockholm': '46',
  'Europe/Oslo': '47',
  'Europe/Warsaw': '48',
  'Europe/Dublin': '353',
  'Europe/Lisbon': '351',
  'Europe/Prague': '420',
  'Europe/Luxembourg': '352',
  'Europe/Moscow': '7',
  'Africa/Johannesburg': '27',
  'Australia/Sydney': '61',
  'Australia/Melbourne': '61',
  'Pacific/Auckland': '64',
  'Asia/Kolkata': '91',
  'America/Sao_Paulo': '55',
  'America/Mexico_City': '52',
};

/** The country of a time zone pbxc knows for sure (one country per zone). */
export function ccOfZone(zone: string): string | undefined {
  return ZONE_CC[zone];
}

/** A weaker guess: the other America/* zones are mostly NANP. */
export function nanpGuess(zone: string): string | undefined {
  return /^(America|US|Canada)\//.test(zone) ? '1' : undefined;
}

/** A dialled prefix (e.g. "0800", "00491") as an E.164 prefix without the trailing "*". */
export function prefixToE164(raw: string, country: Country): string | undefined {
  const s = raw.replace(/[\s().-]/g, '');
  let out: string;
  if (/^\+[0-9]+$/.test(s)) out = s;
  else if (!/^[0-9]+$/.test(s)) return undefined;
  else if (country.international && s.startsWith(country.international))
    out = `+${s.slice(country.international.length)}`;
  else if (country.national && country.cc !== '1' && s.startsWith(country.national))
    out = `+${country.cc}${s.slice(country.national.length)}`;
  else out = `+${country.cc}${s}`;
  return /^\+[0-9]{1,15}$/.test(out) ? out : undefined;
}

const E164 = /^\+[1-9][0-9]{7,14}$/;

export function isE164(s: string): boolean {
  return E164.test(s);
}

/**
 * A dialled or stored number as E.164, read in the tenant's country; undefined when it cannot be
 * one. `countryCode` is a separately stored country code (FusionPBX destination_prefix).
 */
export function toE164(raw: string, country: Country, countryCode?: string): string | undefined {
  const s = raw.replace(/[\s().-]/g, '');
  let out: string | undefined;
  if (/^\+[0-9]+$/.test(s)) out = s;
  else if (!/^[0-9]+$/.test(s)) return undefined;
  else if (countryCode && /^[0-9]{1,3}$/.test(countryCode)) {
    const rest = s.startsWith(countryCode) && s.length > 10 ? s.slice(countryCode.length) : s;
    const own = countryOf(countryCode);
    const national = own?.national ?? '';
    out = `+${countryCode}${national && countryCode !== '1' && rest.startsWith(national) ? rest.slice(national.length) : rest}`;
  } else if (country.international && s.startsWith(country.international)) {
    out = `+${s.slice(country.international.length)}`;
  } else if (country.cc === '1') {
    if (s.length === 11 && s.startsWith('1')) out = `+${s}`;
    else if (s.length === 10) out = `+1${s}`;
  } else if (country.national && s.startsWith(country.national)) {
    out = `+${country.cc}${s.slice(country.national.length)}`;
  } else if (s.startsWith(country.cc) && s.length >= country.cc.length + 8) {
    out = `+${s}`;
  } else if (s.length >= 6) {
    out = `+${country.cc}${s}`;
  }
  return out && isE164(out) ? out : undefined;
}
