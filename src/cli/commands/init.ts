import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { diag } from '../../diag/diagnostic.js';
import { ciTarget, type InitFile, initFiles } from '../../init/files.js';
import { writeNewFolder } from '../../out/write-new.js';
import { OutputError } from '../../out/write-tree.js';
import { packageRoot, packageVersion } from '../../util/package-root.js';
import { parse, UsageError } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { report } from '../report.js';
import type { Terminal } from '../terminal.js';

export const HELP = `Usage: pbxc init [DIR]

Starts a new platform repository in DIR (default: the current folder), which must be
missing or empty: spec/platform.yaml, one example tenant, pbxc's JSON Schemas (bound in
.vscode/settings.json for VS Code's YAML extension), .gitignore, package.json, a README,
and pbxc's CI examples (GitHub Actions, GitLab) when this pbxc ships them.
The result passes pbxc validate and pbxc build as it is.

Exit: 0 created, 2 DIR is not empty or cannot be written`;

async function ciExamples(root: string): Promise<InitFile[]> {
  const dir = join(root, 'examples');
  let names: string[];
  try {
    names = (await readdir(dir, { recursive: true })).map(String).sort();
  } catch {
    return [];
  }
  const out = new Map<string, InitFile>();
  for (const name of names) {
    const target = ciTarget(name.split('\\').join('/'));
    if (!target || out.has(target)) continue;
    out.set(target, { path: target, content: await readFile(join(dir, name), 'utf8') });
  }
  return [...out.values()];
}

export async function init(argv: readonly string[], term: Terminal): Promise<number> {
  const { values, positionals } = parse(argv, { help: { type: 'boolean', short: 'h', default: false } });
  if (values.help) {
    term.out(HELP);
    return EXIT.ok;
  }
  if (positionals.length > 1) throw new UsageError('init takes one DIR');
  const dir = positionals[0] ?? '.';
  const root = packageRoot();
  const schemaDir = join(root, 'spec', 'schema');
  const schemas: Record<string, string> = {};
  for (const name of (await readdir(schemaDir)).filter((n) => n.endsWith('.schema.json')).sort())
    schemas[name] = await readFile(join(schemaDir, name), 'utf8');
  const files = initFiles({ version: packageVersion(), schemas, ci: await ciExamples(root) });
  try {
    await writeNewFolder(resolve(term.cwd, dir), files);
  } catch (error) {
    const detail =
      error instanceof OutputError ? error.message : `cannot write ${dir}: ${(error as Error).message}`;
    await report(term, 'human', [diag('PBX6003', { detail })]);
    return EXIT.usage;
  }
  term.out(`created a platform repository in ${dir} (${files.length} files)`);
  term.out('next: npx pbxc validate, npx pbxc build, then git add spec generated && git commit');
  return EXIT.ok;
}
