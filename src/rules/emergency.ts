import type { TenantScope } from '../bind/symbols.js';
import { diag, type Location } from '../diag/diagnostic.js';
import { effectiveCodes } from './feature-codes.js';
import type { Rule } from './rule.js';
import { firstHere, firstText, tenantsWith } from './scope.js';
import { parkSlots } from './service-codes.js';

/** Something a phone of the tenant can dial that is not an emergency number. */
export interface InternalNumber {
  readonly what: string;
  /** The number as written ("112", "*6001-*6010" for a park slot range). */
  readonly number: string;
  /** The numbers it takes (every slot of a range). */
  readonly takes: readonly string[];
  readonly at?: Location;
}

export type EmergencyClash = 'equals' | 'starts-with' | 'prefixes';

/** How an internal number clashes with an emergency number, as dialled digit by digit. */
export function emergencyClash(internal: string, emergency: string): EmergencyClash | undefined {
  if (internal === emergency) return 'equals';
  if (internal.startsWith(emergency)) return 'starts-with';
  if (emergency.startsWith(internal)) return 'prefixes';
  return undefined;
}

const HOW: Record<EmergencyClash, string> = {
  equals: 'is the',
  'starts-with': 'starts with the',
  prefixes: 'is the start of the',
};

function why(clash: EmergencyClash, taken: string, emergency: string): string {
  if (clash === 'equals')
    return `a call to ${emergency} must reach emergency services, never an internal number`;
  if (clash === 'starts-with')
    return `a phone that dials digit by digit sends ${emergency} before the last digits of ${taken}, so ${taken} can never be dialled`;
  return `a phone that dials digit by digit would stop at ${taken}, so ${emergency} could never be dialled`;
}

/** Every number and code the tenant's context answers itself: extensions, groups, aliases, codes, park slots. */
export function internalNumbers(
  bound: Parameters<Rule['check']>[0]['bound'],
  scope: TenantScope,
): InternalNumber[] {
  const out: InternalNumber[] = [];
  const sym = (what: string) => (s: { name: string; origin: Location }) =>
    out.push({ what, number: s.name, takes: [s.name], at: s.origin });
  for (const s of scope.extensions.values()) sym('extension')(s);
  for (const s of scope.ringGroups.values()) sym('ring group')(s);
  for (const s of scope.conferences.values()) sym('conference room')(s);
  for (const s of scope.queues.values()) sym('queue')(s);
  for (const s of scope.aliases.values()) sym('alias')(s);
  for (const code of effectiveCodes(bound, scope) ?? []) {
    const takes = code.name === 'park_slots' ? (parkSlots(code.value).slots ?? []) : [code.value];
    const what = code.name === 'park_slots' ? 'park slot range' : `feature code ${code.name}`;
    out.push({ what, number: code.value, takes, ...(code.at ? { at: code.at } : {}) });
  }
  return out;
}

/**
 * No internal number equals an emergency number, starts with one, or is the start of one: the
 * emergency call must always leave on the emergency route (the dialplan also tries it first).
 * Reported at the internal number, once per number, naming the emergency number.
 */
export const emergencyNumbersFree: Rule = {
  name: 'emergency-numbers-free',
  check(ctx) {
    const reported = new Set<string>();
    for (const scope of tenantsWith(ctx.bound, 'dialing')) {
      const list = scope.spec.dialing?.emergency;
      if (!Array.isArray(list)) continue;
      const emergency = list
        .map((n, i) => [n, i] as const)
        .filter((e): e is readonly [string, number] => typeof e[0] === 'string');
      // Emergency numbers are digits: only numbers starting like one can clash (not "*" codes).
      const starts = new Set(emergency.map(([n]) => n[0]));
      for (const item of internalNumbers(ctx.bound, scope)) {
        if (!item.takes.some((n) => starts.has(n[0]))) continue;
        for (const [number, i] of emergency) {
          const hit = item.takes
            .map((taken) => ({ taken, clash: emergencyClash(taken, number) }))
            .find((x) => x.clash !== undefined);
          if (!hit?.clash) continue;
          const emergencyAt = scope.locate(['dialing', 'emergency', i]);
          const at = item.at ?? emergencyAt;
          const key = `${scope.id}|${at.file}:${at.offset}|${item.what}`;
          if (reported.has(key)) break;
          reported.add(key);
          ctx.report(
            diag(
              'PBX3110',
              {
                what: item.what,
                number: item.number,
                tenant: scope.id,
                how: HOW[hit.clash],
                emergency: number,
                first: ` (at ${firstText(emergencyAt, at)})`,
                why: why(hit.clash, hit.taken, number),
              },
              at,
              firstHere(emergencyAt, `emergency number ${number} of tenant ${scope.id}`),
            ),
          );
          break;
        }
      }
    }
  },
};

export const EMERGENCY_RULES: readonly Rule[] = [emergencyNumbersFree];
