import { loadModel } from '../../load-model.js';
import { COMMON, formatOption, parse } from '../args.js';
import { exitFor } from '../exit-codes.js';
import { report } from '../report.js';
import type { Terminal } from '../terminal.js';

export const HELP = `Usage: pbxc validate [--spec DIR] [--format human|json|github] [--strict]

Checks the spec (schema and semantic rules) and prints every problem at once as
file:line:col: severity PBXnnnn: message, then a one-line summary.

Options:
  --spec DIR      spec folder (default: spec)
  --format F      human (default), json, or github (GitHub Actions annotations)
  --strict        warnings fail too
Exit: 0 valid, 1 invalid, 2 usage or IO error, 3 internal error`;

export async function validate(argv: readonly string[], term: Terminal): Promise<number> {
  const { values } = parse(argv, COMMON);
  if (values.help) {
    term.out(HELP);
    return 0;
  }
  const format = formatOption(values.format);
  const result = await loadModel(String(values.spec));
  await report(term, format, result.diagnostics, result.stats);
  return exitFor(result.diagnostics, !!values.strict);
}
