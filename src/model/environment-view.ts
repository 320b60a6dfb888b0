import type { EnvironmentModel, Model, TenantModel, TrunkModel, TrunkOverride } from './types.js';

/**
 * What one environment runs: its tenants only (all, the test tenants, or a list), each with the
 * environment's domain, DID numbers and trunk overrides. Pure; the whole-spec model (what `build`
 * writes to the audit tree) is left as it is.
 */

/** Whether an environment serves a tenant (by id and test flag). */
export function serves(
  env: Pick<EnvironmentModel, 'tenants'>,
  tenant: { id: string; test: boolean },
): boolean {
  if (env.tenants === 'all') return true;
  if (env.tenants === 'test') return tenant.test;
  return env.tenants.includes(tenant.id);
}

/** The key of a trunk in an environment's `trunks` map. */
export function trunkKey(tenant: string, trunk: string): string {
  return `${tenant}/${trunk}`;
}

/**
 * A trunk as an environment runs it. A new host also moves a realm or From domain that followed
 * the old host (the spec left them out), and a new transport moves a default port with it.
 */
export function overrideTrunk(trunk: TrunkModel, o: TrunkOverride | undefined): TrunkModel {
  if (!o) return trunk;
  const defaultPort = (t: TrunkModel['transport']) => (t === 'tls' ? 5061 : 5060);
  const host = o.host ?? trunk.host;
  const transport = o.transport ?? trunk.transport;
  const { password: _old, ...rest } = trunk;
  const password = o.password ?? trunk.password;
  return {
    ...rest,
    host,
    transport,
    port: o.port ?? (trunk.port === defaultPort(trunk.transport) ? defaultPort(transport) : trunk.port),
    register: o.register ?? trunk.register,
    ...((o.username ?? trunk.username) ? { username: o.username ?? trunk.username } : {}),
    ...(password ? { password } : {}),
    realm: o.realm ?? (trunk.realm === trunk.host ? host : trunk.realm),
    fromDomain: o.fromDomain ?? (trunk.fromDomain === trunk.host ? host : trunk.fromDomain),
    inboundFrom: o.inboundFrom ?? trunk.inboundFrom,
  };
}

/** Every string value equal to a key of `map` replaced (a DID wherever the model carries it). */
function mapStrings<T>(value: T, map: ReadonlyMap<string, string>): T {
  if (typeof value === 'string') return (map.get(value) ?? value) as T;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, map)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[mapStrings(k, map)] = mapStrings(v, map);
    return out as T;
  }
  return value;
}

/** One tenant as the environment runs it. */
export function tenantInEnvironment(tenant: TenantModel, env: EnvironmentModel): TenantModel {
  const didMap = new Map(
    Object.entries(env.dids).filter(([from]) => tenant.dids.some((d) => d.number === from)),
  );
  const moved = didMap.size > 0 ? mapStrings(tenant, didMap) : tenant;
  return {
    ...moved,
    domain: env.domains[tenant.id] ?? tenant.domain,
    trunks: moved.trunks.map((t) => overrideTrunk(t, env.trunks[trunkKey(tenant.id, t.id)])),
  };
}

/** The model of one environment: what its bundle, DNS and stacks are made from. */
export function environmentModel(model: Model, env: EnvironmentModel): Model {
  return {
    ...model,
    tenants: model.tenants.filter((t) => serves(env, t)).map((t) => tenantInEnvironment(t, env)),
  };
}
