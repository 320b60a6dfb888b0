import { each } from '../bind/symbols.js';
import { diag } from '../diag/diagnostic.js';
import { otherKindHint } from './refs.js';
import type { Rule } from './rule.js';
import { firstHere, firstText, isMissing, tenantsWith } from './scope.js';

/** Members are extensions of the same tenant, each listed once. */
export const ringGroupMembers: Rule = {
  name: 'ring-group-members',
  check(ctx) {
    for (const scope of tenantsWith(ctx.bound, 'ring_groups')) {
      for (const [g, i] of each(scope, 'ring_groups')) {
        const seen = new Map<string, number>();
        g.members.forEach((member, j) => {
          const at = scope.locate(['ring_groups', i, 'members', j]);
          const earlier = seen.get(member);
          if (earlier !== undefined) {
            const first = scope.locate(['ring_groups', i, 'members', earlier]);
            ctx.report(
              diag(
                'PBX3013',
                { group: g.number, member, tenant: scope.id, first: firstText(first, at) },
                at,
                firstHere(first, `member ${member} first listed here`),
              ),
            );
            return;
          }
          seen.set(member, j);
          if (isMissing(scope, 'extensions', member))
            ctx.report(
              diag(
                'PBX3012',
                {
                  group: g.number,
                  member,
                  tenant: scope.id,
                  hint: otherKindHint(scope, 'extensions', member),
                },
                at,
              ),
            );
        });
      }
    }
  },
};

export const RING_GROUP_RULES: readonly Rule[] = [ringGroupMembers];
