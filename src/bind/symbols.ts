import type { Location } from '../diag/diagnostic.js';
import type { JsonPath, SourceFile } from '../load/source-file.js';
import type { PlatformSpec, TenantSpec } from '../schema/types.gen.js';

/** A named thing declared in the spec, with where it was declared. */
export interface Sym<T> {
  readonly name: string;
  readonly value: T;
  readonly path: JsonPath;
  readonly origin: Location;
}

export type Table<T> = ReadonlyMap<string, Sym<T>>;

type Item<K extends keyof TenantSpec> = NonNullable<TenantSpec[K]> extends readonly (infer U)[] ? U : never;

export interface TenantScope {
  readonly file: SourceFile;
  /** The tenant's values with items that failed the schema left out. */
  readonly spec: TenantSpec;
  readonly id: string;
  readonly extensions: Table<Item<'extensions'>>;
  readonly ringGroups: Table<Item<'ring_groups'>>;
  readonly conferences: Table<Item<'conferences'>>;
  readonly queues: Table<Item<'queues'>>;
  readonly ivrMenus: Table<Item<'ivr_menus'>>;
  readonly schedules: Table<Item<'schedules'>>;
  readonly trunks: Table<Item<'trunks'>>;
  readonly dids: Table<Item<'dids'>>;
  readonly aliases: Table<Item<'aliases'>>;
  readonly routes: Table<Item<'outbound_routes'>>;
  /**
   * Names of items left out because their own values were invalid ("extension:1099"). A reference
   * to one is not reported again: the schema error already explains it.
   */
  readonly shadow: ReadonlySet<string>;
  /** Top-level keys whose value failed the schema: rules that need them are skipped. */
  readonly broken: ReadonlySet<string>;
  readonly locate: (path: JsonPath, part?: 'value' | 'key') => Location;
}

export interface PlatformScope {
  readonly file: SourceFile;
  readonly spec: PlatformSpec;
  readonly whitelists: Table<readonly string[]>;
  readonly broken: ReadonlySet<string>;
  readonly locate: (path: JsonPath, part?: 'value' | 'key') => Location;
}

export interface Bound {
  readonly platform?: PlatformScope;
  readonly tenants: readonly TenantScope[];
}

/** The items of a tenant list with their original index, skipping items that failed the schema. */
export function each<K extends keyof TenantSpec>(scope: TenantScope, key: K): [Item<K>, number][] {
  const list = scope.spec[key] as unknown;
  if (!Array.isArray(list)) return [];
  const out: [Item<K>, number][] = [];
  list.forEach((item, i) => {
    if (item !== null && item !== undefined) out.push([item as Item<K>, i]);
  });
  return out;
}
