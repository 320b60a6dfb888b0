import { readdir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { STACK_PACKAGES } from '../../cloud/load-stacks.js';
import { diag } from '../../diag/diagnostic.js';
import { ciTarget, type InitFile, initFiles } from '../../init/files.js';
import { LockfileError, makeLockfile } from '../../init/lockfile.js';
import {
  dependencySpec,
  describeSource,
  type PbxcSource,
  parseSource,
  runningSource,
  SourceError,
  VENDOR_DIR,
} from '../../init/source.js';
import { writeNewFolder } from '../../out/write-new.js';
import { OutputError } from '../../out/write-tree.js';
import { packageRoot } from '../../util/package-root.js';
import { parse, UsageError } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { report } from '../report.js';
import type { Terminal } from '../terminal.js';

export const HELP = `Usage: pbxc init [DIR] [--pbxc SOURCE] [--no-lock]

Starts a new platform repository in DIR (default: the current folder), which must be
missing or empty: spec/platform.yaml, one example tenant, pbxc's JSON Schemas (bound in
.vscode/settings.json for VS Code's YAML extension), .gitignore, package.json with
package-lock.json, a README, and pbxc's CI examples (GitHub Actions, GitLab).
The result passes pbxc validate and pbxc build as it is, and on a fresh machine
"npm ci" then "npx pbxc build" work in it.

The repository installs pbxc from SOURCE, never from a bare registry name:
  a tarball (pbxc-<version>.tgz from npm pack)  copied into vendor/ and installed from there
  a folder (a built pbxc checkout)             installed from that path
  a git URL (git+https://host/pbxc.git#<commit>)
  a tarball URL (https://host/pbxc-<version>.tgz)
Default: where the running pbxc came from (its tarball, git commit or folder).
The stack packages synth/plan/apply load (cdktf, constructs, @cdktf/provider-aws)
are added at the versions this pbxc is tested with.

Options:
  --pbxc SOURCE   where the repository installs pbxc from (see above)
  --no-lock       write no package-lock.json (no npm run; make it with npm install later)

Exit: 0 created, 2 DIR is not empty or cannot be written, SOURCE is unusable, or npm
could not resolve the dependencies`;

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
  const { values, positionals } = parse(argv, {
    help: { type: 'boolean', short: 'h', default: false },
    pbxc: { type: 'string' },
    'no-lock': { type: 'boolean', default: false },
  });
  if (values.help) {
    term.out(HELP);
    return EXIT.ok;
  }
  if (positionals.length > 1) throw new UsageError('init takes one DIR');
  const dir = positionals[0] ?? '.';
  const target = resolve(term.cwd, dir);
  const root = packageRoot();
  let source: PbxcSource;
  try {
    const found = typeof values.pbxc === 'string' ? parseSource(values.pbxc, term.cwd) : runningSource(root);
    if (!found)
      throw new SourceError(
        `cannot tell where this pbxc (${root}) was installed from: name it with --pbxc SOURCE`,
      );
    source = found;
  } catch (error) {
    if (error instanceof SourceError) throw new UsageError(error.message);
    throw error;
  }
  const schemaDir = join(root, 'spec', 'schema');
  const schemas: Record<string, string> = {};
  for (const name of (await readdir(schemaDir)).filter((n) => n.endsWith('.schema.json')).sort())
    schemas[name] = await readFile(join(schemaDir, name), 'utf8');
  const base = initFiles({
    pbxc: dependencySpec(source, target),
    stackPackages: STACK_PACKAGES,
    schemas,
    ci: await ciExamples(root),
  });
  const files: InitFile[] = [...base];
  try {
    if (source.kind === 'tarball')
      files.push({ path: `${VENDOR_DIR}/${basename(source.path)}`, content: await readFile(source.path) });
    if (!values['no-lock']) {
      const pkg = base.find((f) => f.path === 'package.json')!.content as string;
      term.err(`resolving dependencies with npm (pbxc from ${describeSource(source)})…`);
      files.push({ path: 'package-lock.json', content: await makeLockfile(target, pkg, source, term.env) });
    }
    await writeNewFolder(target, files);
  } catch (error) {
    const detail =
      error instanceof OutputError || error instanceof LockfileError
        ? error.message
        : `cannot write ${dir}: ${(error as Error).message}`;
    await report(term, 'human', [diag('PBX6003', { detail })]);
    return EXIT.usage;
  }
  term.out(`created a platform repository in ${dir} (${files.length} files)`);
  term.out(`pbxc comes from ${describeSource(source)}`);
  term.out(
    values['no-lock']
      ? 'next: npm install (writes package-lock.json: commit it), npx pbxc validate, npx pbxc build'
      : 'next: npm ci, npx pbxc validate, npx pbxc build, then git add . && git commit',
  );
  return EXIT.ok;
}
