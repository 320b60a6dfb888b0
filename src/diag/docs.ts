import { CODES, type CodeInfo } from './codes.js';

const BANDS: readonly [string, string][] = [
  ['PBX1', 'Reading files and YAML'],
  ['PBX2', 'Schema'],
  ['PBX3', 'Semantic rules'],
  ['PBX4', 'Model'],
  ['PBX5', 'Emitting targets'],
  ['PBX6', 'Secrets, usage and output (exit code 2)'],
  ['PBX7', 'Import (pbxc import; errors exit 2)'],
  ['PBX9', 'Internal errors (exit code 3)'],
];

/** docs/diagnostics.md, generated from the code table (npm run gen; a test keeps it current). */
export function diagnosticsMarkdown(): string {
  const lines = [
    '# Diagnostics',
    '',
    '<!-- GENERATED from src/diag/codes.ts by `npm run gen`. Do not edit by hand. -->',
    '',
    'Every problem pbxc finds is printed as one line:',
    '',
    '```',
    'spec/tenants/xynap.yaml:42:7: error PBX3012: ring group 21 member "1099" is not an extension of tenant xynap',
    '```',
    '',
    'path as given on the command line, 1-based line and column of the offending value, severity, code, message.',
    '`--format json` prints the same as JSON, `--format github` as GitHub Actions annotations.',
    'Errors make `validate`/`build` exit 1; warnings do not, unless `--strict`.',
    'Codes are stable: a code is never renumbered or reused. `{name}` in a message stands for a value filled in.',
    '',
  ];
  for (const [prefix, title] of BANDS) {
    const entries = (Object.entries(CODES) as [string, CodeInfo][]).filter(([code]) =>
      code.startsWith(prefix),
    );
    if (entries.length === 0) continue;
    lines.push(
      `## ${prefix}xxx: ${title}`,
      '',
      '| code | severity | message | why / fix |',
      '| --- | --- | --- | --- |',
    );
    for (const [code, info] of entries) {
      const cell = (s: string) => s.replaceAll('|', '\\|');
      lines.push(`| ${code} | ${info.severity} | ${cell(info.message)} | ${cell(info.help)} |`);
    }
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
