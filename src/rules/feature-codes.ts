import type { Bound, TenantScope } from '../bind/symbols.js';
import type { Location } from '../diag/diagnostic.js';
import { DEFAULT_FEATURE_CODES } from '../model/defaults.js';
import type { FeatureCodes } from '../model/types.js';

export type CodeName = keyof FeatureCodes;

/** One effective feature code and where it was set (no location: a built-in default). */
export interface EffectiveCode {
  readonly name: CodeName;
  readonly value: string;
  readonly from: 'default' | 'platform' | 'tenant';
  readonly at?: Location;
}

/**
 * The platform's codes over the built-in defaults, and a tenant's over those when `scope` is given.
 * Undefined when a feature_codes block it depends on failed the schema.
 */
export function effectiveCodes(bound: Bound, scope?: TenantScope): EffectiveCode[] | undefined {
  const platform = bound.platform;
  if (!platform || platform.broken.has('feature_codes')) return undefined;
  if (scope?.broken.has('feature_codes')) return undefined;
  const platformCodes = (platform.spec.feature_codes ?? {}) as Partial<FeatureCodes>;
  const tenantCodes = (scope?.spec.feature_codes ?? {}) as Partial<FeatureCodes>;
  return (Object.keys(DEFAULT_FEATURE_CODES) as CodeName[]).map((name) => {
    const own = tenantCodes[name];
    if (scope && own !== undefined)
      return { name, value: own, from: 'tenant', at: scope.locate(['feature_codes', name]) };
    const shared = platformCodes[name];
    if (shared !== undefined)
      return { name, value: shared, from: 'platform', at: platform.locate(['feature_codes', name]) };
    return { name, value: DEFAULT_FEATURE_CODES[name], from: 'default' };
  });
}
