import { resolve } from 'node:path';
import { renderTargetProblem } from '../../out/guard.js';
import { COMMON, formatOption, parse, shownPath, UsageError } from '../args.js';
import { writeOrReport } from '../pipeline.js';
import { renderedTree } from '../rendered-tree.js';
import type { Terminal } from '../terminal.js';

export const HELP = `Usage: pbxc render --out DIR [--env ENV] [--spec DIR] [--secrets FILE] [--master-key-file FILE]

Writes the deployable tree: the same files as build, with every secret filled in.
Derived credentials (SIP passwords, voicemail PINs, phone admin and provisioning
passwords, the event socket password) come from the master key: PBXC_MASTER_KEY or
--master-key-file. Named secrets (password: { secret: NAME }) come from the --secrets
file or the PBXC_SECRETS document (a YAML map NAME: value; master_key may hold the
master key) or PBXC_SECRET_<NAME> (upper case, "-" as "_").
With --env, the tree of that environment (what publish ships): only the tenants it
serves, with its domains, DIDs and trunk overrides.
Every missing secret is named and nothing is written. Files are written 0600.
Never writes inside the spec folder or an audit tree (generated/), symbolic links resolved.

Options:
  --out DIR              output folder (required; outside the spec and generated/)
  --env ENV              render one environment of platform.yaml (default: the whole spec)
  --spec DIR             spec folder (default: spec)
  --secrets FILE         YAML map of named secrets
  --master-key-file FILE file holding the master key
  --format F             diagnostics format: human, json, github
Exit: 0 rendered, 1 invalid spec, 2 usage/IO error or missing secret, 3 internal error`;

export async function render(argv: readonly string[], term: Terminal): Promise<number> {
  const { values } = parse(argv, {
    ...COMMON,
    out: { type: 'string' },
    env: { type: 'string' },
    secrets: { type: 'string' },
    'master-key-file': { type: 'string' },
  });
  if (values.help) {
    term.out(HELP);
    return 0;
  }
  const format = formatOption(values.format);
  if (!values.out)
    throw new UsageError('render needs --out DIR (the deployable tree is never written to generated/)');
  const out = resolve(term.cwd, String(values.out));
  const problem = await renderTargetProblem(out, { spec: String(values.spec), cwd: term.cwd });
  if (problem) throw new UsageError(`refusing to render into ${shownPath(String(values.out))}: ${problem}`);
  const rendered = await renderedTree(term, format, values, false);
  if ('exit' in rendered) return rendered.exit;
  const { loaded, tree } = rendered;
  const shown = String(values.out);
  return writeOrReport(term, format, loaded, tree, {
    path: out,
    shown,
    private: true,
    strict: !!values.strict,
  });
}
