import { posix } from 'node:path';
import type { TenantScope } from '../bind/symbols.js';
import { diag, type Location } from '../diag/diagnostic.js';
import { isIanaZone } from '../model/schedule-time.js';
import type { Rule } from './rule.js';
import { firstHere, firstText } from './scope.js';
import { zoneSuggestion } from './zone-hint.js';

function uniqueAcrossFiles(
  tenants: readonly TenantScope[],
  key: 'tenant' | 'domain',
  report: (scope: TenantScope, value: string, at: Location, first: { tenant: string; at: Location }) => void,
): void {
  const seen = new Map<string, { tenant: string; at: Location }>();
  for (const scope of tenants) {
    const value = scope.spec[key];
    if (typeof value !== 'string') continue;
    const at = scope.locate([key]);
    const first = seen.get(value);
    if (first) report(scope, value, at, first);
    else seen.set(value, { tenant: scope.id, at });
  }
}

/** Tenant ids name contexts and folders; domains select the tenant. Both are unique. */
export const tenantIdsAndDomainsUnique: Rule = {
  name: 'tenant-ids-and-domains-unique',
  check(ctx) {
    uniqueAcrossFiles(ctx.bound.tenants, 'tenant', (_scope, tenant, at, first) =>
      ctx.report(
        diag(
          'PBX3070',
          { tenant, first: firstText(first.at, at) },
          at,
          firstHere(first.at, `tenant ${tenant} first declared here`),
        ),
      ),
    );
    uniqueAcrossFiles(ctx.bound.tenants, 'domain', (_scope, domain, at, first) =>
      ctx.report(
        diag(
          'PBX3071',
          { domain, other: first.tenant, first: firstText(first.at, at) },
          at,
          firstHere(first.at, `domain of tenant ${first.tenant}`),
        ),
      ),
    );
  },
};

/** Ids pbxc itself uses for shared FreeSWITCH contexts. */
const RESERVED_IDS: Readonly<Record<string, string>> = {
  public: 'it names the FreeSWITCH context of calls arriving from trunks',
};

export const tenantIdNotReserved: Rule = {
  name: 'tenant-id-not-reserved',
  check(ctx) {
    for (const scope of ctx.bound.tenants) {
      const id = scope.spec.tenant;
      if (typeof id === 'string' && Object.hasOwn(RESERVED_IDS, id))
        ctx.report(diag('PBX3074', { tenant: id, reason: RESERVED_IDS[id]! }, scope.locate(['tenant'])));
    }
  },
};

/** Reviewers find a tenant by its file name. */
export const tenantFileName: Rule = {
  name: 'tenant-file-name',
  check(ctx) {
    for (const scope of ctx.bound.tenants) {
      const file = posix.basename(scope.file.path);
      const id = scope.spec.tenant;
      if (typeof id === 'string' && file !== `${id}.yaml` && file !== `${id}.yml`)
        ctx.report(diag('PBX3073', { file, tenant: scope.spec.tenant }, scope.locate(['tenant'])));
    }
  },
};

/** Schedules run in the tenant's zone, which must exist in the tz database. */
export const tenantTimezone: Rule = {
  name: 'tenant-timezone',
  check(ctx) {
    for (const scope of ctx.bound.tenants) {
      const zone = scope.spec.timezone;
      if (typeof zone === 'string' && !isIanaZone(zone)) {
        const code = scope.spec.dialing?.country_code;
        const guess = zoneSuggestion(
          zone,
          typeof code === 'string' ? code : undefined,
          Intl.supportedValuesOf('timeZone'),
        );
        const hint = guess ? ` (did you mean "${guess}"?)` : '';
        ctx.report(diag('PBX3031', { zone, tenant: scope.id, hint }, scope.locate(['timezone'])));
      }
    }
  },
};

export const TENANT_RULES: readonly Rule[] = [
  tenantIdsAndDomainsUnique,
  tenantIdNotReserved,
  tenantFileName,
  tenantTimezone,
];
