import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { buildTree } from '../../build-tree.js';
import { diag } from '../../diag/diagnostic.js';
import { listTree } from '../../out/write-tree.js';
import { packageVersion } from '../../util/package-root.js';
import { COMMON, formatOption, parse } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { loadOrReport } from '../pipeline.js';
import { report } from '../report.js';
import { staleFile } from '../stale-file.js';
import type { Terminal } from '../terminal.js';

export const HELP = `Usage: pbxc check [--spec DIR] [--out DIR] [--stat]

Verifies that the committed audit tree (default: generated/) is exactly what the spec
compiles to: lists every file that is missing, stale or extra, and for each stale file
prints a unified diff (committed → compiled) on stdout. Use it in CI so nobody edits
generated/ by hand or forgets to rebuild.

Options:
  --stat          names and changed line counts only, no diff

Exit: 0 up to date, 1 invalid spec or out of date, 2 usage or IO error`;

export async function check(argv: readonly string[], term: Terminal): Promise<number> {
  const { values } = parse(argv, {
    ...COMMON,
    out: { type: 'string', default: 'generated' },
    stat: { type: 'boolean', default: false },
  });
  if (values.help) {
    term.out(HELP);
    return 0;
  }
  const format = formatOption(values.format);
  const out = String(values.out);
  const loaded = await loadOrReport(term, format, String(values.spec));
  if ('exit' in loaded) return loaded.exit;
  const { model } = loaded;
  if (!(await isFolder(out))) {
    await report(term, format, [diag('PBX6203', { dir: out })]);
    return EXIT.usage;
  }
  const tree = buildTree(model, packageVersion());
  const onDisk = new Set(await listTree(out));
  let problems = 0;
  // Named as found: each stale file's name (stderr) comes right before its diff (stdout).
  const problem = (line: string) => {
    problems++;
    term.err(line);
  };
  for (const file of tree.files) {
    if (!onDisk.has(file.path)) problem(`missing: ${out}/${file.path}`);
    else {
      const committed = await readFile(join(out, file.path), 'utf8');
      if (committed !== file.content) {
        const change = staleFile(`${out}/${file.path}`, committed, file.content);
        problem(`stale:   ${out}/${file.path} (${change.stat})`);
        if (!values.stat) term.out(change.diff);
      }
    }
    onDisk.delete(file.path);
  }
  for (const extra of onDisk) problem(`extra:   ${out}/${extra}`);
  if (problems > 0) {
    term.err(`${out} is not what the spec compiles to (${problems} files differ): run pbxc build`);
    return EXIT.invalid;
  }
  term.out(`${out} is up to date (${tree.files.length} files)`);
  return EXIT.ok;
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
