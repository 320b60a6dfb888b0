import type { Diagnostic } from '../diag/diagnostic.js';

/** 0 ok, 1 invalid spec, 2 usage/IO/missing secret, 3 internal bug. Only the CLI decides these. */
export const EXIT = { ok: 0, invalid: 1, usage: 2, internal: 3 } as const;

const IO_CODES = new Set(['PBX1003', 'PBX1004']);

/**
 * Unreadable files, every 6xxx code (secrets, master key, output folder) and every 7xxx code (the
 * importer's source database) are usage/IO errors.
 */
const isIo = (code: string) => IO_CODES.has(code) || code.startsWith('PBX6') || code.startsWith('PBX7');

export function exitFor(diagnostics: readonly Diagnostic[], strict = false): number {
  if (diagnostics.some((d) => d.code.startsWith('PBX9'))) return EXIT.internal;
  if (diagnostics.some((d) => d.severity === 'error' && isIo(d.code))) return EXIT.usage;
  if (diagnostics.some((d) => d.severity === 'error')) return EXIT.invalid;
  // Acknowledged warnings (acknowledge: in the spec) do not fail --strict.
  if (strict && diagnostics.some((d) => d.acknowledged === undefined)) return EXIT.invalid;
  return EXIT.ok;
}
