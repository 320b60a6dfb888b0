import { each, type TenantScope } from '../bind/symbols.js';
import { diag } from '../diag/diagnostic.js';
import type { Line } from '../schema/types.gen.js';
import { checkRef } from './refs.js';
import type { Rule, RuleContext } from './rule.js';
import { firstHere, firstText, isMissing, tenantsWith } from './scope.js';

function checkLine(ctx: RuleContext, scope: TenantScope, line: Line, i: number): void {
  checkRef(
    ctx,
    scope,
    'extensions',
    line.extension,
    ['lines', i, 'extension'],
    `line ${line.did}: extension`,
  );
  const trunkOk = checkRef(
    ctx,
    scope,
    'trunks',
    line.trunk,
    ['lines', i, 'trunk'],
    `line ${line.did}: trunk`,
  );
  const did = scope.dids.get(line.did)?.value;
  if (!did) {
    if (isMissing(scope, 'dids', line.did))
      ctx.report(diag('PBX3022', { did: line.did, tenant: scope.id }, scope.locate(['lines', i, 'did'])));
    return;
  }
  if (did.to && did.to.extension !== line.extension) {
    const to = Object.entries(did.to).map(([k, v]) => `${k.replace('_', ' ')} ${v}`)[0] ?? '';
    ctx.report(
      diag(
        'PBX3023',
        { extension: line.extension, did: line.did, to, tenant: scope.id },
        scope.locate(['lines', i, 'did']),
      ),
    );
  }
  if (trunkOk && line.trunk !== did.trunk && !isMissing(scope, 'trunks', did.trunk)) {
    ctx.report(
      diag(
        'PBX3025',
        { trunk: line.trunk, didTrunk: did.trunk, did: line.did },
        scope.locate(['lines', i, 'trunk']),
      ),
    );
  }
}

/** A line names an extension, a DID of the tenant that routes to that extension, and the DID's trunk. */
export const linesResolve: Rule = {
  name: 'lines-resolve',
  check(ctx) {
    for (const scope of tenantsWith(ctx.bound, 'dids')) {
      for (const [line, i] of each(scope, 'lines')) checkLine(ctx, scope, line, i);
    }
  },
};

/** A DID without "to" rings the extension whose line it is, so exactly one extension must claim it. */
export const didWithoutToHasOneLine: Rule = {
  name: 'did-without-to-has-one-line',
  check(ctx) {
    for (const scope of tenantsWith(ctx.bound, 'lines')) {
      const lines = each(scope, 'lines');
      if ((scope.spec.lines ?? []).some((l) => l === null)) continue;
      for (const [d, i] of each(scope, 'dids')) {
        if (d.to) continue;
        // Lines naming a missing extension already have their own error; they still claim the DID.
        const claims = lines.filter(([l]) => l.did === d.number);
        const own = claims.filter(([l]) => !isMissing(scope, 'extensions', l.extension));
        const owners = [...new Set(own.map(([l]) => l.extension))];
        if (claims.length === 0) {
          const count = 'no extension';
          ctx.report(
            diag(
              'PBX3024',
              { number: d.number ?? '', count, tenant: scope.id },
              scope.locate(['dids', i, 'number']),
            ),
          );
          continue;
        }
        if (owners.length <= 1) continue;
        const firstLine = own[0]!;
        const extra = own.find(([l]) => l.extension !== firstLine[0].extension)!;
        const at = scope.locate(['lines', extra[1], 'extension']);
        const first = scope.locate(['lines', firstLine[1], 'extension']);
        const count = `${owners.length} extensions (${owners.join(', ')})`;
        ctx.report(
          diag(
            'PBX3024',
            { number: d.number ?? '', count, tenant: scope.id, first: firstText(first, at) },
            at,
            firstHere(first, `line of extension ${firstLine[0].extension}`),
          ),
        );
      }
    }
  },
};

/** Priorities pick the outbound caller ID per trunk, so one extension's priorities differ per trunk. */
export const linePrioritiesDistinct: Rule = {
  name: 'line-priorities-distinct',
  check(ctx) {
    for (const scope of ctx.bound.tenants) {
      const seen = new Map<string, number>();
      for (const [l, i] of each(scope, 'lines')) {
        const priority = l.priority ?? 1;
        const key = `${l.extension}\u0000${l.trunk}\u0000${priority}`;
        const earlier = seen.get(key);
        if (earlier === undefined) {
          seen.set(key, i);
          continue;
        }
        const at = scope.locate(['lines', i, l.priority === undefined ? 'did' : 'priority']);
        const first = scope.locate(['lines', earlier]);
        ctx.report(
          diag(
            'PBX3026',
            { extension: l.extension, trunk: l.trunk, priority, first: firstText(first, at) },
            at,
            firstHere(first, 'the other line'),
          ),
        );
      }
    }
  },
};

export const LINE_RULES: readonly Rule[] = [linesResolve, didWithoutToHasOneLine, linePrioritiesDistinct];
