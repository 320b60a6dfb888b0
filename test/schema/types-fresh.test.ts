import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain zx script without type declarations
import { generateTypes, typesFile } from '../../scripts/gen-types.mjs';

describe('generated TypeScript types', () => {
  it('are what the JSON Schemas generate (run `npm run gen` when this fails)', () => {
    expect(readFileSync(typesFile, 'utf8')).toBe(generateTypes());
  });
});
