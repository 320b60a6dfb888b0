import { resolve } from 'node:path';
import { buildTree } from '../../build-tree.js';
import { check as compile } from '../../compile.js';
import { type Diagnostic, diag } from '../../diag/diagnostic.js';
import { type DiffFormat, formatDiff } from '../../diff/format.js';
import { diffModels } from '../../diff/index.js';
import { loadModel } from '../../load-model.js';
import type { Model } from '../../model/types.js';
import { packageVersion } from '../../util/package-root.js';
import { parse, UsageError } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { GitError, repoPath, resolveBase, specAtCommit } from '../git-spec.js';
import { report } from '../report.js';
import type { Terminal } from '../terminal.js';

export const HELP = `Usage: pbxc diff [--base REF | --base-spec DIR] [--spec DIR] [--format text|markdown|json] [--fail-on risk]

Compiles the spec at a base revision and the working spec, and reports the change in the
spec's own terms: per tenant, every object added, removed or changed with its fields
("ring group 21 Support Team: members + 1010"), risk flags first (firewall or SIP access
opened, trunk ACL widened, emergency routing changed, DID dropped or rerouted, toll
restriction loosened, nodes removed, trunk credentials changed, tenant removed), then
consequences (phones whose files change without being edited), the generated files per
target and the Terraform stacks whose inputs changed.

Options:
  --base REF        git revision to compare with (default: the merge base of HEAD and the
                    default branch: origin/HEAD, else origin/main, origin/master, main, master)
  --base-spec DIR   compare with a spec folder instead of a git revision
  --spec DIR        the changed spec folder (default: spec)
  --format F        text (default), markdown (a pull-request comment) or json
  --fail-on risk    exit 1 when any risk flag is raised
Exit: 0 compared (whatever changed), 1 a side is invalid or --fail-on risk found one, 2 usage or git error`;

type Side = { model: Model } | { exit: number };

async function compileSide(
  term: Terminal,
  side: 'base' | 'head',
  where: string,
  load: () => Promise<{ model?: Model; diagnostics: readonly Diagnostic[] }>,
): Promise<Side> {
  const result = await load();
  if (result.model && !result.diagnostics.some((d) => d.severity === 'error')) return { model: result.model };
  await report(term, 'human', [...result.diagnostics, diag('PBX6201', { side, where })]);
  return { exit: EXIT.invalid };
}

function formatOf(value: unknown): DiffFormat {
  if (value === 'text' || value === 'markdown' || value === 'json') return value;
  throw new UsageError(`--format must be text, markdown or json (got ${String(value)})`);
}

export async function diff(argv: readonly string[], term: Terminal): Promise<number> {
  const { values, positionals } = parse(argv, {
    spec: { type: 'string', default: 'spec' },
    base: { type: 'string' },
    'base-spec': { type: 'string' },
    format: { type: 'string', default: 'text' },
    'fail-on': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    term.out(HELP);
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const format = formatOf(values.format);
  if (values['fail-on'] !== undefined && values['fail-on'] !== 'risk')
    throw new UsageError(`--fail-on takes "risk" (got ${String(values['fail-on'])})`);
  if (values.base !== undefined && values['base-spec'] !== undefined)
    throw new UsageError('pass either --base or --base-spec, not both');
  const spec = String(values.spec);
  const specPath = resolve(term.cwd, spec);

  let baseLabel: string;
  let base: Side;
  if (values['base-spec'] !== undefined) {
    const dir = String(values['base-spec']);
    baseLabel = dir;
    base = await compileSide(term, 'base', dir, () => loadModel(resolve(term.cwd, dir)));
  } else {
    try {
      const { ref, commit } = await resolveBase(term.cwd, values.base as string | undefined);
      const { top, path } = await repoPath(term.cwd, spec);
      const short = commit.slice(0, 12);
      baseLabel = `${ref} (${short})`;
      const texts = await specAtCommit(top, commit, path, short);
      if (!texts) {
        await report(term, 'human', [diag('PBX6202', { dir: path || '.', ref: baseLabel })]);
        return EXIT.usage;
      }
      base = await compileSide(term, 'base', baseLabel, async () => compile(texts, [...texts.diagnostics]));
    } catch (error) {
      if (!(error instanceof GitError)) throw error;
      await report(term, 'human', [diag('PBX6200', { detail: error.message })]);
      return EXIT.usage;
    }
  }
  const head = await compileSide(term, 'head', spec, () => loadModel(specPath));
  if ('exit' in base) return base.exit;
  if ('exit' in head) return head.exit;
  const version = packageVersion();
  const result = diffModels(base.model, head.model, {
    base: buildTree(base.model, version).files,
    head: buildTree(head.model, version).files,
  });
  term.out(formatDiff(format, result, { base: baseLabel, head: spec }).trimEnd());
  return values['fail-on'] === 'risk' && result.risks.length > 0 ? EXIT.invalid : EXIT.ok;
}
