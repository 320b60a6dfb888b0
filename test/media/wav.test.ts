import { describe, expect, it } from 'vitest';
import { wavVerdict } from '../../src/media/limits.js';
import { parseWav, sniff } from '../../src/media/wav.js';
import { wav } from './wav-bytes.js';

describe('parseWav reads the header exactly', () => {
  it.each([
    [{}, { format: 1, channels: 1, rate: 8000, bits: 16, durationMs: 1000 }],
    [
      { rate: 16000, seconds: 2.5 },
      { rate: 16000, durationMs: 2500 },
    ],
    [
      { rate: 44100, channels: 2, seconds: 0.5 },
      { rate: 44100, channels: 2, durationMs: 500 },
    ],
    [{ bits: 8 }, { bits: 8, durationMs: 1000 }],
  ])('%j', (o, expected) => {
    const r = parseWav(wav(o));
    expect(r.ok && r.info).toMatchObject(expected);
  });

  it('skips chunks before fmt (LIST, padded odd sizes)', () => {
    const list = Buffer.concat([
      Buffer.from('LIST', 'latin1'),
      Buffer.from([3, 0, 0, 0]),
      Buffer.from('abc\0', 'latin1'),
    ]);
    const r = parseWav(wav({ extra: list }));
    expect(r.ok && r.info.durationMs).toBe(1000);
  });

  it.each([
    ['not a RIFF/WAVE file', Buffer.from('hello world, this is text')],
    ['there is no data chunk', wav().subarray(0, 44 - 8)],
    [
      'the fmt chunk says 0 channels',
      (() => {
        const b = wav();
        b.writeUInt16LE(0, 22);
        return b;
      })(),
    ],
  ])('refuses: %s', (problem, bytes) => {
    expect(parseWav(bytes)).toEqual({ ok: false, problem });
  });
});

describe('sniff and the verdict', () => {
  it.each([
    ['wav', wav()],
    ['mp3', Buffer.from('ID3\x03\x00', 'latin1')],
    ['mp3', Buffer.from([0xff, 0xfb, 0x90, 0x00])],
    ['flac', Buffer.from('fLaC\0\0', 'latin1')],
    ['ogg', Buffer.from('OggS\0\0', 'latin1')],
    [undefined, Buffer.from('%PDF-1.4', 'latin1')],
  ])('%s', (kind, bytes) => expect(sniff(bytes)).toBe(kind));

  it.each([
    [{ rate: 8000 }, 'playable', ''],
    [{ rate: 48000 }, 'playable', ''],
    [{ rate: 44100 }, 'convert', '44100 Hz'],
    [{ channels: 2 }, 'convert', '2 channels'],
    [{ bits: 24 }, 'convert', '24-bit samples'],
    [{ format: 6, bits: 8 }, 'convert', 'A-law'],
    [{ format: 0x31, bits: 8 }, 'refuse', 'WAVE format 49 is not PCM, float, A-law or µ-law'],
  ])('%j → %s', (o, kind, why) => {
    const r = parseWav(wav(o));
    if (!r.ok) throw new Error(r.problem);
    const v = wavVerdict(r.info);
    expect(v.kind).toBe(kind);
    if (v.kind !== 'playable') expect(v.why).toBe(why);
  });
});
