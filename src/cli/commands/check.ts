import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildTree } from '../../build-tree.js';
import { TERRAFORM_DIR, terraformTreeProblems } from '../../cloud/terraform-tree.js';
import { listTree } from '../../out/write-tree.js';
import { packageVersion } from '../../util/package-root.js';
import { COMMON, formatOption, parse } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { loadOrReport } from '../pipeline.js';
import type { Terminal } from '../terminal.js';

export const HELP = `Usage: pbxc check [--spec DIR] [--out DIR]

Verifies that the committed audit tree (default: generated/) is exactly what the spec
compiles to: lists every file that is missing, stale or extra. Use it in CI so
nobody edits generated/ by hand or forgets to rebuild. The terraform/ folder (written
by pbxc synth) is checked against its own manifest: synthesized from this spec by this
pbxc, and not edited since.

Exit: 0 up to date, 1 invalid spec or out of date, 2 usage or IO error`;

export async function check(argv: readonly string[], term: Terminal): Promise<number> {
  const { values } = parse(argv, { ...COMMON, out: { type: 'string', default: 'generated' } });
  if (values.help) {
    term.out(HELP);
    return 0;
  }
  const format = formatOption(values.format);
  const out = String(values.out);
  const loaded = await loadOrReport(term, format, String(values.spec));
  if ('exit' in loaded) return loaded.exit;
  const { model } = loaded;
  const tree = buildTree(model, packageVersion());
  const all = await listTree(out);
  const terraform = all.filter((p) => p.startsWith(`${TERRAFORM_DIR}/`));
  const onDisk = new Set(all.filter((p) => !p.startsWith(`${TERRAFORM_DIR}/`)));
  const problems: string[] = [];
  for (const file of tree.files) {
    if (!onDisk.has(file.path)) problems.push(`missing: ${out}/${file.path}`);
    else if ((await readFile(join(out, file.path), 'utf8')) !== file.content)
      problems.push(`stale:   ${out}/${file.path}`);
    onDisk.delete(file.path);
  }
  for (const extra of onDisk) problems.push(`extra:   ${out}/${extra}`);
  const tfFiles = new Map<string, string>();
  for (const p of terraform)
    tfFiles.set(p.slice(TERRAFORM_DIR.length + 1), await readFile(join(out, p), 'utf8'));
  problems.push(...terraformTreeProblems(model, packageVersion(), tfFiles, `${out}/${TERRAFORM_DIR}`));
  for (const p of problems) term.err(p);
  if (problems.length > 0) {
    term.err(`${out} is not what the spec compiles to (${problems.length} files differ): run pbxc build`);
    return EXIT.invalid;
  }
  term.out(`${out} is up to date (${tree.files.length} files)`);
  return EXIT.ok;
}
