import { type Diagnostic, diag, type Location } from '../diag/diagnostic.js';
import type { JsonPath, SourceFile } from '../load/source-file.js';
import type { PlatformSpec, TenantSpec } from '../schema/types.gen.js';
import { type Bound, each, type PlatformScope, type Sym, type TenantScope } from './symbols.js';

export interface FileInput {
  readonly file: SourceFile;
  readonly value: Record<string, unknown>;
  readonly dropped: readonly { key: string; item: unknown }[];
  readonly broken: ReadonlySet<string>;
}

const KINDS = {
  extensions: { key: 'number', label: 'extension' },
  ring_groups: { key: 'number', label: 'ring group' },
  conferences: { key: 'number', label: 'conference room' },
  queues: { key: 'number', label: 'queue' },
  ivr_menus: { key: 'id', label: 'IVR menu' },
  schedules: { key: 'id', label: 'schedule' },
  trunks: { key: 'id', label: 'trunk' },
  dids: { key: 'number', label: 'DID' },
  aliases: { key: 'number', label: 'alias' },
  outbound_routes: { key: 'name', label: 'outbound route' },
} as const;

type Listed = keyof typeof KINDS;

/**
 * Builds the symbol tables every rule reads: one table per kind and tenant, first definition wins.
 * Duplicate ids are reported here, pointing at the first definition too.
 */
export function bind(
  platform: FileInput | undefined,
  tenants: readonly FileInput[],
): { bound: Bound; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const locator = (file: SourceFile) => (path: JsonPath, part?: 'value' | 'key') => file.locate(path, part);

  let platformScope: PlatformScope | undefined;
  if (platform) {
    const spec = platform.value as unknown as PlatformSpec;
    const whitelists = new Map<string, Sym<readonly string[]>>();
    for (const [name, entries] of Object.entries(spec.firewall?.whitelists ?? {})) {
      const path = ['firewall', 'whitelists', name];
      whitelists.set(name, { name, value: entries, path, origin: platform.file.locate(path, 'key') });
    }
    platformScope = {
      file: platform.file,
      spec,
      whitelists,
      broken: platform.broken,
      locate: locator(platform.file),
    };
  }

  const scopes: TenantScope[] = tenants.map((input) => {
    const spec = input.value as unknown as TenantSpec;
    const shadow = new Set<string>();
    for (const { key, item } of input.dropped) {
      const kind = KINDS[key as Listed];
      const name =
        kind && item && typeof item === 'object' ? (item as Record<string, unknown>)[kind.key] : undefined;
      // An unquoted number (1099) failed the schema as a number; references to it still mean it.
      if (typeof name === 'string' || typeof name === 'number') shadow.add(`${key}:${String(name)}`);
    }
    const base = {
      file: input.file,
      spec,
      id: typeof spec.tenant === 'string' ? spec.tenant : '(unknown)',
      shadow,
      broken: input.broken,
      locate: locator(input.file),
    };
    const tables = {} as Record<Listed, Map<string, Sym<unknown>>>;
    for (const [key, kind] of Object.entries(KINDS) as [Listed, (typeof KINDS)[Listed]][]) {
      const table = new Map<string, Sym<unknown>>();
      for (const [item, i] of each(base as unknown as TenantScope, key)) {
        const name = String((item as unknown as Record<string, unknown>)[kind.key]);
        const path = [key, i, kind.key];
        const origin = input.file.locate(path);
        const first = table.get(name);
        if (first) {
          diagnostics.push(duplicate(key, kind.label, name, base.id, origin, first.origin));
          continue;
        }
        table.set(name, { name, value: item, path: [key, i], origin });
      }
      tables[key] = table;
    }
    return {
      ...base,
      extensions: tables.extensions,
      ringGroups: tables.ring_groups,
      conferences: tables.conferences,
      queues: tables.queues,
      ivrMenus: tables.ivr_menus,
      schedules: tables.schedules,
      trunks: tables.trunks,
      dids: tables.dids,
      aliases: tables.aliases,
      routes: tables.outbound_routes,
    } as TenantScope;
  });
  return { bound: { ...(platformScope ? { platform: platformScope } : {}), tenants: scopes }, diagnostics };
}

function duplicate(
  key: Listed,
  label: string,
  name: string,
  tenant: string,
  at: Location,
  first: Location,
): Diagnostic {
  const firstText = `${first.line}:${first.col}`;
  const related = [{ location: first, message: `${label} ${name} first defined here` }];
  if (key === 'dids')
    return diag('PBX3020', { number: name, where: ` in tenant ${tenant}`, first: firstText }, at, related);
  if (KINDS[key].key === 'number') {
    return diag(
      'PBX3002',
      { kind: label, number: name, tenant, other: `${label} ${name}`, first: firstText },
      at,
      related,
    );
  }
  return diag('PBX3072', { kind: label, id: name, tenant, first: firstText }, at, related);
}
