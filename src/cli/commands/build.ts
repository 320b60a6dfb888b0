import { buildTree } from '../../build-tree.js';
import { TERRAFORM_DIR } from '../../cloud/terraform-tree.js';
import { packageVersion } from '../../util/package-root.js';
import { COMMON, defaultOut, formatOption, parse } from '../args.js';
import { buildOrProgress, loadOrReport, writeOrReport } from '../pipeline.js';
import type { Terminal } from '../terminal.js';

export const HELP = `Usage: pbxc build [--spec DIR] [--out DIR] [--format human|json|github] [--strict]

Compiles the spec through every target into the audit tree (default: generated/ beside --spec):
FreeSWITCH configuration, phone files, Ringotel imports, fail2ban and nftables rules,
plus MANIFEST.json (every file's sha256, the spec digest, the pbxc version).
Needs no secrets: each secret is a placeholder naming it and its revision.
The output is byte-identical for the same spec on any machine. The write is atomic:
on any error nothing in --out changes; on success it holds exactly the new tree, plus
the terraform/ folder pbxc synth wrote, which build keeps as it is (check verifies it).

Options:
  --spec DIR      spec folder (default: spec)
  --out DIR       output folder (default: generated/ beside the spec folder)
  --format F      diagnostics format: human, json, github
  --strict        warnings fail too
Exit: 0 built, 1 invalid spec, 2 usage or IO error, 3 internal error`;

export async function build(argv: readonly string[], term: Terminal): Promise<number> {
  const { values } = parse(argv, { ...COMMON, out: { type: 'string' } });
  if (values.help) {
    term.out(HELP);
    return 0;
  }
  const format = formatOption(values.format);
  const out = defaultOut(values.spec, values.out);
  const loaded = await loadOrReport(term, format, String(values.spec), !!values.strict);
  if ('exit' in loaded) return loaded.exit;
  const tree = await buildOrProgress(term, () => buildTree(loaded.model, packageVersion()));
  return writeOrReport(term, format, loaded, tree, {
    path: out,
    shown: out,
    private: false,
    strict: !!values.strict,
    keep: [TERRAFORM_DIR],
  });
}
