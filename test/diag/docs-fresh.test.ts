import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CODES } from '../../src/diag/codes.js';
import { diagnosticsMarkdown } from '../../src/diag/docs.js';

describe('docs/diagnostics.md', () => {
  it('is generated from the code table (run `npm run gen` when this fails)', () => {
    const text = readFileSync(new URL('../../docs/diagnostics.md', import.meta.url), 'utf8');
    expect(text).toBe(diagnosticsMarkdown());
  });

  it('codes are well-formed and every message template names its arguments in braces', () => {
    for (const [code, info] of Object.entries(CODES)) {
      expect(code).toMatch(/^PBX[1-9][0-9]{3}$/);
      expect(info.message.length).toBeGreaterThan(3);
      expect(info.help.length).toBeGreaterThan(3);
      expect(info.message).not.toMatch(/\{[^}]*$/);
    }
  });
});
