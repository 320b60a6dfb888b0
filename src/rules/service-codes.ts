import type { TenantScope } from '../bind/symbols.js';
import { diag, type Location } from '../diag/diagnostic.js';
import { MAX_PARK_SLOTS } from '../model/park.js';
import { type EffectiveCode, effectiveCodes } from './feature-codes.js';
import { overrideClaims } from './paging.js';
import type { Rule, RuleContext } from './rule.js';
import { before, firstHere, firstText } from './scope.js';

/** A dialable service code (or a park slot range) with the numbers it takes. */
interface Claim {
  readonly label: string;
  readonly value: string;
  readonly numbers: readonly string[];
  /** 0 built-in default, 1 platform, 2 tenant: a collision is reported at the most specific one. */
  readonly rank: number;
  readonly at?: Location;
}

const RANK = { default: 0, platform: 1, tenant: 2 } as const;

/** "*5901-*5999" → its slots, or an error that PBX3005 / PBX4001 report. */
export function parkSlots(text: string): {
  slots?: string[];
  problem?: 'PBX3005' | 'PBX4001';
  detail?: string;
} {
  const match = /^\*([0-9]+)-\*([0-9]+)$/.exec(text);
  if (!match) return { problem: 'PBX3005', detail: 'expected "*NNNN-*MMMM"' };
  const [, a = '', b = ''] = match;
  if (a.length !== b.length)
    return { problem: 'PBX3005', detail: 'both ends need the same number of digits' };
  const low = Number(a);
  const high = Number(b);
  if (low > high) return { problem: 'PBX3005', detail: 'the range is reversed' };
  if (high - low + 1 > MAX_PARK_SLOTS) return { problem: 'PBX4001', detail: String(high - low + 1) };
  const slots: string[] = [];
  for (let n = low; n <= high; n++) slots.push(`*${String(n).padStart(a.length, '0')}`);
  return { slots };
}

function claimOf(code: EffectiveCode): Claim | undefined {
  const base = {
    label: `feature code ${code.name}`,
    value: code.value,
    rank: RANK[code.from],
    ...(code.at ? { at: code.at } : {}),
  };
  if (code.name !== 'park_slots') return { ...base, numbers: [code.value] };
  const { slots } = parkSlots(code.value);
  return slots ? { ...base, label: 'park slots', numbers: slots } : undefined;
}

/** How two claims collide: the same number, or one a prefix of the other (digits match as dialled). */
function collision(a: Claim, b: Claim): string | undefined {
  for (const x of a.numbers) {
    for (const y of b.numbers) {
      if (x === y) return a.numbers.length > 1 || b.numbers.length > 1 ? ` (slot ${x})` : '';
      if (x.startsWith(y) || y.startsWith(x)) {
        const [long, short] = x.length > y.length ? [x, y] : [y, x];
        return `: "${long}" starts with "${short}", so it can never be dialled`;
      }
    }
  }
  return undefined;
}

/** The later of two claims: the more specific file, then the later position. */
function later(a: Claim, b: Claim): [Claim, Claim] {
  if (a.rank !== b.rank) return a.rank > b.rank ? [a, b] : [b, a];
  if (a.at && b.at) return before(a.at, b.at) ? [b, a] : [a, b];
  return a.at ? [a, b] : [b, a];
}

/** Reports each colliding claim once, at its first collision, so one bad code gives one error. */
function reportCollisions(ctx: RuleContext, claims: readonly Claim[], owner: string, minRank: number): void {
  const done = new Set<Claim>();
  claims.forEach((a, k) => {
    for (const b of claims.slice(0, k)) {
      if (a.rank < minRank && b.rank < minRank) continue;
      const how = collision(a, b);
      if (how === undefined) continue;
      const [here, other] = later(a, b);
      if (!here.at || done.has(here)) continue;
      done.add(here);
      const args = {
        what: here.label,
        value: here.value,
        other: other.label,
        otherValue: other.value,
        owner,
        how,
      };
      const related = other.at
        ? firstHere(other.at, `${other.label} "${other.value}" defined here`)
        : undefined;
      const first = other.at ? ` (at ${firstText(other.at, here.at)})` : ' (built-in default)';
      ctx.report(diag('PBX3004', { ...args, first }, here.at, related));
    }
  });
}

function aliasClaims(scope: TenantScope): Claim[] {
  return [...scope.aliases.values()]
    .filter((s) => s.name.startsWith('*'))
    .map((s) => ({ label: 'alias', value: s.name, numbers: [s.name], rank: RANK.tenant, at: s.origin }));
}

/**
 * Feature codes, park slots and service-code aliases share the dialable namespace: none may equal
 * or start with another (pickup_direct "**" is followed by an extension, so nothing else may start
 * with "**"). Platform collisions are reported once, in platform.yaml; a tenant's in its file.
 */
export const serviceCodesDistinct: Rule = {
  name: 'service-codes-distinct',
  check(ctx) {
    const shared = effectiveCodes(ctx.bound);
    if (!shared) return;
    const claimsOf = (codes: EffectiveCode[]) => codes.map(claimOf).filter((c) => c !== undefined);
    reportCollisions(ctx, claimsOf(shared), 'the platform', RANK.platform);
    for (const scope of ctx.bound.tenants) {
      const codes = effectiveCodes(ctx.bound, scope);
      if (!codes) continue;
      const claims = [
        ...claimsOf(codes),
        ...(scope.broken.has('aliases') ? [] : aliasClaims(scope)),
        ...overrideClaims(scope).map((c) => ({ ...c, numbers: [c.value], rank: RANK.tenant })),
      ];
      reportCollisions(ctx, claims, `tenant ${scope.id}`, RANK.tenant);
    }
  },
};

/** park_slots is "*NNNN-*MMMM", equal widths, ordered, and not too many slots for phones to watch. */
export const parkSlotRange: Rule = {
  name: 'park-slot-range',
  check(ctx) {
    const sites: { value: string; at: Location }[] = [];
    const platform = ctx.bound.platform;
    const own = platform?.spec.feature_codes?.park_slots;
    if (platform && own !== undefined)
      sites.push({ value: own, at: platform.locate(['feature_codes', 'park_slots']) });
    for (const scope of ctx.bound.tenants) {
      const value = scope.spec.feature_codes?.park_slots;
      if (value !== undefined) sites.push({ value, at: scope.locate(['feature_codes', 'park_slots']) });
    }
    for (const { value, at } of sites) {
      const { problem, detail = '' } = parkSlots(value);
      if (problem === 'PBX3005') ctx.report(diag('PBX3005', { value, detail }, at));
      if (problem === 'PBX4001')
        ctx.report(diag('PBX4001', { value, count: detail, max: MAX_PARK_SLOTS }, at));
    }
  },
};

export const SERVICE_CODE_RULES: readonly Rule[] = [serviceCodesDistinct, parkSlotRange];
