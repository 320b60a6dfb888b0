import { lstat, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { buildTree } from '../../build-tree.js';
import { diag } from '../../diag/diagnostic.js';
import { listTree } from '../../out/write-tree.js';
import { packageVersion } from '../../util/package-root.js';
import { COMMON, defaultOut, formatOption, parse, shownPath } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { loadOrReport } from '../pipeline.js';
import { report } from '../report.js';
import { ioDetail } from '../secret-sources.js';
import type { Terminal } from '../terminal.js';

export const HELP = `Usage: pbxc check [--spec DIR] [--out DIR] [--format human|json|github]

Verifies that the committed audit tree (default: generated/ beside --spec) is exactly what
the spec compiles to: lists every file that is missing, stale or extra. Use it in CI so
nobody edits generated/ by hand or forgets to rebuild. Symbolic links inside the tree are
never followed: a link where a file should be is stale.

Exit: 0 up to date, 1 invalid spec or out of date, 2 usage or IO error`;

type Problem = { readonly kind: 'missing' | 'stale' | 'extra'; readonly path: string };

async function readRegular(path: string): Promise<string | undefined> {
  const info = await lstat(path);
  return info.isFile() ? readFile(path, 'utf8') : undefined;
}

export async function check(argv: readonly string[], term: Terminal): Promise<number> {
  const { values } = parse(argv, { ...COMMON, out: { type: 'string' } });
  if (values.help) {
    term.out(HELP);
    return 0;
  }
  const format = formatOption(values.format);
  const out = defaultOut(values.spec, values.out);
  const shown = shownPath(out);
  const loaded = await loadOrReport(term, format, String(values.spec));
  if ('exit' in loaded) return loaded.exit;
  const tree = buildTree(loaded.model, packageVersion());
  const problems: Problem[] = [];
  try {
    const info = await lstat(out).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    const root = info?.isSymbolicLink() ? await stat(out) : info;
    if (root && !root.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    const onDisk = new Set(root ? await listTree(out) : []);
    for (const file of tree.files) {
      if (!onDisk.has(file.path)) problems.push({ kind: 'missing', path: file.path });
      else if ((await readRegular(join(out, file.path))) !== file.content)
        problems.push({ kind: 'stale', path: file.path });
      onDisk.delete(file.path);
    }
    for (const extra of onDisk) problems.push({ kind: 'extra', path: extra });
  } catch (error) {
    const detail = `cannot read ${shown}: ${ioDetail(error)}`;
    await report(term, format, [diag('PBX6003', { detail })]);
    return EXIT.usage;
  }
  const summary =
    problems.length > 0
      ? `${shown} is not what the spec compiles to (${problems.length} files differ): run pbxc build`
      : `${shown} is up to date (${tree.files.length} files)`;
  if (format === 'json') {
    term.out(JSON.stringify({ out, upToDate: problems.length === 0, problems, summary }, null, 2));
  } else if (format === 'github') {
    for (const p of problems)
      term.out(`::error file=${escapeProp(`${out}/${p.path}`)},title=${p.kind}::${p.kind}: run pbxc build`);
    term.err(summary);
  } else {
    for (const p of problems) term.err(`${`${p.kind}:`.padEnd(8)} ${shownPath(`${out}/${p.path}`)}`);
    if (problems.length > 0) term.err(summary);
    else term.out(summary);
  }
  return problems.length > 0 ? EXIT.invalid : EXIT.ok;
}

function escapeProp(s: string): string {
  return s
    .replaceAll('%', '%25')
    .replaceAll('\r', '%0D')
    .replaceAll('\n', '%0A')
    .replaceAll(':', '%3A')
    .replaceAll(',', '%2C');
}
