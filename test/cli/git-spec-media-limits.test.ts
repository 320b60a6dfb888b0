import { describe, expect, it } from 'vitest';
import { mediaWithinLimits } from '../../src/cli/git-spec.js';
import { MEDIA_LIMITS } from '../../src/media/limits.js';

const e = (file: string, size: number) => ({ file, size, sha: file });
const LIM = { fileBytes: 10, specBytes: 25 };

/** [what, entries, files read]. */
const CASES: [string, ReturnType<typeof e>[], string[]][] = [
  [
    'small files are all read',
    [e('media/a/x.wav', 5), e('media/a/y.wav', 5)],
    ['media/a/x.wav', 'media/a/y.wav'],
  ],
  [
    'a file over the per-file limit is left out',
    [e('media/a/big.wav', 11), e('media/a/x.wav', 10)],
    ['media/a/x.wav'],
  ],
  [
    'files past the per-spec total are left out, in path order',
    [e('media/b/z.wav', 10), e('media/a/x.wav', 10), e('media/a/y.wav', 10)],
    ['media/a/x.wav', 'media/a/y.wav'],
  ],
  [
    'a smaller file after the total is reached still fits',
    [e('media/a/x.wav', 10), e('media/a/y.wav', 10), e('media/b/w.wav', 9), e('media/b/z.wav', 5)],
    ['media/a/x.wav', 'media/a/y.wav', 'media/b/z.wav'],
  ],
];

describe('diff --base: media blobs read from git stay within the media limits', () => {
  it.each(CASES)('%s', (_what, entries, files) => {
    expect(mediaWithinLimits(entries, LIM).map((x) => x.file)).toEqual(files);
  });

  it('100 blobs of 32 MiB at the base are not read together (the limit is 512 MiB)', () => {
    const entries = Array.from({ length: 100 }, (_, i) =>
      e(`media/shared/m${String(i).padStart(3, '0')}.wav`, 32 * 1024 * 1024),
    );
    const read = mediaWithinLimits(entries);
    expect(read.reduce((n, x) => n + x.size, 0)).toBeLessThanOrEqual(MEDIA_LIMITS.specBytes);
    expect(read).toHaveLength(16);
  });
});
