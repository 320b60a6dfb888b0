import { bare } from '../../yaml-style.js';
import type { TenantContext } from './context.js';

type Doc = Record<string, unknown>;

const list = (doc: Doc, key: string): unknown[] => (bare<unknown[] | undefined>(doc[key]) ?? []).slice();

/** The emergency number an internal number clashes with: equal, or one the start of the other. */
export function emergencyClash(number: string, emergency: readonly string[]): string | undefined {
  return emergency.find((e) => number.startsWith(e) || e.startsWith(number));
}

/**
 * Internal numbers that equal an emergency number, start with one or are the start of one: a phone
 * dialling digit by digit would reach the one instead of the other, so pbxc refuses them (PBX3110).
 * FusionPBX allowed them; the import drops them with a decision, and their phone lines and keys.
 * References to them (forwards, members, DID lines) are cleaned by dropDanglingReferences.
 */
export function dropEmergencyClashes(ctx: TenantContext, doc: Doc, emergency: readonly string[]): void {
  const dropped = new Set<string>();
  const kinds: [string, string, string][] = [
    ['extensions', 'number', 'extension'],
    ['ring_groups', 'number', 'ring group'],
    ['aliases', 'number', 'number'],
  ];
  for (const [key, field, what] of kinds) {
    const items = list(doc, key);
    const kept = items.filter((raw) => {
      const n = String(bare<Doc>(raw)[field] ?? '');
      const e = emergencyClash(n, emergency);
      if (!e) return true;
      if (key === 'extensions') dropped.add(n);
      ctx.report(
        'decision',
        `${what} ${n}`,
        `${n === e ? 'it is' : n.startsWith(e) ? 'it starts with' : 'it is the start of'} the emergency number ${e}: a phone dialling digit by digit would reach ${n === e ? 'it' : n.startsWith(e) ? 'emergency services before the last digits' : `it before ${e}`} (pbxc refuses this, PBX3110); it is not imported`,
        `give it another number and add it by hand`,
      );
      return false;
    });
    if (kept.length !== items.length) {
      if (kept.length > 0) doc[key] = kept;
      else delete doc[key];
    }
  }
  if (dropped.size === 0) return;
  for (const raw of list(doc, 'ring_groups')) {
    const g = bare<Doc>(raw);
    const members = (bare<string[] | undefined>(g.members) ?? []).filter((m) => !dropped.has(m));
    if (members.length > 0) g.members = members;
  }
  const groups = list(doc, 'ring_groups').filter((raw) => {
    const g = bare<Doc>(raw);
    if ((bare<string[] | undefined>(g.members) ?? []).some((m) => !dropped.has(m))) return true;
    ctx.report(
      'skipped',
      `ring group ${String(g.number)}`,
      'all its members were extensions that are not imported',
      'add the ring group by hand',
    );
    return false;
  });
  if (groups.length > 0) doc.ring_groups = groups;
  else delete doc.ring_groups;
  const devices = list(doc, 'devices').filter((raw) => {
    const d = bare<Doc>(raw);
    const lines = (bare<string[] | undefined>(d.lines) ?? []).filter((l) => !dropped.has(l));
    if (lines.length === 0) {
      ctx.report(
        'skipped',
        `device ${String(d.mac)}`,
        'all its lines were extensions that are not imported',
        'add the device by hand',
      );
      return false;
    }
    d.lines = lines;
    const keys = (bare<unknown[] | undefined>(d.keys) ?? []).filter(
      (k) => !dropped.has(String(bare<Doc>(k).extension ?? '')),
    );
    if (keys.length > 0) d.keys = keys;
    else delete d.keys;
    return true;
  });
  if (devices.length > 0) doc.devices = devices;
  else delete doc.devices;
}
