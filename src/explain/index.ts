import { dialledDigits, toE164Form } from '../model/phone-numbers.js';
import type { Model } from '../model/types.js';
import { didFor, inboundCall } from './inbound.js';
import { internalCall } from './internal.js';
import { localText, localTime } from './local-time.js';
import type { Overrides } from './paging.js';
import type { At, Explanation } from './types.js';
import { Walker } from './walker.js';

export type { At, Explanation, Outcome, Step } from './types.js';

export interface ExplainQuery {
  readonly tenant: string;
  readonly number: string;
  /** An extension of the tenant placing the call. */
  readonly from?: string;
  /** The call arrives from this trunk (a DID call). */
  readonly fromTrunk?: string;
  /** Caller number of an inbound call, for the call filters. */
  readonly caller?: string;
  readonly at: At;
  /** Day/night overrides to assume (node state explain cannot see): schedule id → forced state. */
  readonly overrides?: Overrides;
}

export type ExplainResult = { readonly explanation: Explanation } | { readonly error: string };

/** A number written with spaces or punctuation ("089 4520 3300", "+49 (0)89 4520-3300") as a phone dials it. */
export function asDialled(text: string, countryCode: string): string {
  if (!/^\+?[0-9][0-9 ()./-]*[0-9]$/.test(text) || /^\+?[0-9]+$/.test(text)) return text;
  // International with a "(0)": libphonenumber drops the national prefix the way people mean it.
  if (text.startsWith('+')) return toE164Form(text, countryCode) ?? dialledDigits(text);
  return dialledDigits(text);
}

/**
 * The path a call takes, from the model alone. Pure: the same model, query and time give the
 * same steps. It follows the FreeSWITCH target's dialplan order (a test evaluates the emitted XML
 * for the same numbers and compares).
 */
export function explainCall(model: Model, query: ExplainQuery): ExplainResult {
  let q = query;
  const t = model.tenants.find((x) => x.id === q.tenant);
  if (!t) return { error: `no tenant ${q.tenant} (known: ${model.tenants.map((x) => x.id).join(', ')})` };
  const from = q.from === undefined ? undefined : t.extensions.find((e) => e.number === q.from);
  if (q.from !== undefined && !from) return { error: `${q.from} is not an extension of tenant ${t.id}` };
  if (q.fromTrunk !== undefined && !t.trunks.some((k) => k.id === q.fromTrunk))
    return {
      error: `${q.fromTrunk} is not a trunk of tenant ${t.id} (known: ${t.trunks.map((k) => k.id).join(', ') || 'none'})`,
    };
  for (const id of Object.keys(q.overrides ?? {})) {
    const s = t.schedules.find((x) => x.id === id);
    if (!s) return { error: `--override: ${id} is not a schedule of tenant ${t.id}` };
    if (s.overrideCode === undefined)
      return { error: `--override: schedule ${id} has no override_code, so it cannot be overridden` };
  }
  const at = localTime(q.at, t.timezone);
  const w = new Walker(from);
  const written = q.number;
  q = { ...q, number: asDialled(q.number, t.dialing.countryCode) };
  if (q.number !== written) w.step(0, `"${written}" is dialled as ${q.number}`);
  const did = from ? undefined : didFor(t, q.number);
  if (q.fromTrunk !== undefined && !did) {
    w.step(
      0,
      `${q.number} is no DID of tenant ${t.id} in any form the public context accepts: the call is rejected (NO_ROUTE_DESTINATION)`,
    );
    w.reach({ kind: 'no_route' });
  } else if (did) inboundCall(w, t, did, q.fromTrunk, q.caller, at, q.overrides);
  else {
    if (from) w.step(0, `${from.number} ${from.name} dials ${q.number}`);
    internalCall(w, t, q.number, from);
  }
  return {
    explanation: {
      tenant: t.id,
      number: q.number,
      from: from
        ? { kind: 'extension', number: from.number }
        : did
          ? { kind: 'trunk', trunk: q.fromTrunk ?? did.trunk }
          : q.fromTrunk
            ? { kind: 'trunk', trunk: q.fromTrunk }
            : { kind: 'internal' },
      at: localText(at),
      steps: w.steps,
      outcome: w.outcome ?? { kind: 'no_route' },
    },
  };
}
