import { relative, resolve, sep } from 'node:path';
import { readManifest } from '../../out/write-tree.js';
import { COMMON, formatOption, parse, UsageError } from '../args.js';
import { writeOrReport } from '../pipeline.js';
import { renderedTree } from '../rendered-tree.js';
import type { Terminal } from '../terminal.js';

export const HELP = `Usage: pbxc render --out DIR [--spec DIR] [--secrets FILE] [--master-key-file FILE]

Writes the deployable tree: the same files as build, with every secret filled in.
Derived credentials (SIP passwords, voicemail PINs, phone admin and provisioning
passwords, the event socket password) come from the master key: PBXC_MASTER_KEY or
--master-key-file. Named secrets (password: { secret: NAME }) come from the --secrets
file (a YAML map NAME: value) or PBXC_SECRET_<NAME> (upper case, "-" as "_").
Every missing secret is named and nothing is written. Files are written 0600.
Never writes inside generated/ (the audit tree).

Options:
  --out DIR              output folder (required; outside generated/)
  --spec DIR             spec folder (default: spec)
  --secrets FILE         YAML map of named secrets
  --master-key-file FILE file holding the master key
  --format F             diagnostics format: human, json, github
Exit: 0 rendered, 1 invalid spec, 2 usage/IO error or missing secret, 3 internal error`;

export async function render(argv: readonly string[], term: Terminal): Promise<number> {
  const { values } = parse(argv, {
    ...COMMON,
    out: { type: 'string' },
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
  if (insideAuditTree(term.cwd, out)) {
    throw new UsageError(
      `refusing to render into ${String(values.out)}: it is inside generated/, the audit tree`,
    );
  }
  if ((await readManifest(out))?.mode === 'audit') {
    throw new UsageError(
      `refusing to render into ${String(values.out)}: it holds an audit tree (pbxc build output)`,
    );
  }
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

/** True when `out` is generated/ (of the working folder) or a folder inside it. */
export function insideAuditTree(cwd: string, out: string): boolean {
  const rel = relative(resolve(cwd, 'generated'), resolve(cwd, out));
  return rel === '' || !(rel === '..' || rel.startsWith(`..${sep}`) || resolve(rel) === rel);
}
