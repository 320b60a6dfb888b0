import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Diagnostic, diag } from '../../diag/diagnostic.js';
import { loadModel } from '../../load-model.js';
import { packageRoot } from '../../util/package-root.js';
import { formatOption, UsageError } from '../args.js';
import { EXIT, exitFor } from '../exit-codes.js';
import { report } from '../report.js';
import type { Terminal } from '../terminal.js';

export const HELP = `Usage: pbxc import fusionpbx --db URL --out DIR [--domain NAME ...] [--secrets FILE]
                          [--keep-passwords] [--platform NAME] [--holiday-years Y,Y] [--force]

Reads a FusionPBX (or FS PBX) PostgreSQL database in one read-only transaction and writes a pbxc
spec: platform.yaml, tenants/<id>.yaml per domain, the JSON Schemas, and IMPORT-REPORT.md with
everything that could not be carried over one to one. It never writes to the database.

Options:
  --db URL            libpq URL: postgres://USER[:PASSWORD]@HOST[:PORT]/DB, or with a Unix socket
                      postgres://USER@/DB?host=/var/run/postgresql (PGPASSWORD etc. are honoured)
  --out DIR           spec folder to write (empty, missing, or a previous import; else --force)
  --domain NAME       import only this FusionPBX domain (repeatable; default: all enabled domains)
  --secrets FILE      write named secrets (gateway passwords; SIP passwords with --keep-passwords)
                      to FILE, mode 0600, merged into it if it exists; never inside --out
  --keep-passwords    keep the FusionPBX SIP passwords as named secrets (phones keep registering);
                      default: pbxc derives new passwords from its master key
  --platform NAME     platform id in platform.yaml (default: fusionpbx)
  --holiday-years L   ignored (holidays are imported as recurring rules; kept for old scripts)
  --force             replace a non-empty --out that is not a previous import
  --format F          diagnostics format: human, json, github
Exit: 0 imported (the spec validates), 1 imported but the spec has errors, 2 usage, database or IO error`;

const OPTIONS = {
  db: { type: 'string' },
  out: { type: 'string' },
  domain: { type: 'string', multiple: true },
  secrets: { type: 'string' },
  'keep-passwords': { type: 'boolean', default: false },
  platform: { type: 'string', default: 'fusionpbx' },
  'holiday-years': { type: 'string' },
  force: { type: 'boolean', default: false },
  format: { type: 'string', default: 'human' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function years(value: string | undefined, now: Date): number[] {
  if (value === undefined) return [now.getUTCFullYear(), now.getUTCFullYear() + 1];
  const list = value.split(',').map((y) => y.trim());
  if (list.length === 0 || list.length > 20 || list.some((y) => !/^(19|20|21)[0-9]{2}$/.test(y)))
    throw new UsageError(`--holiday-years must be a comma-separated list of years (got ${value})`);
  return [...new Set(list.map(Number))].sort((a, b) => a - b);
}

export async function importCommand(argv: readonly string[], term: Terminal): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    term.out(HELP);
    return EXIT.ok;
  }
  const format = formatOption(values.format);
  const [source, ...extra] = positionals;
  if (source !== 'fusionpbx' && source !== 'fspbx')
    throw new UsageError(
      source
        ? `unknown source "${source}" (pbxc imports from fusionpbx)`
        : 'name the source: pbxc import fusionpbx ...',
    );
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (!values.db)
    throw new UsageError('--db URL is required (e.g. postgres://fusionpbx@localhost/fusionpbx)');
  if (!values.out) throw new UsageError('--out DIR is required');
  const { DbUrlError, shownDbUrl } = await import('../../import/fusionpbx/db-url.js');
  try {
    shownDbUrl(values.db);
  } catch (error) {
    if (error instanceof DbUrlError) throw new UsageError(error.message);
    throw error;
  }
  if (!/^[a-z0-9][a-z0-9-]{0,30}$/.test(values.platform ?? ''))
    throw new UsageError(`--platform must be lower-case letters, digits and "-" (got ${values.platform})`);
  const holidayYears = years(values['holiday-years'], new Date());
  const out = values.out;
  const fail = async (d: Diagnostic): Promise<number> => {
    await report(term, format, [d]);
    return exitFor([d]);
  };

  const { checkSecretsPath, ImportWriteError, writeImport, writeSecrets } = await import(
    '../../import/write-import.js'
  );
  try {
    if (values.secrets) checkSecretsPath(values.secrets, out);
  } catch (error) {
    if (error instanceof ImportWriteError) return fail(diag(error.code, error.args));
    throw error;
  }

  // The database side (and pg) load only here.
  const { ImportReadError, readFusion, redactUrl } = await import('../../import/fusionpbx/reader.js');
  const { importFusion } = await import('../../import/fusionpbx/index.js');
  let rows: Awaited<ReturnType<typeof readFusion>>;
  try {
    rows = await readFusion(values.db);
  } catch (error) {
    if (error instanceof ImportReadError) return fail(diag(error.code, { detail: error.message }));
    throw error;
  }
  const result = importFusion(rows, {
    domains: values.domain ?? [],
    platform: values.platform ?? 'fusionpbx',
    keepPasswords: !!values['keep-passwords'],
    holidayYears,
    source: redactUrl(values.db).replace(/\?.*$/, ''),
  });
  if (result.unknownDomains.length > 0) {
    const known =
      rows.v_domains
        .map((d) => String(d.domain_name))
        .sort()
        .join(', ') || 'no domains';
    return fail(diag('PBX7003', { domain: result.unknownDomains.join(', '), known }));
  }
  const files = new Map(result.files);
  for (const name of ['platform.schema.json', 'tenant.schema.json'])
    files.set(`schema/${name}`, await readFile(join(packageRoot(), 'spec', 'schema', name), 'utf8'));
  const notes: Diagnostic[] = [];
  try {
    await writeImport(out, files, !!values.force);
    const names = Object.keys(result.secrets);
    if (names.length > 0) {
      if (values.secrets) await writeSecrets(values.secrets, result.secrets);
      else notes.push(diag('PBX7006', { names: names.join(', ') }));
    }
  } catch (error) {
    if (error instanceof ImportWriteError) return fail(diag(error.code, error.args));
    throw error;
  }

  const checked = await loadModel(out);
  const diagnostics = [...notes, ...checked.diagnostics];
  const items = result.report;
  const count = (k: string) => items.filter((i) => i.kind === k).length;
  await report(term, format, diagnostics, checked.stats);
  if (format === 'human') {
    term.out(
      `imported ${result.tenants.length} tenant${result.tenants.length === 1 ? '' : 's'} (${result.tenants.map((t) => t.id).join(', ') || 'none'}) to ${out}: ` +
        `${count('decision')} need a decision, ${count('skipped')} skipped, ${count('changed')} changed; see ${join(out, 'IMPORT-REPORT.md')}`,
    );
    if (values.secrets && Object.keys(result.secrets).length > 0)
      term.out(
        `wrote ${Object.keys(result.secrets).length} named secret(s) to ${values.secrets} (mode 0600)`,
      );
  }
  return checked.diagnostics.some((d) => d.severity === 'error') ? EXIT.invalid : EXIT.ok;
}
