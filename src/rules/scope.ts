import type { Bound, Table, TenantScope } from '../bind/symbols.js';
import type { Location, Related } from '../diag/diagnostic.js';
import type { TenantSpec } from '../schema/types.gen.js';

/** The tenant lists a reference can point into, with the key that names their items. */
export const REF_KINDS = {
  extensions: { id: 'number', table: 'extensions', article: 'an extension' },
  ring_groups: { id: 'number', table: 'ringGroups', article: 'a ring group' },
  conferences: { id: 'number', table: 'conferences', article: 'a conference room' },
  queues: { id: 'number', table: 'queues', article: 'a queue' },
  ivr_menus: { id: 'id', table: 'ivrMenus', article: 'an IVR menu' },
  schedules: { id: 'id', table: 'schedules', article: 'a schedule' },
  trunks: { id: 'id', table: 'trunks', article: 'a trunk' },
  dids: { id: 'number', table: 'dids', article: 'a DID' },
} as const satisfies Record<string, { id: string; table: keyof TenantScope; article: string }>;

export type RefKind = keyof typeof REF_KINDS;

/** Tenants where none of `keys` failed the schema as a whole, so rules reading them see all of it. */
export function tenantsWith(bound: Bound, ...keys: (keyof TenantSpec)[]): TenantScope[] {
  return bound.tenants.filter((t) => !keys.some((k) => t.broken.has(k)));
}

const droppedCache = new WeakMap<TenantScope, Set<string>>();

/**
 * Names of items the schema dropped. The binder's `shadow` only records string names; an unquoted
 * number (`number: 1099`) is dropped too, so its name is read from the raw document as well.
 */
function droppedNames(scope: TenantScope): Set<string> {
  let names = droppedCache.get(scope);
  if (names) return names;
  names = new Set(scope.shadow);
  const raw = scope.file.value() as Record<string, unknown> | undefined;
  for (const [key, kind] of Object.entries(REF_KINDS)) {
    const list = scope.spec[key as RefKind] as unknown;
    const rawList = raw?.[key];
    if (!Array.isArray(list) || !Array.isArray(rawList)) continue;
    list.forEach((item, i) => {
      const original = rawList[i] as Record<string, unknown> | null | undefined;
      if (item === null && original && typeof original === 'object' && kind.id in original)
        names.add(`${key}:${String(original[kind.id])}`);
    });
  }
  droppedCache.set(scope, names);
  return names;
}

export function table(scope: TenantScope, kind: RefKind): Table<unknown> {
  return scope[REF_KINDS[kind].table] as Table<unknown>;
}

/**
 * True only when `name` is certainly not declared: a list that failed the schema as a whole, or an
 * item that was dropped for its own error, already has a diagnostic that explains the reference.
 */
export function isMissing(scope: TenantScope, kind: RefKind, name: string): boolean {
  if (scope.broken.has(kind)) return false;
  if (table(scope, kind).has(name)) return false;
  return !droppedNames(scope).has(`${kind}:${name}`);
}

/** "line:col" in the same file, "file:line:col" elsewhere: how a message points at a first definition. */
export function firstText(first: Location, here: Location): string {
  return first.file === here.file ? `${first.line}:${first.col}` : `${first.file}:${first.line}:${first.col}`;
}

export function firstHere(first: Location, message: string): Related[] {
  return [{ location: first, message }];
}

/** Compares locations by file and offset: which of two definitions came first. */
export function before(a: Location, b: Location): boolean {
  if (a.file !== b.file) return a.file < b.file;
  return (a.offset ?? 0) < (b.offset ?? 0);
}
