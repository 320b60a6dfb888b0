import { each, type TenantScope } from '../bind/symbols.js';
import { diag, type Location } from '../diag/diagnostic.js';
import { fittingEntry, isServiceCode, type PlanEntry, parsePlanEntry, USES_FOR } from '../model/numbering.js';
import type { Rule } from './rule.js';
import { before, firstHere, firstText, tenantsWith } from './scope.js';

/** The tenant's plan with original indexes; undefined when an entry is missing or reversed. */
function usablePlan(scope: TenantScope): [PlanEntry, number][] | undefined {
  const list = scope.spec.number_plan as unknown[] | undefined;
  if (!Array.isArray(list) || list.some((e) => e === null)) return undefined;
  const plan = each(scope, 'number_plan').map(([e, i]) => [parsePlanEntry(e), i] as [PlanEntry, number]);
  return plan.some(([e]) => e.range && e.range.low > e.range.high) ? undefined : plan;
}

/** A range is "low-high" with low <= high. */
export const planRangesOrdered: Rule = {
  name: 'plan-ranges-ordered',
  check(ctx) {
    for (const scope of tenantsWith(ctx.bound, 'number_plan')) {
      for (const [e, i] of each(scope, 'number_plan')) {
        const entry = parsePlanEntry(e);
        if (entry.range && entry.range.low > entry.range.high)
          ctx.report(
            diag(
              'PBX3003',
              { range: entry.text, tenant: scope.id },
              scope.locate(['number_plan', i, 'range']),
            ),
          );
      }
    }
  },
};

/** Ranges of one use must not overlap: the plan would say two things about the same number. */
export const planRangesDisjoint: Rule = {
  name: 'plan-ranges-disjoint',
  check(ctx) {
    for (const scope of tenantsWith(ctx.bound, 'number_plan')) {
      const plan = usablePlan(scope) ?? [];
      plan.forEach(([a, i], k) => {
        for (const [b, j] of plan.slice(0, k)) {
          if (a.use !== b.use || !a.range || !b.range) continue;
          if (a.range.low > b.range.high || b.range.low > a.range.high) continue;
          const at = scope.locate(['number_plan', i, 'range']);
          const first = scope.locate(['number_plan', j, 'range']);
          ctx.report(
            diag(
              'PBX3088',
              { entry: a.text, other: b.text, use: a.use, tenant: scope.id, first: firstText(first, at) },
              at,
              firstHere(first, `range ${b.text} defined here`),
            ),
          );
          return;
        }
      });
    }
  },
};

/** Extensions, ring groups and plain aliases lie in a plan entry of a fitting use. */
export const numbersFitPlan: Rule = {
  name: 'numbers-fit-plan',
  check(ctx) {
    for (const scope of tenantsWith(ctx.bound, 'number_plan')) {
      const plan = usablePlan(scope)?.map(([e]) => e);
      if (!plan) continue;
      const inPlan = (kind: keyof typeof USES_FOR, label: string, number: string, at: Location) => {
        if (isServiceCode(number) || fittingEntry(plan, number, USES_FOR[kind])) return;
        const uses = USES_FOR[kind].join('/');
        ctx.report(diag('PBX3001', { kind: label, number, uses, tenant: scope.id }, at));
      };
      for (const sym of scope.extensions.values()) inPlan('extension', 'extension', sym.name, sym.origin);
      for (const sym of scope.ringGroups.values()) inPlan('ring_group', 'ring group', sym.name, sym.origin);
      for (const sym of scope.conferences.values())
        inPlan('conference', 'conference room', sym.name, sym.origin);
      for (const sym of scope.queues.values()) inPlan('queue', 'queue', sym.name, sym.origin);
      for (const sym of scope.aliases.values()) inPlan('alias', 'alias', sym.name, sym.origin);
    }
  },
};

/** Extensions, ring groups and aliases share one namespace per tenant (the binder checks each kind). */
export const oneNumberNamespace: Rule = {
  name: 'one-number-namespace',
  check(ctx) {
    for (const scope of ctx.bound.tenants) {
      const all = [
        ...[...scope.extensions.values()].map((s) => ({ label: 'extension', sym: s })),
        ...[...scope.ringGroups.values()].map((s) => ({ label: 'ring group', sym: s })),
        ...[...scope.conferences.values()].map((s) => ({ label: 'conference room', sym: s })),
        ...[...scope.queues.values()].map((s) => ({ label: 'queue', sym: s })),
        ...[...scope.aliases.values()].map((s) => ({ label: 'alias', sym: s })),
      ].sort((a, b) => (before(a.sym.origin, b.sym.origin) ? -1 : 1));
      const seen = new Map<string, (typeof all)[number]>();
      for (const item of all) {
        const first = seen.get(item.sym.name);
        if (!first) {
          seen.set(item.sym.name, item);
          continue;
        }
        const at = item.sym.origin;
        ctx.report(
          diag(
            'PBX3002',
            {
              kind: item.label,
              number: item.sym.name,
              tenant: scope.id,
              other: `${first.label} ${first.sym.name}`,
              first: firstText(first.sym.origin, at),
            },
            at,
            firstHere(first.sym.origin, `${first.label} ${first.sym.name} defined here`),
          ),
        );
      }
    }
  },
};

export const NUMBERING_RULES: readonly Rule[] = [
  planRangesOrdered,
  planRangesDisjoint,
  numbersFitPlan,
  oneNumberNamespace,
];
