import { each } from '../bind/symbols.js';
import { diag } from '../diag/diagnostic.js';
import { invalidReason, typeRegex } from '../model/phone-numbers.js';
import type { Rule } from './rule.js';
import { tenantsWith } from './scope.js';

/**
 * DIDs and trunk caller IDs are numbers of a real country: a warning (with libphonenumber's reason)
 * when one is not valid there, e.g. a digit too many. One warning per position, so a DID range is
 * reported once, at its first invalid number.
 */
export const numbersValidForCountry: Rule = {
  name: 'numbers-valid-for-country',
  check(ctx) {
    for (const scope of ctx.bound.tenants) {
      const seen = new Set<string>();
      const check = (what: string, number: string, at: ReturnType<typeof scope.locate>) => {
        const key = `${at.line}:${at.col}`;
        if (seen.has(key)) return;
        const reason = invalidReason(number);
        if (!reason) return;
        seen.add(key);
        ctx.report(diag('PBX3120', { what, number, tenant: scope.id, reason }, at));
      };
      for (const sym of scope.dids.values()) check('DID', sym.name, sym.origin);
      for (const [trunk, i] of each(scope, 'trunks'))
        if (trunk.caller_id)
          check(`caller ID of trunk ${trunk.id}`, trunk.caller_id, scope.locate(['trunks', i, 'caller_id']));
    }
  },
};

/** A number-type route names types its country has numbers of. */
export const routeTypesExist: Rule = {
  name: 'route-types-exist',
  check(ctx) {
    for (const scope of tenantsWith(ctx.bound, 'dialing')) {
      const cc = scope.spec.dialing?.country_code;
      if (typeof cc !== 'string') continue;
      for (const [r, i] of each(scope, 'outbound_routes'))
        (r.types ?? []).forEach((type, j) => {
          if (typeRegex(cc, type) === undefined)
            ctx.report(
              diag(
                'PBX3121',
                { name: r.name, tenant: scope.id, cc, type },
                scope.locate(['outbound_routes', i, 'types', j]),
              ),
            );
        });
    }
  },
};

export const PHONE_NUMBER_RULES: readonly Rule[] = [numbersValidForCountry, routeTypesExist];
