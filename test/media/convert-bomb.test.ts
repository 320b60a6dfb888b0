import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertWithSox, MAX_OUTPUT_MS } from '../../src/media/convert.js';
import { MEDIA_LIMITS } from '../../src/media/limits.js';
import { parseWav } from '../../src/media/wav.js';
import { run, specCopy, tempDir } from '../helpers/cli.js';

const hasSox = spawnSync('sox', ['--version']).status === 0;

/** A FLAC of `seconds` of silence: a few kilobytes per hour, gigabytes once decoded. */
function silence(seconds: number): Buffer {
  const file = join(tempDir(), 'silence.flac');
  const r = spawnSync('sox', ['-n', '-r', '8000', '-c', '1', file, 'trim', '0', String(seconds)]);
  if (r.status !== 0) throw new Error(`sox: ${r.stderr}`);
  return readFileSync(file);
}

describe.skipIf(!hasSox)('sox conversion never writes more than the playable limit', () => {
  it('two hours of compressed silence decode to at most MAX_OUTPUT_MS of audio', () => {
    const input = silence(2 * 3600);
    expect(input.length).toBeLessThan(1024 * 1024);
    const out = convertWithSox(input, 'flac', 16000);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const wav = parseWav(out.bytes);
    expect(wav.ok && wav.info.durationMs).toBe(MAX_OUTPUT_MS);
    // 16-bit mono 16 kHz: 32,000 bytes a second (the old code wrote 230 MB here).
    expect(out.bytes.length).toBeLessThan(((MAX_OUTPUT_MS / 1000) * 32_000 + 1024) | 0);
  }, 120_000);

  it('validate refuses it as too long, saying it is over the limit', async () => {
    const spec = specCopy({
      'tenants/abc-company.yaml': (t) => t.replace('music_on_hold: hold', 'music_on_hold: endless'),
    });
    writeFileSync(join(spec, 'media', 'abc-company', 'endless.flac'), silence(3600));
    const r = await run(['validate', '--spec', spec]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `endless.flac:1:1: error PBX3705: media file plays over ${(MAX_OUTPUT_MS / 1000).toFixed(1)} s: it must play at most ${MEDIA_LIMITS.maxDurationMs / 1000} s`,
    );
  }, 120_000);
});

if (!hasSox) console.log('SKIPPED: sox is not installed (apt-get install sox)');
