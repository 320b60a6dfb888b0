import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MEDIA_LIMITS } from './limits.js';

/**
 * Longest output sox writes: one second past the playable limit, so a longer source is still
 * refused (PBX3705) but a small compressed file of days of silence (32 MiB of FLAC is ~300 hours,
 * ~35 GB of WAV) can never fill the disk or the memory.
 */
export const MAX_OUTPUT_MS = MEDIA_LIMITS.maxDurationMs + 1000;

export type Conversion =
  | { readonly ok: true; readonly bytes: Buffer }
  | { readonly ok: false; readonly problem: string };

/**
 * Converts audio FreeSWITCH should not play as it is into 16-bit mono PCM WAV at `rate`, with
 * sox. Deterministic: no dither (sox's dither is random noise), no comments copied from tags,
 * temporary files so the header holds exact lengths. Same input and sox version → same bytes.
 */
export function convertWithSox(
  input: Uint8Array,
  ext: string,
  rate: number,
  sox = 'sox',
  maxMs: number = MAX_OUTPUT_MS,
): Conversion {
  const dir = mkdtempSync(join(tmpdir(), 'pbxc-media-'));
  try {
    const src = join(dir, `in.${ext}`);
    const dst = join(dir, 'out.wav');
    writeFileSync(src, input);
    const run = spawnSync(
      sox,
      [
        '-V1',
        '--no-dither',
        src,
        '--comment',
        '',
        '-t',
        'wav',
        '-e',
        'signed-integer',
        '-b',
        '16',
        '-c',
        '1',
        '-r',
        String(rate),
        dst,
        'trim',
        '0',
        (maxMs / 1000).toFixed(3),
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    if (run.error) {
      const code = (run.error as NodeJS.ErrnoException).code;
      return {
        ok: false,
        problem:
          code === 'ENOENT' ? 'sox is not installed (apt-get install sox libsox-fmt-mp3)' : run.error.message,
      };
    }
    if (run.status !== 0)
      return {
        ok: false,
        problem: `sox failed: ${(run.stderr || '').trim().split('\n')[0] || `exit ${run.status}`}`,
      };
    return { ok: true, bytes: readFileSync(dst) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
