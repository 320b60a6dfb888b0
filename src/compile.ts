import { bind, type FileInput } from './bind/bind.js';
import { applyDefaults } from './bind/defaults.js';
import { expandDidRanges } from './bind/did-ranges.js';
import { sanitize } from './bind/sanitize.js';
import { ACKNOWLEDGING_LISTS, type Acknowledgement, applyAcknowledgements } from './diag/acknowledge.js';
import { type Diagnostic, diag, hasErrors, sortDiagnostics } from './diag/diagnostic.js';
import type { SpecTexts } from './load/read-spec.js';
import { type JsonPath, SourceFile } from './load/source-file.js';
import { buildModel, type SpecInput } from './model/build.js';
import type { Model } from './model/types.js';
import { runRules } from './rules/index.js';
import type { PlatformSpec, TenantSpec } from './schema/types.gen.js';
import { type SchemaName, validateSchema } from './schema/validate.js';

export interface CheckStats {
  readonly tenants: number;
  readonly extensions: number;
  readonly devices: number;
}

export interface CheckResult {
  /** Present only when there are no errors. */
  readonly model?: Model;
  /** Sorted by file and position. */
  readonly diagnostics: readonly Diagnostic[];
  readonly stats: CheckStats;
}

const MODELINE: Record<SchemaName, string> = {
  platform: 'schema/platform.schema.json',
  tenant: '../schema/tenant.schema.json',
};

interface Loaded extends FileInput {
  readonly raw: unknown;
  readonly clean: boolean;
}

function load(path: string, text: string, schema: SchemaName, diagnostics: Diagnostic[]): Loaded {
  const file = new SourceFile(path, text);
  for (const d of file.diagnostics) diagnostics.push(d);
  const raw = file.diagnostics.length === 0 ? file.value() : undefined;
  if (!/^\uFEFF?# yaml-language-server: \$schema=\S+/.test(text)) {
    diagnostics.push(diag('PBX1007', { schema: MODELINE[schema] }, { file: path, line: 1, col: 1 }));
  }
  if (file.diagnostics.length > 0) {
    return { file, raw, value: {}, dropped: [], broken: new Set(['*']), clean: false };
  }
  const checked = validateSchema(schema, file, raw ?? null);
  for (const d of checked.diagnostics) diagnostics.push(d);
  const sanitized = sanitize(raw, checked.failedPaths);
  const { dropped, broken } = sanitized;
  if (checked.failedPaths.some((p) => p.length === 0)) broken.add('*');
  // Defaults that failed the schema were dropped by the sanitizer, so only valid ones are merged.
  if (schema !== 'tenant')
    return { file, raw, value: sanitized.value, dropped, broken, clean: checked.diagnostics.length === 0 };
  // Defaults and DID ranges are applied to the checked values, for the rules and for the model.
  const locate = (path: JsonPath) => file.locate(path);
  const ranges = broken.has('dids') ? undefined : expandDidRanges(applyDefaults(sanitized.value), locate);
  for (const d of ranges?.diagnostics ?? []) diagnostics.push(d);
  // A range that could not be expanded leaves the DID list incomplete: references to its numbers
  // (lines, devices) are not reported as unknown DIDs on top of the one range error.
  if ((ranges?.diagnostics.length ?? 0) > 0) broken.add('dids');
  if (ranges) file.aliasItems('dids', ranges.aliases);
  const value = ranges?.value ?? applyDefaults(sanitized.value);
  const clean = checked.diagnostics.length === 0 && (ranges?.diagnostics.length ?? 0) === 0;
  const merged =
    clean && raw && typeof raw === 'object'
      ? expandDidRanges(applyDefaults(raw as Record<string, unknown>), locate).value
      : raw;
  return { file, raw: merged, value, dropped, broken, clean };
}

/** The `acknowledge` entries of a tenant file (root and list items), with their objects' ranges. */
function acknowledgementsOf(t: Loaded): Acknowledgement[] {
  const out: Acknowledgement[] = [];
  const add = (owner: unknown, path: JsonPath) => {
    const list = (owner as { acknowledge?: unknown } | null)?.acknowledge;
    if (!Array.isArray(list)) return;
    const at = t.file.locate(path);
    for (const a of list as { code?: unknown; reason?: unknown }[])
      if (a && typeof a.code === 'string' && typeof a.reason === 'string')
        out.push({
          file: at.file,
          start: at.offset ?? 0,
          end: at.endOffset ?? 0,
          code: a.code,
          reason: a.reason,
        });
  };
  add(t.value, []);
  for (const key of ACKNOWLEDGING_LISTS) {
    const items = (t.value as Record<string, unknown>)[key];
    if (Array.isArray(items))
      items.forEach((item, i) => {
        add(item, [key, i]);
      });
  }
  return out;
}

/** Front end: read → parse → schema → bind → rules → model. Never throws for bad input. */
export function check(texts: SpecTexts, initial: readonly Diagnostic[] = []): CheckResult {
  const diagnostics: Diagnostic[] = [...initial];
  const platform = texts.platform
    ? load(texts.platform.path, texts.platform.text, 'platform', diagnostics)
    : undefined;
  const tenants = texts.tenants.map((t) => load(t.path, t.text, 'tenant', diagnostics));

  const usable = (f: Loaded) => !f.broken.has('*');
  const { bound, diagnostics: bindDiagnostics } = bind(
    platform && usable(platform) ? platform : undefined,
    tenants.filter(usable),
  );
  const schemaErrors = hasErrors(diagnostics);
  for (const d of bindDiagnostics) diagnostics.push(d);
  const withMedia = texts.media ? { ...bound, media: texts.media } : bound;
  for (const d of runRules(withMedia, undefined, schemaErrors)) diagnostics.push(d);
  const acknowledged = applyAcknowledgements(diagnostics, tenants.flatMap(acknowledgementsOf));
  diagnostics.splice(0, diagnostics.length, ...acknowledged);

  const stats = {
    tenants: texts.tenants.length,
    extensions: tenants.reduce(
      (n, t) => n + (Array.isArray(t.value.extensions) ? t.value.extensions.length : 0),
      0,
    ),
    devices: tenants.reduce((n, t) => n + (Array.isArray(t.value.devices) ? t.value.devices.length : 0), 0),
  };
  if (hasErrors(diagnostics) || !platform) return { diagnostics: sortDiagnostics(diagnostics), stats };

  const input = <T>(f: Loaded): SpecInput<T> => ({
    value: f.raw as T,
    locate: (path) => f.file.locate(path),
    text: f.file.text,
    path: f.file.path,
  });
  try {
    const model = buildModel(input<PlatformSpec>(platform), tenants.map(input<TenantSpec>), texts.media);
    return { model, diagnostics: sortDiagnostics(diagnostics), stats };
  } catch (error) {
    diagnostics.push(diag('PBX9001', { detail: `model: ${(error as Error).stack ?? error}` }));
    return { diagnostics: sortDiagnostics(diagnostics), stats };
  }
}
