import { each } from '../bind/symbols.js';
import { diag } from '../diag/diagnostic.js';
import type { Rule } from './rule.js';

/**
 * Trunk calls are recognised only by their source addresses (inbound_from becomes the external
 * profile's ACL), whether or not the trunk registers: without inbound_from the PBX would refuse
 * every call it sends.
 */
export const trunkAccess: Rule = {
  name: 'trunk-access',
  check(ctx) {
    for (const scope of ctx.bound.tenants) {
      for (const [t, i] of each(scope, 'trunks')) {
        const at = (key: string) => scope.locate(['trunks', i, key]);
        if (t.register && (t.username === undefined || t.password === undefined))
          ctx.report(diag('PBX3086', { trunk: t.id, tenant: scope.id }, at('register')));
        if (!t.register && (t.inbound_from ?? []).length === 0)
          ctx.report(diag('PBX3087', { trunk: t.id, tenant: scope.id }, at('register')));
        // Measured on FreeSWITCH 1.11: the provider's INVITE to the registered contact meets the
        // external profile's ACL like any other and gets 403 (see test/live/fixture.test.ts).
        if (t.register && (t.inbound_from ?? []).length === 0)
          ctx.report(diag('PBX3102', { trunk: t.id, tenant: scope.id }, at('register')));
      }
    }
  },
};

export const TRUNK_RULES: readonly Rule[] = [trunkAccess];
