import { lstat, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { buildTree } from '../../build-tree.js';
import { TERRAFORM_DIR, type TreeProblem, terraformTreeProblems } from '../../cloud/terraform-tree.js';
import { diag } from '../../diag/diagnostic.js';
import { listTree } from '../../out/write-tree.js';
import { packageVersion } from '../../util/package-root.js';
import { COMMON, defaultOut, formatOption, parse, shownPath } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { loadOrReport } from '../pipeline.js';
import { report } from '../report.js';
import { ioDetail } from '../secret-sources.js';
import { staleFile } from '../stale-file.js';
import type { Terminal } from '../terminal.js';

export const HELP = `Usage: pbxc check [--spec DIR] [--out DIR] [--stat] [--format human|json|github]

Verifies that the committed audit tree (default: generated/ beside --spec) is exactly what
the spec compiles to: lists every file that is missing, stale or extra, and for each stale
file prints a unified diff (committed → compiled) on stdout. Use it in CI so nobody edits
generated/ by hand or forgets to rebuild. Symbolic links inside the tree are never
followed: a link where a file should be is stale. The terraform/ folder (written by
pbxc synth) is checked against its own manifest: synthesized from this spec by this pbxc,
and not edited since. Every report names the command that fixes it: pbxc build for
the configuration, pbxc synth for terraform/.

Options:
  --stat          names and changed line counts only, no diff

Exit: 0 up to date, 1 invalid spec or out of date, 2 usage or IO error`;

type Problem = TreeProblem & { readonly stat?: string; readonly diff?: string };

/** The command that rewrites a problem's file: synth for the terraform/ folder, build for the rest. */
export function fixFor(path: string): 'pbxc build' | 'pbxc synth' {
  return path === TERRAFORM_DIR || path.startsWith(`${TERRAFORM_DIR}/`) ? 'pbxc synth' : 'pbxc build';
}

/** What fixes every problem found: one command, or build then synth (build keeps terraform/). */
export function fixCommand(paths: readonly string[]): string {
  const needed = new Set(paths.map(fixFor));
  return ['pbxc build', 'pbxc synth'].filter((c) => needed.has(c as 'pbxc build')).join(', then ');
}

async function readRegular(path: string): Promise<string | undefined> {
  const info = await lstat(path);
  return info.isFile() ? readFile(path, 'utf8') : undefined;
}

export async function check(argv: readonly string[], term: Terminal): Promise<number> {
  const { values } = parse(argv, {
    ...COMMON,
    out: { type: 'string' },
    stat: { type: 'boolean', default: false },
  });
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
    const root = info?.isSymbolicLink() ? await stat(out).catch(() => undefined) : info;
    if (!root) {
      await report(term, format, [diag('PBX6203', { dir: shown })]);
      return EXIT.usage;
    }
    if (!root.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    const all = await listTree(out);
    const inTerraform = (p: string) => p.startsWith(`${TERRAFORM_DIR}/`);
    const onDisk = new Set(all.filter((p) => !inTerraform(p)));
    for (const file of tree.files) {
      if (!onDisk.has(file.path)) problems.push({ kind: 'missing', path: file.path });
      else {
        const committed = await readRegular(join(out, file.path));
        if (committed === undefined) problems.push({ kind: 'stale', path: file.path, detail: 'not a file' });
        else if (committed !== file.content) {
          const change = staleFile(shownPath(`${out}/${file.path}`), committed, file.content);
          problems.push({ kind: 'stale', path: file.path, stat: change.stat, diff: change.diff });
        }
      }
      onDisk.delete(file.path);
    }
    for (const extra of onDisk) problems.push({ kind: 'extra', path: extra });
    const tfFiles = new Map<string, string>();
    for (const p of all.filter(inTerraform))
      tfFiles.set(p.slice(TERRAFORM_DIR.length + 1), await readFile(join(out, p), 'utf8'));
    problems.push(...terraformTreeProblems(loaded.model, packageVersion(), tfFiles));
  } catch (error) {
    const detail = `cannot read ${shown}: ${ioDetail(error)}`;
    await report(term, format, [diag('PBX6003', { detail })]);
    return EXIT.usage;
  }
  const summary =
    problems.length > 0
      ? `${shown} is not what the spec compiles to (${problems.length} files differ): run ${fixCommand(problems.map((p) => p.path))}`
      : `${shown} is up to date (${tree.files.length} files)`;
  const note = (p: Problem) => p.detail ?? p.stat;
  if (format === 'json') {
    const listed = problems.map((p) => (values.stat ? { ...p, diff: undefined } : p));
    term.out(JSON.stringify({ out, upToDate: problems.length === 0, problems: listed, summary }, null, 2));
  } else if (format === 'github') {
    for (const p of problems)
      term.out(
        `::error file=${escapeProp(`${out}/${p.path}`)},title=${p.kind}::${p.kind}: ${note(p) ?? `run ${fixFor(p.path)}`}`,
      );
    term.err(summary);
  } else {
    // Named as found: each stale file's name (stderr) comes right before its diff (stdout).
    for (const p of problems) {
      const extra = note(p);
      term.err(`${`${p.kind}:`.padEnd(8)} ${shownPath(`${out}/${p.path}`)}${extra ? ` (${extra})` : ''}`);
      if (p.diff && !values.stat) term.out(p.diff);
    }
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
