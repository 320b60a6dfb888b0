import type { Sym } from '../bind/symbols.js';
import { each } from '../bind/symbols.js';
import { diag } from '../diag/diagnostic.js';
import { checkRef } from './refs.js';
import type { Rule } from './rule.js';
import { firstHere, firstText } from './scope.js';

/**
 * A DID routes to one place across the whole platform (the binder checks within a tenant). A
 * clash between two tenants is reported in both files: CI cannot know which file the pull request
 * changed, and an annotation only on the untouched first definition is invisible in the PR diff.
 */
export const didsUniqueAcrossTenants: Rule = {
  name: 'dids-unique-across-tenants',
  check(ctx) {
    const seen = new Map<string, { tenant: string; sym: Sym<unknown> }>();
    for (const scope of ctx.bound.tenants) {
      for (const sym of scope.dids.values()) {
        const first = seen.get(sym.name);
        if (!first) {
          seen.set(sym.name, { tenant: scope.id, sym });
          continue;
        }
        ctx.report(
          diag(
            'PBX3020',
            {
              number: sym.name,
              where: ` by tenant ${first.tenant}`,
              first: firstText(first.sym.origin, sym.origin),
            },
            sym.origin,
            firstHere(first.sym.origin, `DID ${sym.name} first defined here`),
          ),
        );
        ctx.report(
          diag(
            'PBX3020',
            {
              number: sym.name,
              where: ` by tenant ${scope.id}`,
              first: firstText(sym.origin, first.sym.origin),
            },
            first.sym.origin,
            firstHere(sym.origin, `DID ${sym.name} also defined here`),
          ),
        );
      }
    }
  },
};

/** A DID arrives on a trunk of its tenant and names an existing schedule, with a closed destination. */
export const didTrunkAndSchedule: Rule = {
  name: 'did-trunk-and-schedule',
  check(ctx) {
    for (const scope of ctx.bound.tenants) {
      for (const [d, i] of each(scope, 'dids')) {
        checkRef(ctx, scope, 'trunks', d.trunk, ['dids', i, 'trunk'], `DID ${d.number}: trunk`);
        if (d.schedule === undefined) continue;
        checkRef(ctx, scope, 'schedules', d.schedule, ['dids', i, 'schedule'], `DID ${d.number}: schedule`);
        if (d.closed === undefined)
          ctx.report(
            diag(
              'PBX3021',
              { number: d.number ?? '', tenant: scope.id },
              scope.locate(['dids', i, 'schedule']),
            ),
          );
      }
    }
  },
};

export const DID_RULES: readonly Rule[] = [didsUniqueAcrossTenants, didTrunkAndSchedule];
