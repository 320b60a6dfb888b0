/**
 * The header of a RIFF/WAVE file, read exactly: the `fmt ` chunk (codec, channels, rate, bits) and
 * the size of the `data` chunk, from which the duration follows. Pure: bytes in, facts out.
 */
export interface WavInfo {
  /** WAVE format tag: 1 PCM, 3 IEEE float, 6 A-law, 7 µ-law, 0xFFFE extensible (its sub-format). */
  readonly format: number;
  readonly channels: number;
  readonly rate: number;
  readonly bits: number;
  /** Bytes of sample data (the `data` chunk, clipped to the file). */
  readonly dataBytes: number;
  /** Whole milliseconds of audio (rounded down). */
  readonly durationMs: number;
}

export type WavResult =
  | { readonly ok: true; readonly info: WavInfo }
  | { readonly ok: false; readonly problem: string };

const FORMAT_EXTENSIBLE = 0xfffe;

function tag(b: Uint8Array, at: number): string {
  return String.fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!);
}

/** Parses a WAV header. Every problem is one sentence naming what is wrong. */
export function parseWav(bytes: Uint8Array): WavResult {
  const fail = (problem: string): WavResult => ({ ok: false, problem });
  if (bytes.length < 12 || tag(bytes, 0) !== 'RIFF' || tag(bytes, 8) !== 'WAVE')
    return fail('not a RIFF/WAVE file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 12;
  let fmt: Omit<WavInfo, 'dataBytes' | 'durationMs'> | undefined;
  let blockAlign = 0;
  let byteRate = 0;
  while (at + 8 <= bytes.length) {
    const id = tag(bytes, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) return fail('the fmt chunk is shorter than 16 bytes');
      let format = view.getUint16(body, true);
      const channels = view.getUint16(body + 2, true);
      const rate = view.getUint32(body + 4, true);
      byteRate = view.getUint32(body + 8, true);
      blockAlign = view.getUint16(body + 12, true);
      const bits = view.getUint16(body + 14, true);
      if (format === FORMAT_EXTENSIBLE) {
        if (size < 40 || body + 40 > bytes.length)
          return fail('the extensible fmt chunk is shorter than 40 bytes');
        format = view.getUint16(body + 24, true);
      }
      if (channels === 0) return fail('the fmt chunk says 0 channels');
      if (rate === 0) return fail('the fmt chunk says a sample rate of 0 Hz');
      fmt = { format, channels, rate, bits };
    } else if (id === 'data') {
      if (!fmt) return fail('the data chunk comes before the fmt chunk');
      const dataBytes = Math.min(size, bytes.length - body);
      const perSecond = byteRate > 0 ? byteRate : fmt.rate * Math.max(blockAlign, 1);
      const durationMs = Math.floor((dataBytes * 1000) / perSecond);
      return { ok: true, info: { ...fmt, dataBytes, durationMs } };
    }
    // Chunks are padded to an even length.
    at = body + size + (size % 2);
  }
  return fail(fmt ? 'there is no data chunk' : 'there is no fmt chunk');
}

/** The container a media file's first bytes announce, or undefined for anything else. */
export type MediaKind = 'wav' | 'mp3' | 'flac' | 'ogg';

export function sniff(bytes: Uint8Array): MediaKind | undefined {
  if (bytes.length >= 12 && tag(bytes, 0) === 'RIFF' && tag(bytes, 8) === 'WAVE') return 'wav';
  if (bytes.length >= 4 && tag(bytes, 0) === 'fLaC') return 'flac';
  if (bytes.length >= 4 && tag(bytes, 0) === 'OggS') return 'ogg';
  if (bytes.length >= 3 && bytes[0] === 0x49 && bytes[1] === 0x44 && bytes[2] === 0x33) return 'mp3'; // "ID3"
  if (bytes.length >= 2 && bytes[0] === 0xff && (bytes[1]! & 0xe0) === 0xe0) return 'mp3'; // frame sync
  return undefined;
}
