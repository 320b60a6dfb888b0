import { buildTree } from '../../build-tree.js';
import { diag } from '../../diag/diagnostic.js';
import { loadModel } from '../../load-model.js';
import { OutputError, writeTree } from '../../out/write-tree.js';
import { packageVersion } from '../../util/package-root.js';
import { COMMON, formatOption, parse } from '../args.js';
import { EXIT, exitFor } from '../exit-codes.js';
import { report } from '../report.js';
import type { Terminal } from '../terminal.js';

export const HELP = `Usage: pbxc build [--spec DIR] [--out DIR] [--format human|json|github] [--strict]

Compiles the spec through every target into the audit tree (default: generated/):
FreeSWITCH configuration, phone files, Ringotel imports, fail2ban and nftables rules,
plus MANIFEST.json (every file's sha256, the spec digest, the pbxc version).
Needs no secrets: each secret is a placeholder naming it and its revision.
The output is byte-identical for the same spec on any machine. The write is atomic:
on any error nothing in --out changes; on success it holds exactly the new tree.

Options:
  --spec DIR      spec folder (default: spec)
  --out DIR       output folder (default: generated)
  --format F      diagnostics format: human, json, github
  --strict        warnings fail too
Exit: 0 built, 1 invalid spec, 2 usage or IO error, 3 internal error`;

export async function build(argv: readonly string[], term: Terminal): Promise<number> {
  const { values } = parse(argv, { ...COMMON, out: { type: 'string', default: 'generated' } });
  if (values.help) {
    term.out(HELP);
    return 0;
  }
  const format = formatOption(values.format);
  const out = String(values.out);
  const result = await loadModel(String(values.spec));
  const front = exitFor(result.diagnostics, !!values.strict);
  if (!result.model || front !== EXIT.ok) {
    await report(term, format, result.diagnostics, result.stats);
    return front === EXIT.ok ? EXIT.invalid : front;
  }
  const tree = buildTree(result.model, packageVersion());
  const diagnostics = [...result.diagnostics, ...tree.diagnostics];
  const code = exitFor(diagnostics, !!values.strict);
  if (code !== EXIT.ok) {
    await report(term, format, diagnostics, result.stats);
    return code;
  }
  try {
    await writeTree(out, tree.files, { private: false });
  } catch (error) {
    const detail =
      error instanceof OutputError ? error.message : `cannot write ${out}: ${(error as Error).message}`;
    const all = [...diagnostics, diag('PBX6003', { detail })];
    await report(term, format, all, result.stats);
    return EXIT.usage;
  }
  await report(term, format, diagnostics, result.stats, { out, files: tree.files.length });
  if (format === 'human')
    term.out(`wrote ${tree.files.length} file${tree.files.length === 1 ? '' : 's'} to ${out}`);
  return EXIT.ok;
}
