import { each } from '../bind/symbols.js';
import { diag } from '../diag/diagnostic.js';
import type { Rule } from './rule.js';
import { firstHere, firstText, isMissing } from './scope.js';

/** Every route bridges through a trunk of its tenant; its allow list names extensions. */
export const routeReferences: Rule = {
  name: 'route-references',
  check(ctx) {
    for (const scope of ctx.bound.tenants) {
      for (const [r, i] of each(scope, 'outbound_routes')) {
        if (isMissing(scope, 'trunks', r.trunk))
          ctx.report(
            diag(
              'PBX3050',
              { name: r.name, trunk: r.trunk, tenant: scope.id },
              scope.locate(['outbound_routes', i, 'trunk']),
            ),
          );
        (r.allow ?? []).forEach((ext, j) => {
          if (isMissing(scope, 'extensions', ext))
            ctx.report(
              diag(
                'PBX3084',
                { ext, route: r.name, tenant: scope.id },
                scope.locate(['outbound_routes', i, 'allow', j]),
              ),
            );
        });
      }
    }
  },
};

/** Routes match by longest prefix, so a prefix routed twice leaves one route dead. */
export const routePrefixesDistinct: Rule = {
  name: 'route-prefixes-distinct',
  check(ctx) {
    for (const scope of ctx.bound.tenants) {
      const seen = new Map<string, { route: string; at: ReturnType<typeof scope.locate> }>();
      for (const [r, i] of each(scope, 'outbound_routes')) {
        (r.prefixes ?? []).forEach((prefix, j) => {
          const at = scope.locate(['outbound_routes', i, 'prefixes', j]);
          const first = seen.get(prefix);
          if (!first) {
            seen.set(prefix, { route: r.name, at });
            return;
          }
          ctx.report(
            diag(
              'PBX3051',
              { prefix, name: r.name, other: first.route, tenant: scope.id, first: firstText(first.at, at) },
              at,
              firstHere(first.at, `route ${first.route} routes ${prefix}`),
            ),
          );
        });
      }
    }
  },
};

/** One route carries the emergency numbers; a tenant that routes calls out needs one. */
export const emergencyRoute: Rule = {
  name: 'emergency-route',
  check(ctx) {
    for (const scope of ctx.bound.tenants) {
      if (scope.broken.has('outbound_routes') || (scope.spec.outbound_routes ?? []).some((r) => r === null))
        continue;
      const routes = each(scope, 'outbound_routes');
      const emergency = routes.filter(([r]) => r.match === 'emergency');
      if (routes.length > 0 && emergency.length === 0)
        ctx.report(diag('PBX3052', { tenant: scope.id }, scope.locate(['outbound_routes'], 'key')));
      const first = emergency[0];
      for (const [r, i] of emergency.slice(1)) {
        const at = scope.locate(['outbound_routes', i, 'match']);
        const firstAt = scope.locate(['outbound_routes', first![1], 'match']);
        ctx.report(
          diag(
            'PBX3053',
            { name: r.name, other: first![0].name, tenant: scope.id, first: firstText(firstAt, at) },
            at,
            firstHere(firstAt, `emergency route ${first![0].name}`),
          ),
        );
      }
    }
  },
};

export const ROUTE_RULES: readonly Rule[] = [routeReferences, routePrefixesDistinct, emergencyRoute];
