import { readdir } from 'node:fs/promises';
import { posix } from 'node:path';
import type { Diagnostic } from '../../diag/diagnostic.js';
import { isTenantFile } from '../../load/read-spec.js';
import { loadModel } from '../../load-model.js';
import { closest } from '../../util/text.js';
import { COMMON, formatOption, parse, shownPath, UsageError } from '../args.js';
import { exitFor } from '../exit-codes.js';
import { count, phase } from '../progress.js';
import { report } from '../report.js';
import type { Terminal } from '../terminal.js';

export const HELP = `Usage: pbxc validate [--spec DIR] [--tenant ID] [--format human|json|github] [--strict]

Checks the spec (schema and semantic rules) and prints every problem at once as
file:line:col: severity PBXnnnn: message, then a one-line summary.

Options:
  --spec DIR      spec folder (default: spec)
  --tenant ID     report only what concerns one tenant: its file, platform.yaml, and
                  cross-tenant conflicts it takes part in (the whole spec is still checked)
  --format F      human (default), json, or github (GitHub Actions annotations)
  --strict        warnings fail too
Exit: 0 valid, 1 invalid, 2 usage or IO error, 3 internal error`;

const tenantOfFile = (file: string) => {
  const base = posix.basename(file.replaceAll('\\', '/'));
  return posix.basename(posix.dirname(file.replaceAll('\\', '/'))) === 'tenants'
    ? base.replace(/\.ya?ml$/, '')
    : undefined;
};

/** Diagnostics that concern one tenant: in its file, in platform.yaml, or pointing at its file. */
export function forTenant(diagnostics: readonly Diagnostic[], id: string): Diagnostic[] {
  const concerns = (file: string | undefined) => {
    if (file === undefined) return true;
    const owner = tenantOfFile(file);
    return owner === undefined || owner === id;
  };
  return diagnostics.filter(
    (d) => concerns(d.location?.file) || (d.related ?? []).some((r) => tenantOfFile(r.location.file) === id),
  );
}

export async function validate(argv: readonly string[], term: Terminal): Promise<number> {
  const { values } = parse(argv, { ...COMMON, tenant: { type: 'string' } });
  if (values.help) {
    term.out(HELP);
    return 0;
  }
  const format = formatOption(values.format);
  const spec = String(values.spec);
  const tenant = typeof values.tenant === 'string' ? values.tenant : undefined;
  if (tenant !== undefined) {
    const names = await readdir(posix.join(spec, 'tenants')).catch(() => [] as string[]);
    const ids = names.filter(isTenantFile).map((n) => n.replace(/\.ya?ml$/, ''));
    if (!ids.includes(tenant)) {
      const guess = closest(tenant, ids);
      throw new UsageError(
        `no tenant file tenants/${shownPath(tenant)}.yaml${guess ? ` (did you mean ${guess}?)` : ''}`,
      );
    }
  }
  const result = await phase(
    term,
    () => loadModel(spec),
    (r) => `checked ${count(r.stats.tenants, 'tenant')}, ${count(r.stats.extensions, 'extension')}`,
  );
  const diagnostics = tenant === undefined ? result.diagnostics : forTenant(result.diagnostics, tenant);
  const stats = tenant === undefined ? result.stats : undefined;
  await report(term, format, diagnostics, stats);
  return exitFor(diagnostics, !!values.strict);
}
