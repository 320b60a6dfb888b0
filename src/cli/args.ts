import { parseArgs } from 'node:util';

export class UsageError extends Error {}

export type Options = Record<
  string,
  { type: 'string' | 'boolean'; short?: string; default?: string | boolean }
>;

export const COMMON: Options = {
  spec: { type: 'string', default: 'spec' },
  format: { type: 'string', default: 'human' },
  strict: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
};

export function parse(argv: readonly string[], options: Options) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function formatOption(value: unknown): 'human' | 'json' | 'github' {
  if (value === 'human' || value === 'json' || value === 'github') return value;
  throw new UsageError(`--format must be human, json or github (got ${String(value)})`);
}
