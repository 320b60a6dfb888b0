import { posix } from 'node:path';
import { parseArgs } from 'node:util';
import { visible } from '../diag/diagnostic.js';
import { closest } from '../util/text.js';

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
    throw new UsageError(usageMessage(argv, options, error as NodeJS.ErrnoException));
  }
}

/** The argument parser's complaint in pbxc's words (its own text quotes and suggests oddly). */
function usageMessage(argv: readonly string[], options: Options, error: NodeJS.ErrnoException): string {
  const long = Object.keys(options).map((name) => `--${name}`);
  const short = Object.values(options).flatMap((o) => (o.short ? [`-${o.short}`] : []));
  const known = (arg: string) => long.includes(arg.split('=')[0] ?? arg) || short.includes(arg);
  const end = argv.indexOf('--');
  const args = end < 0 ? argv : argv.slice(0, end);
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const bad = args.find((a) => a.startsWith('-') && a !== '-' && !known(a)) ?? '';
    const name = bad.split('=')[0] ?? bad;
    const guess = closest(name, long);
    return `unknown option ${visible(name)}${guess ? ` (did you mean ${guess}?)` : ''}`;
  }
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = /'(-[^' ]+)/.exec(error.message)?.[1] ?? 'an option';
    return /argument missing/.test(error.message) ? `${name} needs a value` : `${name} takes no value`;
  }
  if (error.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return 'unexpected argument';
  return 'invalid arguments';
}

export function formatOption(value: unknown): 'human' | 'json' | 'github' {
  if (value === 'human' || value === 'json' || value === 'github') return value;
  throw new UsageError(`--format must be human, json or github (got ${String(value)})`);
}

/** A path the user gave, as printed in messages: terminal escapes in file names shown escaped. */
export function shownPath(path: string): string {
  return visible(path);
}

/**
 * The audit tree's folder: --out when given, else generated/ beside the spec folder (spec/ →
 * generated/), so building another repository's spec never replaces this one's tree.
 */
export function defaultOut(spec: unknown, out: unknown): string {
  if (typeof out === 'string') return out;
  const dir =
    String(spec ?? 'spec')
      .replaceAll('\\', '/')
      .replace(/\/+$/, '') || '.';
  if (dir === '.' || dir.endsWith('/.') || dir === '..' || dir.endsWith('/..'))
    return posix.join(dir, '..', 'generated');
  const parent = posix.dirname(dir);
  return parent === '.' ? 'generated' : posix.join(parent, 'generated');
}
