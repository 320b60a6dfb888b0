import { each, type TenantScope } from '../bind/symbols.js';
import { diag, type Location } from '../diag/diagnostic.js';
import { AUTO_ANSWER_VENDORS } from '../model/auto-answer.js';
import { VENDORS } from '../model/vendors.js';
import { checkRef, otherKindHint } from './refs.js';
import type { Rule } from './rule.js';
import { firstHere, firstText, isMissing, tenantsWith } from './scope.js';

/** Paging groups, intercom/paging/day-night keys and day/night override codes (PBX3630-PBX3659). */

/** Members are extensions of the tenant, each once; members whose every phone ignores auto-answer are named. */
export const pagingGroupMembers: Rule = {
  name: 'paging-group-members',
  check(ctx) {
    for (const scope of tenantsWith(ctx.bound, 'paging_groups')) {
      const phones = phonesByExtension(scope);
      for (const [g, i] of each(scope, 'paging_groups')) {
        const seen = new Map<string, number>();
        g.members.forEach((member, j) => {
          const at = scope.locate(['paging_groups', i, 'members', j]);
          const earlier = seen.get(member);
          if (earlier !== undefined) {
            const first = scope.locate(['paging_groups', i, 'members', earlier]);
            ctx.report(
              diag(
                'PBX3631',
                { group: g.number, member, first: firstText(first, at) },
                at,
                firstHere(first, `member ${member} first listed here`),
              ),
            );
            return;
          }
          seen.set(member, j);
          if (isMissing(scope, 'extensions', member)) {
            ctx.report(
              diag(
                'PBX3630',
                {
                  group: g.number,
                  member,
                  tenant: scope.id,
                  hint: otherKindHint(scope, 'extensions', member),
                },
                at,
              ),
            );
            return;
          }
          const vendors = phones.get(member);
          if (vendors && vendors.size > 0 && [...vendors].every((v) => !AUTO_ANSWER_VENDORS.has(v)))
            ctx.report(
              diag(
                'PBX3632',
                {
                  group: g.number,
                  member,
                  vendors: [...vendors].map((v) => VENDORS[v as keyof typeof VENDORS]?.label ?? v).join(', '),
                },
                at,
              ),
            );
        });
      }
    }
  },
};

/** Vendors of the provisioned phones that carry each extension as a line. */
function phonesByExtension(scope: TenantScope): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  if (scope.broken.has('devices')) return out;
  for (const [d] of each(scope, 'devices'))
    for (const line of d.lines ?? []) {
      const set = out.get(line) ?? new Set<string>();
      set.add(d.vendor);
      out.set(line, set);
    }
  return out;
}

/** paging, intercom and day_night keys name a paging group, an extension, a schedule with a code. */
export const pagingKeys: Rule = {
  name: 'paging-keys',
  check(ctx) {
    for (const scope of tenantsWith(ctx.bound, 'devices')) {
      for (const [d, i] of each(scope, 'devices')) {
        (d.keys ?? []).forEach((k, j) => {
          if (!k) return;
          const path = ['devices', i, 'keys', j];
          if (k.type === 'paging' && !scope.broken.has('paging_groups'))
            checkRef(ctx, scope, 'paging_groups', k.group, [...path, 'group'], `key ${j + 1}: paging group`);
          if (k.type === 'intercom' && !scope.broken.has('extensions'))
            checkRef(
              ctx,
              scope,
              'extensions',
              k.extension,
              [...path, 'extension'],
              `key ${j + 1}: extension`,
            );
          if (k.type === 'day_night' && !scope.broken.has('schedules')) {
            if (
              !checkRef(ctx, scope, 'schedules', k.schedule, [...path, 'schedule'], `key ${j + 1}: schedule`)
            )
              return;
            const found = each(scope, 'schedules').find(([s]) => s.id === k.schedule);
            if (found && found[0].override_code === undefined)
              ctx.report(
                diag(
                  'PBX3633',
                  { key: j + 1, schedule: k.schedule },
                  scope.locate([...path, 'schedule']),
                  firstHere(
                    scope.locate(['schedules', found[1], 'id']),
                    `schedule ${k.schedule} defined here`,
                  ),
                ),
              );
          }
        });
      }
    }
  },
};

/** A schedule's override code with the numbers it takes (for the service-code collision check). */
export function overrideClaims(scope: TenantScope): { label: string; value: string; at: Location }[] {
  if (scope.broken.has('schedules')) return [];
  return each(scope, 'schedules').flatMap(([s, i]) =>
    s.override_code === undefined
      ? []
      : [
          {
            label: `day/night code of schedule ${s.id}`,
            value: s.override_code,
            at: scope.locate(['schedules', i, 'override_code']),
          },
        ],
  );
}

export const PAGING_RULES: readonly Rule[] = [pagingGroupMembers, pagingKeys];
