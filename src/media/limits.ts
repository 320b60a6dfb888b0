import type { WavInfo } from './wav.js';

/**
 * What FreeSWITCH plays without converting, and how big media may be. FreeSWITCH (mod_sndfile)
 * plays 16-bit mono PCM at the rates its codecs run at without resampling per call; anything else
 * (MP3, stereo, 44.1 kHz, 8/24-bit, float, A-law) is converted once, at build time, by sox.
 */
export const MEDIA_LIMITS = {
  /** Largest media file read (before conversion). */
  fileBytes: 32 * 1024 * 1024,
  /** All media of a spec together. */
  specBytes: 512 * 1024 * 1024,
  /** Longest playable audio: announcements and greetings are short, music on hold may loop. */
  maxDurationMs: 10 * 60 * 1000,
  /** Shortest: a file with no audio is a mistake. */
  minDurationMs: 100,
  /** Sample rates played as they are. */
  playableRates: [8000, 16000, 32000, 48000] as readonly number[],
  /** The rate sox converts to when the source rate is not one of playableRates. */
  targetRate: 16000,
} as const;

/** WAVE format tags sox can read (PCM, float, A-law, µ-law). */
const CONVERTIBLE_FORMATS = new Set([1, 3, 6, 7]);

export type Verdict =
  | { readonly kind: 'playable' }
  | { readonly kind: 'convert'; readonly why: string }
  | { readonly kind: 'refuse'; readonly why: string };

/** A WAV as it is: played, converted (and why), or refused (and why). Pure. */
export function wavVerdict(info: WavInfo): Verdict {
  if (!CONVERTIBLE_FORMATS.has(info.format))
    return { kind: 'refuse', why: `WAVE format ${info.format} is not PCM, float, A-law or µ-law` };
  const why: string[] = [];
  if (info.format !== 1)
    why.push(info.format === 3 ? 'float samples' : info.format === 6 ? 'A-law' : 'µ-law');
  else if (info.bits !== 16) why.push(`${info.bits}-bit samples`);
  if (info.channels !== 1) why.push(`${info.channels} channels`);
  if (!MEDIA_LIMITS.playableRates.includes(info.rate)) why.push(`${info.rate} Hz`);
  return why.length === 0 ? { kind: 'playable' } : { kind: 'convert', why: why.join(', ') };
}

/** The sample rate a conversion produces: the source's when FreeSWITCH plays it, else 16 kHz. */
export function targetRate(sourceRate: number | undefined): number {
  return sourceRate !== undefined && MEDIA_LIMITS.playableRates.includes(sourceRate)
    ? sourceRate
    : MEDIA_LIMITS.targetRate;
}
