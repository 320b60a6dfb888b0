import type { PlatformScope, TenantScope } from '../bind/symbols.js';
import { diag, type Location } from '../diag/diagnostic.js';
import { closest } from '../util/text.js';
import type { Rule, RuleContext } from './rule.js';
import { firstHere } from './scope.js';

/**
 * Environments that differ: each serves its own tenants (all, test, or a list), with its own
 * domains, DIDs and trunk settings. What one environment changes must exist there; and two running
 * environments must never fight over a carrier registration or a domain's DNS.
 */

type EnvSpec = NonNullable<NonNullable<PlatformScope['spec']['environments']>[string]>;
type TrunkSpec = NonNullable<TenantScope['spec']['trunks']>[number];

export interface Env {
  readonly name: string;
  readonly spec: EnvSpec;
  readonly served: readonly TenantScope[];
  readonly at: Location;
}

function servedBy(spec: EnvSpec, tenants: readonly TenantScope[]): TenantScope[] {
  const sel = spec.tenants as unknown;
  if (Array.isArray(sel)) return tenants.filter((t) => sel.includes(t.id));
  if (sel === 'test') return tenants.filter((t) => t.spec.test === true);
  return [...tenants];
}

export function environments(platform: PlatformScope, tenants: readonly TenantScope[]): Env[] {
  return Object.entries(platform.spec.environments ?? {}).flatMap(([name, spec]) =>
    spec && typeof spec === 'object'
      ? [{ name, spec, served: servedBy(spec, tenants), at: platform.locate(['environments', name], 'key') }]
      : [],
  );
}

/** Environments that run nodes: only those register trunks and answer DNS. */
export function running(env: Env): boolean {
  return typeof env.spec.nodes !== 'number' || env.spec.nodes > 0;
}

function hint(word: string, candidates: readonly string[]): string {
  const guess = closest(word, candidates);
  return guess ? ` (did you mean "${guess}"?)` : '';
}

/** The ids of `tenants:`, the keys of `domains`, `dids` and `trunks` name what the environment serves. */
function checkReferences(
  ctx: RuleContext,
  platform: PlatformScope,
  env: Env,
  all: readonly TenantScope[],
): void {
  const ids = all.map((t) => t.id);
  const sel = env.spec.tenants as unknown;
  if (Array.isArray(sel))
    sel.forEach((id, i) => {
      if (typeof id === 'string' && !ids.includes(id))
        ctx.report(
          diag(
            'PBX3500',
            { env: env.name, tenant: id, hint: hint(id, ids) },
            platform.locate(['environments', env.name, 'tenants', i]),
          ),
        );
    });
  const served = env.served.map((t) => t.id);
  const bad = (what: string, kind: string, key: string, section: string, candidates: readonly string[]) =>
    ctx.report(
      diag(
        'PBX3501',
        { env: env.name, what, key, kind, hint: hint(key, candidates) },
        platform.locate(['environments', env.name, section, key], 'key'),
      ),
    );
  for (const key of Object.keys(env.spec.domains ?? {}))
    if (!served.includes(key)) bad('domains', 'a tenant', key, 'domains', served);
  const trunks = env.served.flatMap((t) => [...t.trunks.keys()].map((id) => `${t.id}/${id}`));
  for (const key of Object.keys(env.spec.trunks ?? {}))
    if (!trunks.includes(key)) bad('trunks', 'a trunk of a tenant', key, 'trunks', trunks);
  const dids = env.served.flatMap((t) => [...t.dids.keys()]);
  for (const key of Object.keys(env.spec.dids ?? {}))
    if (!dids.includes(key)) bad('dids', 'a DID of a tenant', key, 'dids', dids);
  // A mapped number must not be one the environment already routes.
  const taken = new Map<string, string>();
  for (const d of dids) if (!(d in (env.spec.dids ?? {}))) taken.set(d, 'a DID of the spec');
  for (const [from, to] of Object.entries(env.spec.dids ?? {})) {
    if (typeof to !== 'string' || !dids.includes(from)) continue;
    const first = taken.get(to);
    if (first)
      ctx.report(
        diag(
          'PBX3504',
          { env: env.name, number: to, first: ` (${first})` },
          platform.locate(['environments', env.name, 'dids', from]),
        ),
      );
    else taken.set(to, `mapped from ${from}`);
  }
  // Domains stay unique inside the environment after its mapping.
  const owner = new Map<string, string>();
  for (const t of env.served) {
    const domain = env.spec.domains?.[t.id] ?? t.spec.domain;
    if (typeof domain !== 'string') continue;
    const other = owner.get(domain);
    if (other && (env.spec.domains?.[t.id] !== undefined || env.spec.domains?.[other] !== undefined)) {
      const mapped = env.spec.domains?.[t.id] !== undefined ? t.id : other;
      ctx.report(
        diag(
          'PBX3505',
          { env: env.name, domain, tenant: mapped, other: mapped === t.id ? other : t.id },
          platform.locate(['environments', env.name, 'domains', mapped]),
        ),
      );
    } else owner.set(domain, t.id);
  }
}

interface Claim {
  readonly env: string;
  readonly at: Location;
  /** The environment's own setting made the claim (an override or a domain mapping). */
  readonly own: boolean;
}

/**
 * Where a clash of two claims is reported: at the one made by an environment's own setting (that is
 * where the fix goes), else at the later one; the other is the note.
 */
function clash(first: Claim, second: Claim): { at: Claim; other: Claim } {
  return first.own && !second.own ? { at: first, other: second } : { at: second, other: first };
}

/** Where an environment's claim on a thing is best shown: its own setting, else its tenants, else its name. */
function claimOf(platform: PlatformScope, env: Env, section: 'trunks' | 'domains', key: string): Claim {
  const own = (env.spec[section] as Record<string, unknown> | undefined)?.[key] !== undefined;
  const at = own
    ? platform.locate(['environments', env.name, section, key], 'key')
    : env.spec.tenants !== undefined
      ? platform.locate(['environments', env.name, 'tenants'])
      : env.at;
  return { env: env.name, at, own };
}

function effectiveTrunk(env: Env, tenant: string, trunk: TrunkSpec) {
  const o = env.spec.trunks?.[`${tenant}/${trunk.id}`];
  return {
    register: o?.register ?? trunk.register,
    host: o?.host ?? trunk.host,
    username: o?.username ?? trunk.username,
  };
}

export const environmentReferences: Rule = {
  name: 'environment-references',
  needs: ['environments'],
  check(ctx) {
    const platform = ctx.bound.platform;
    if (!platform) return;
    for (const env of environments(platform, ctx.bound.tenants))
      checkReferences(ctx, platform, env, ctx.bound.tenants);
  },
};

/** One carrier account registered from two running environments: the carrier keeps only one. */
export const registrationInOneEnvironment: Rule = {
  name: 'registration-in-one-environment',
  needs: ['environments', 'trunks'],
  check(ctx) {
    const platform = ctx.bound.platform;
    if (!platform) return;
    const claims = new Map<string, Claim>();
    for (const env of environments(platform, ctx.bound.tenants).filter(running)) {
      const mine = new Set<string>();
      for (const tenant of env.served)
        for (const sym of tenant.trunks.values()) {
          const t = effectiveTrunk(env, tenant.id, sym.value);
          if (!t.register || typeof t.host !== 'string') continue;
          const account = `${t.username ?? ''}@${t.host.toLowerCase()}`;
          if (mine.has(account)) continue;
          mine.add(account);
          const claim = claimOf(platform, env, 'trunks', `${tenant.id}/${sym.name}`);
          const first = claims.get(account);
          if (first) {
            const { at, other } = clash(first, claim);
            ctx.report(
              diag(
                'PBX3502',
                { trunk: `${tenant.id}/${sym.name}`, account, first: first.env, env: env.name },
                at.at,
                firstHere(other.at, `registers from ${other.env}`),
              ),
            );
          } else claims.set(account, claim);
        }
    }
  },
};

/** A domain's DNS points at one environment: two running environments must not both serve it. */
export const domainInOneEnvironment: Rule = {
  name: 'domain-in-one-environment',
  needs: ['environments', 'domain'],
  check(ctx) {
    const platform = ctx.bound.platform;
    if (!platform) return;
    const claims = new Map<string, Claim>();
    for (const env of environments(platform, ctx.bound.tenants).filter(running)) {
      for (const tenant of env.served) {
        const domain = env.spec.domains?.[tenant.id] ?? tenant.spec.domain;
        if (typeof domain !== 'string') continue;
        const claim = claimOf(platform, env, 'domains', tenant.id);
        const first = claims.get(domain);
        if (first && first.env !== env.name) {
          const { at, other } = clash(first, claim);
          ctx.report(
            diag(
              'PBX3503',
              { domain, tenant: tenant.id, first: first.env, env: env.name },
              at.at,
              firstHere(other.at, `served by ${other.env}`),
            ),
          );
        } else if (!first) claims.set(domain, claim);
      }
    }
  },
};

export const ENVIRONMENT_RULES: readonly Rule[] = [
  environmentReferences,
  registrationInOneEnvironment,
  domainInOneEnvironment,
];
