import { PROMPT_SETS } from '../../model/sound-languages.js';
import type { TenantModel } from '../../model/types.js';

/** One on/off step of a tone: milliseconds on, milliseconds off, one or two frequencies (Hz). */
export interface Cadence {
  readonly on: number;
  readonly off: number;
  readonly hz: readonly [number] | readonly [number, number];
}

/** A country's call progress tones: ringback as a FreeSWITCH tone_stream spec, busy as its cadence. */
export interface CountryTones {
  readonly country: string;
  readonly ringback: string;
  readonly busy: Cadence;
}

const step = (c: Cadence) => `%(${c.on},${c.off},${c.hz.join(',')})`;
const UK_RINGBACK = '%(400,200,400,450);%(400,2000,400,450)';

/**
 * Call progress tones by the tenant's country (dialing.country_code), the one table every tone
 * comes from: the national values ITU-T E.180 (and its supplement of national tones) lists. A
 * country not listed gets the ITU-T/ETSI recommendation: 425 Hz, ringback 1 s on 4 s off, busy
 * 0.5 s on 0.5 s off.
 */
export const TONES: Readonly<Record<string, CountryTones>> = {
  '1': {
    country: 'North America (NANP)',
    ringback: '%(2000,4000,440,480)',
    busy: { on: 500, off: 500, hz: [480, 620] },
  },
  '7': { country: 'Russia', ringback: '%(800,3200,425)', busy: { on: 400, off: 400, hz: [425] } },
  '33': { country: 'France', ringback: '%(1500,3500,440)', busy: { on: 500, off: 500, hz: [440] } },
  '34': { country: 'Spain', ringback: '%(1500,3000,425)', busy: { on: 200, off: 200, hz: [425] } },
  '44': { country: 'United Kingdom', ringback: UK_RINGBACK, busy: { on: 375, off: 375, hz: [400] } },
  '46': { country: 'Sweden', ringback: '%(1000,5000,425)', busy: { on: 250, off: 250, hz: [425] } },
  '49': { country: 'Germany', ringback: '%(1000,4000,425)', busy: { on: 480, off: 480, hz: [425] } },
  '55': { country: 'Brazil', ringback: '%(1000,4000,425)', busy: { on: 250, off: 250, hz: [425] } },
  '61': {
    country: 'Australia',
    ringback: '%(400,200,383,417);%(400,2000,383,417)',
    busy: { on: 375, off: 375, hz: [425] },
  },
  '64': { country: 'New Zealand', ringback: UK_RINGBACK, busy: { on: 500, off: 500, hz: [400] } },
  '81': { country: 'Japan', ringback: '%(1000,2000,400,416)', busy: { on: 500, off: 500, hz: [400] } },
  '86': { country: 'China', ringback: '%(1000,4000,450)', busy: { on: 350, off: 350, hz: [450] } },
  '91': {
    country: 'India',
    ringback: '%(400,200,425,375);%(400,2000,425,375)',
    busy: { on: 750, off: 750, hz: [400] },
  },
  '353': { country: 'Ireland', ringback: UK_RINGBACK, busy: { on: 500, off: 500, hz: [425] } },
};

/** ITU-T E.180's recommended tones, for every country TONES does not list. */
export const ITU_TONES: CountryTones = {
  country: 'ITU-T E.180 / ETSI recommendation',
  ringback: '%(1000,4000,425)',
  busy: { on: 500, off: 500, hz: [425] },
};

export function tonesOf(tenant: TenantModel): CountryTones {
  return TONES[tenant.dialing.countryCode] ?? ITU_TONES;
}

/** What a caller hears while FreeSWITCH rings phones for them (ring groups, transfers, trunk calls). */
export function ringbackTone(tenant: TenantModel): string {
  return tonesOf(tenant).ringback;
}

/** How long FreeSWITCH plays the busy tone to an answered caller before it hangs up (about). */
export const BUSY_TONE_MS = 4000;

/**
 * The busy tone FreeSWITCH itself plays to a caller it has answered (IVR, auto attendant, a call
 * transferred on) when the callee is busy: whole cadences for about BUSY_TONE_MS (at least three),
 * as a bounded tone_stream. An unanswered caller gets 486 instead and hears its own phone's or
 * carrier's busy tone.
 */
export function busyTone(tenant: TenantModel): string {
  const { busy } = tonesOf(tenant);
  const loops = Math.max(3, Math.round(BUSY_TONE_MS / (busy.on + busy.off)));
  return `tone_stream://L=${loops};${step(busy)}`;
}

/**
 * FreeSWITCH's prompt sets (sounds_dir/<path>) by language: the voices of its sound packages. A
 * language without a package (German has none), or whose package the node lacks, falls back to
 * English at start (vars.xml checks the folder); validate says so (PBX3103).
 */
export const PROMPTS: Readonly<Record<string, string>> = PROMPT_SETS;
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
