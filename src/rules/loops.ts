import { each, type TenantScope } from '../bind/symbols.js';
import { diag, type Location } from '../diag/diagnostic.js';
import type { Destination } from '../schema/types.gen.js';
import type { Rule } from './rule.js';

/** A hop that happens without the caller doing anything: an unconditional forward or a fallback. */
interface Hop {
  readonly from: string;
  readonly to: string;
  readonly at: Location;
}

function nodeOf(dest: Destination | undefined): string | undefined {
  if (dest?.extension !== undefined) return `extension ${dest.extension}`;
  if (dest?.ring_group !== undefined) return `ring group ${dest.ring_group}`;
  if (dest?.ivr !== undefined) return `IVR ${dest.ivr}`;
  if (dest?.queue !== undefined) return `queue ${dest.queue}`;
  return undefined;
}

function hops(scope: TenantScope): Hop[] {
  const out: Hop[] = [];
  const add = (from: string, dest: Destination | undefined, path: (string | number)[]) => {
    const to = nodeOf(dest);
    // An extension forwarding to itself is PBX3089's finding; do not report it twice.
    if (to && to !== from) out.push({ from, to, at: scope.locate(path) });
  };
  for (const [e, i] of each(scope, 'extensions'))
    add(`extension ${e.number}`, e.forward?.always?.to, ['extensions', i, 'forward', 'always', 'to']);
  for (const [g, i] of each(scope, 'ring_groups'))
    add(`ring group ${g.number}`, g.on_no_answer, ['ring_groups', i, 'on_no_answer']);
  for (const [q, i] of each(scope, 'queues'))
    add(`queue ${q.number}`, q.on_timeout, ['queues', i, 'on_timeout']);
  for (const [m, i] of each(scope, 'ivr_menus'))
    add(`IVR ${m.id}`, m.on_timeout, ['ivr_menus', i, 'on_timeout']);
  return out;
}

/**
 * Unconditional forwards, ring group and IVR fallbacks that lead back to where they started keep a
 * caller going round until the call times out. Each cycle is reported once, at its first hop.
 */
export const noRoutingLoops: Rule = {
  name: 'no-routing-loops',
  check(ctx) {
    for (const scope of ctx.bound.tenants) {
      const all = hops(scope);
      const next = new Map(all.map((h) => [h.from, h]));
      const reported = new Set<string>();
      for (const start of all) {
        const path = [start];
        let hop = next.get(start.to);
        while (hop && hop !== start && !path.includes(hop)) {
          path.push(hop);
          hop = next.get(hop.to);
        }
        if (hop !== start || path.some((h) => reported.has(h.from))) continue;
        for (const h of path) reported.add(h.from);
        const cycle = [...path.map((h) => h.from), start.from].join(' → ');
        ctx.report(diag('PBX3014', { what: start.from, cycle, tenant: scope.id }, start.at));
      }
    }
  },
};

export const LOOP_RULES: readonly Rule[] = [noRoutingLoops];
