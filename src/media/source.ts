import type { WavInfo } from './wav.js';

/** A media file of the spec as the front end sees it: read, checked, converted when needed. */
export interface MediaSource {
  /** The tenant id whose folder holds it, or "shared". */
  readonly scope: string;
  readonly name: string;
  /** The path as shown in diagnostics (spec folder as given + media/<scope>/<file>). */
  readonly file: string;
  /** The file's own ending: wav, mp3, flac or ogg. */
  readonly ext: string;
  /** sha256 and size of the file in the spec (before any conversion). */
  readonly sourceSha256: string;
  readonly sourceBytes: number;
  /** What was converted and why ("mp3", "44100 Hz, 2 channels"); absent when played as it is. */
  readonly convertedFrom?: string;
  /** The WAV FreeSWITCH plays (the file itself, or sox's conversion of it). */
  readonly bytes: Buffer;
  readonly info: WavInfo;
}
