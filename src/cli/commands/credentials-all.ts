import { access, open } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { buildSheet, sheetCsv, sheetJson } from '../../credentials/sheet.js';
import { diag } from '../../diag/diagnostic.js';
import type { Model } from '../../model/types.js';
import { renderTargetProblem } from '../../out/guard.js';
import { MANIFEST_NAME } from '../../out/manifest.js';
import { collectSecrets, missingSecrets, renderSecret } from '../../secrets/resolver.js';
import { UsageError } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { report } from '../report.js';
import { secretSources } from '../secret-sources.js';
import type { Terminal } from '../terminal.js';

/** A folder that is (or is inside) an audit tree: generated/, or any folder with a MANIFEST.json. */
async function auditTreeOf(file: string): Promise<string | undefined> {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (basename(dir) === 'generated') return dir;
    try {
      await access(join(dir, MANIFEST_NAME));
      return dir;
    } catch {
      // not an audit tree: look further up
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** Writes a new 0600 file (never replaces one: an old sheet may be open elsewhere). */
async function writePrivate(path: string, text: string): Promise<void> {
  const handle = await open(path, 'wx', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
  } finally {
    await handle.close();
  }
}

/** `pbxc credentials --all TENANT`: the onboarding sheet of a whole tenant. */
export async function credentialsAll(
  term: Terminal,
  model: Model,
  tenantId: string,
  values: {
    format?: string | boolean;
    output?: string | boolean;
    spec?: string | boolean;
    'master-key-file'?: string | boolean;
  },
): Promise<number> {
  const format = values.format === undefined || values.format === 'human' ? 'csv' : values.format;
  if (format !== 'csv' && format !== 'json')
    throw new UsageError(`--format for --all must be csv or json (got ${String(format)})`);
  const tenant = model.tenants.find((t) => t.id === tenantId);
  if (!tenant) {
    term.err(`pbxc: no tenant ${tenantId} (known: ${model.tenants.map((t) => t.id).join(', ')})`);
    return EXIT.invalid;
  }
  const output = typeof values.output === 'string' ? resolve(term.cwd, values.output) : undefined;
  if (output) {
    // The same folders render refuses (the spec folder, generated/, any audit tree), then the
    // nearest folder named generated/ or holding a MANIFEST.json.
    const tree = await auditTreeOf(output);
    const problem =
      (await renderTargetProblem(dirname(output), { spec: String(values.spec ?? 'spec'), cwd: term.cwd })) ??
      (tree ? `it is inside the audit tree ${tree}` : undefined);
    if (problem) {
      await report(term, 'human', [diag('PBX6204', { file: String(values.output), problem })]);
      return EXIT.usage;
    }
  }
  const keyFile = values['master-key-file'];
  const { sources, diagnostics } = await secretSources(
    term,
    typeof keyFile === 'string' ? { 'master-key-file': keyFile } : {},
  );
  const missing = missingSecrets(
    collectSecrets(model).filter((r) => r.kind === 'derived'),
    sources,
  );
  if (diagnostics.length > 0 || missing.masterKey) {
    await report(term, 'human', [...diagnostics, ...(missing.masterKey ? [diag('PBX6002', {})] : [])]);
    return EXIT.usage;
  }
  const sheet = buildSheet(model, tenant, renderSecret(sources));
  const text = format === 'json' ? sheetJson(sheet) : sheetCsv(sheet);
  if (!output) {
    term.out(text.trimEnd());
    return EXIT.ok;
  }
  try {
    await writePrivate(output, text);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const detail = e.code === 'EEXIST' ? 'it already exists (remove it first)' : e.message;
    await report(term, 'human', [
      diag('PBX6003', { detail: `cannot write ${String(values.output)}: ${detail}` }),
    ]);
    return EXIT.usage;
  }
  term.err(
    `wrote the onboarding sheet of ${tenant.id} (${sheet.extensions.length} extensions) to ${String(values.output)} (mode 0600): it holds passwords`,
  );
  return EXIT.ok;
}
