import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { type Diagnostic, diag } from '../diag/diagnostic.js';
import type { JsonPath, SourceFile } from '../load/source-file.js';
import { packageRoot } from '../util/package-root.js';
import { closest } from '../util/text.js';
import { type Dialing, patternHint, typeHint } from './hints.js';

export type SchemaName = 'platform' | 'tenant';

const addFormats = addFormatsModule as unknown as (ajv: Ajv, formats: string[]) => Ajv;
const validators = new Map<SchemaName, ValidateFunction>();

export function schemaPath(name: SchemaName): string {
  return join(packageRoot(), 'spec', 'schema', `${name}.schema.json`);
}

export function loadSchema(name: SchemaName): Record<string, unknown> {
  return JSON.parse(readFileSync(schemaPath(name), 'utf8'));
}

function validator(name: SchemaName): ValidateFunction {
  let v = validators.get(name);
  if (!v) {
    const ajv = new Ajv({
      allErrors: true,
      strict: true,
      strictRequired: false,
      strictTypes: false,
      allowUnionTypes: true,
      verbose: true,
    });
    addFormats(ajv, ['email']);
    v = ajv.compile(loadSchema(name));
    validators.set(name, v);
  }
  return v;
}

export interface SchemaCheck {
  readonly diagnostics: Diagnostic[];
  /** Paths (as JSON pointers) of values that failed, so later phases can leave them out. */
  readonly failedPaths: JsonPath[];
}

/** Validates one file's value; every error is mapped to the position of the offending key or value. */
export function validateSchema(name: SchemaName, file: SourceFile, value: unknown): SchemaCheck {
  const validate = validator(name);
  if (validate(value)) return { diagnostics: [], failedPaths: [] };
  const errors = dropMisspelledRequired(filterErrors(validate.errors ?? []));
  const diagnostics: Diagnostic[] = [];
  const failedPaths: JsonPath[] = [];
  const dialing =
    value && typeof value === 'object' ? ((value as { dialing?: Dialing }).dialing ?? undefined) : undefined;
  for (const error of errors) {
    const path = pointerToPath(error.instancePath);
    const mapped = mapError(error, path, file, typeof dialing === 'object' ? dialing : undefined);
    diagnostics.push(mapped.diagnostic);
    failedPaths.push(mapped.path);
  }
  return { diagnostics, failedPaths };
}

/** oneOf failures report each branch; keep one summary per oneOf and drop its branches' noise. */
function filterErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const oneOfPaths = errors.filter((e) => e.keyword === 'oneOf').map((e) => `${e.schemaPath}/`);
  return errors.filter((e) => {
    if (e.keyword === 'if') return false;
    if (e.keyword === 'oneOf') return true;
    return !oneOfPaths.some((prefix) => e.schemaPath.startsWith(prefix));
  });
}

/** A missing "ring_timeout" next to an unknown "ring_timout" is one mistake: report only the typo. */
function dropMisspelledRequired(errors: ErrorObject[]): ErrorObject[] {
  const typos = new Set<string>();
  for (const e of errors) {
    if (e.keyword !== 'additionalProperties') continue;
    const allowed = Object.keys(((e.parentSchema ?? {}) as { properties?: object }).properties ?? {});
    const guess = closest(String((e.params as { additionalProperty?: string }).additionalProperty), allowed);
    if (guess) typos.add(`${e.instancePath}\u0000${guess}`);
  }
  return errors.filter(
    (e) =>
      e.keyword !== 'required' ||
      !typos.has(`${e.instancePath}\u0000${(e.params as { missingProperty?: string }).missingProperty}`),
  );
}

function pointerToPath(pointer: string): PathSegmentList {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}
type PathSegmentList = (string | number)[];

export function describePath(path: JsonPath): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out === '' ? 'the document' : out;
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text && text.length > 60 ? `${text.slice(0, 57)}...` : (text ?? String(value));
}

function mapError(error: ErrorObject, path: PathSegmentList, file: SourceFile, dialing: Dialing | undefined) {
  const what = describePath(path);
  const params = error.params as Record<string, unknown>;
  const schema = (error.parentSchema ?? {}) as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const shownKey = key.length > 80 ? `${key.slice(0, 77)}...` : key;
      const allowed = Object.keys((schema.properties as Record<string, unknown>) ?? {});
      const guess = closest(key, allowed);
      const hint = guess
        ? ` (did you mean "${guess}"?)`
        : allowed.length
          ? `; allowed: ${allowed.join(', ')}`
          : '';
      const at = [...path, key];
      return { path: at, diagnostic: diag('PBX2001', { key: shownKey, hint }, file.locate(at, 'key')) };
    }
    case 'propertyNames':
      return { path, diagnostic: diag('PBX2005', { what, detail: 'has an invalid key' }, file.locate(path)) };
    case 'required': {
      const key = String(params.missingProperty);
      return { path, diagnostic: diag('PBX2002', { key }, file.locate(path)) };
    }
    case 'type': {
      let expected = String(params.type).replace(',', ' or ');
      expected = /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
      const at = file.locate(path);
      const source =
        at.offset !== undefined && at.endOffset !== undefined
          ? file.text.slice(at.offset, Math.min(at.endOffset, at.offset + 64)).trim()
          : undefined;
      expected += typeHint(String(params.type), error.data, source);
      return { path, diagnostic: diag('PBX2003', { what, expected }, at) };
    }
    case 'enum':
      return {
        path,
        diagnostic: diag(
          'PBX2004',
          { what: `${what} ${show(error.data)}`, allowed: (params.allowedValues as unknown[]).join(', ') },
          file.locate(path),
        ),
      };
    case 'const':
      return {
        path,
        diagnostic: diag('PBX2004', { what, allowed: String(params.allowedValue) }, file.locate(path)),
      };
    case 'pattern':
    case 'format': {
      const description = typeof schema.description === 'string' ? `: ${schema.description}` : '';
      const hint = patternHint(String(schema.pattern ?? ''), error.data, dialing);
      return {
        path,
        diagnostic: diag(
          'PBX2005',
          { what, detail: `${show(error.data)} is not valid${description}${hint}` },
          file.locate(path),
        ),
      };
    }
    case 'minProperties':
    case 'maxProperties': {
      if (isDestinationSchema(schema)) {
        const keys = Object.keys((error.data as object) ?? {});
        const found = keys.length ? ` (found ${keys.join(', ')})` : ' (found none)';
        return { path, diagnostic: diag('PBX2007', { found }, file.locate(path)) };
      }
      return { path, diagnostic: diag('PBX2006', { what, detail: error.message ?? '' }, file.locate(path)) };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'minItems':
    case 'maxItems':
    case 'minLength':
    case 'maxLength':
      return {
        path,
        diagnostic: diag(
          'PBX2006',
          { what, detail: `${error.message ?? ''} (is ${show(error.data)})` },
          file.locate(path),
        ),
      };
    case 'uniqueItems': {
      const j = Number(params.j);
      const at = [...path, j];
      return {
        path: at,
        diagnostic: diag(
          'PBX2006',
          { what, detail: `has ${show((error.data as unknown[])[j])} twice` },
          file.locate(at),
        ),
      };
    }
    case 'oneOf': {
      const branches = (schema.oneOf as Record<string, unknown>[] | undefined) ?? [];
      const keys = branches.map((b) =>
        Array.isArray(b.required) && b.required.length === 1 ? b.required[0] : undefined,
      );
      // A string that fits no form: say what the string form looks like (its description).
      const text = branches.find((b) => b.type === 'string' && typeof b.description === 'string');
      const detail = keys.every((k) => typeof k === 'string')
        ? `needs exactly one of ${keys.map((k) => `"${k}"`).join(' or ')}`
        : typeof error.data === 'string' && text
          ? `does not match any allowed form (as text: ${String(text.description).replace(/\.$/, '')})`
          : 'does not match any allowed form';
      return { path, diagnostic: diag('PBX2008', { what, detail }, file.locate(path)) };
    }
    default:
      return {
        path,
        diagnostic: diag('PBX2005', { what, detail: error.message ?? 'is invalid' }, file.locate(path)),
      };
  }
}

function isDestinationSchema(schema: Record<string, unknown>): boolean {
  const props = schema.properties as Record<string, unknown> | undefined;
  return !!props && 'ring_group' in props && 'sip_uri' in props;
}
