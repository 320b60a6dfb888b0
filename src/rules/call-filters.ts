import { each } from '../bind/symbols.js';
import { diag } from '../diag/diagnostic.js';
import { checkVoicemailBox } from './references.js';
import type { Rule } from './rule.js';
import { firstHere, firstText } from './scope.js';

/** Only blacklists have an action; action voicemail names an existing voicemail box. */
export const callFilterActions: Rule = {
  name: 'call-filter-actions',
  check(ctx) {
    for (const scope of ctx.bound.tenants) {
      for (const [f, i] of each(scope, 'call_filters')) {
        const at = (key: string) => scope.locate(['call_filters', i, key]);
        if (f.action !== undefined && f.type !== 'blacklist')
          ctx.report(diag('PBX3032', { name: f.name, action: f.action, tenant: scope.id }, at('action')));
        if (f.type !== 'blacklist' || f.action !== 'voicemail') continue;
        if (f.voicemail === undefined)
          ctx.report(diag('PBX3034', { name: f.name, tenant: scope.id }, at('action')));
        else
          checkVoicemailBox(
            ctx,
            scope,
            f.voicemail,
            ['call_filters', i, 'voicemail'],
            `call filter "${f.name}"`,
          );
      }
    }
  },
};

/** A second filter with the same pattern never decides anything. */
export const callFilterPatternsDistinct: Rule = {
  name: 'call-filter-patterns-distinct',
  check(ctx) {
    for (const scope of ctx.bound.tenants) {
      const seen = new Map<string, [string, number]>();
      for (const [f, i] of each(scope, 'call_filters')) {
        const earlier = seen.get(f.pattern);
        if (!earlier) {
          seen.set(f.pattern, [f.name, i]);
          continue;
        }
        const at = scope.locate(['call_filters', i, 'pattern']);
        const first = scope.locate(['call_filters', earlier[1], 'pattern']);
        ctx.report(
          diag(
            'PBX3033',
            { name: f.name, pattern: f.pattern, other: earlier[0], first: firstText(first, at) },
            at,
            firstHere(first, `call filter "${earlier[0]}"`),
          ),
        );
      }
    }
  },
};

export const CALL_FILTER_RULES: readonly Rule[] = [callFilterActions, callFilterPatternsDistinct];
