import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain zx script without type declarations
import { completeLock } from '../scripts/lock-platforms.mjs';

describe('package-lock.json', () => {
  it('lists every platform package npm ci needs on any machine (run scripts/lock-platforms.mjs after npm install)', () => {
    const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8'));
    expect(completeLock(lock)).toEqual([]);
  });
});
