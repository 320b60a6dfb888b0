import { windowText } from '../diff/labels.js';
import { describeDestination } from '../model/destination.js';
import type { CallFilterModel, DidModel, TenantModel } from '../model/types.js';
import { follow } from './destination.js';
import { type LocalTime, localText, scheduleState } from './local-time.js';
import { type Overrides, overrideText } from './paging.js';
import type { Walker } from './walker.js';

/** The forms in which a carrier may send a number of the tenant's country (as the public context accepts). */
export function numberForms(t: TenantModel, digits: string): string[] {
  const { countryCode, nationalPrefix, internationalPrefix } = t.dialing;
  const forms = [`+${digits}`, digits, `${internationalPrefix}${digits}`];
  if (digits.startsWith(countryCode)) forms.push(`${nationalPrefix}${digits.slice(countryCode.length)}`);
  return [...new Set(forms)];
}

export function didFor(t: TenantModel, number: string): DidModel | undefined {
  return t.dids.find((d) => numberForms(t, d.number.slice(1)).includes(number));
}

function filterMatches(t: TenantModel, f: CallFilterModel, caller: string): boolean {
  return numberForms(t, f.digits).some((form) => (f.prefix ? caller.startsWith(form) : caller === form));
}

const patternText = (f: CallFilterModel) => `+${f.digits}${f.prefix ? '*' : ''}`;

/** Filters: a whitelisted caller passes every blacklist; the first matching blacklist acts. */
function filters(w: Walker, t: TenantModel, caller: string | undefined): boolean {
  const blacklists = t.callFilters.filter((f) => f.type === 'blacklist');
  if (blacklists.length === 0) return true;
  if (caller === undefined) {
    w.step(
      0,
      `call filters: ${blacklists.map((f) => `${f.name} (blacklist ${patternText(f)})`).join(', ')} apply to matching callers (give --caller to check one)`,
    );
    return true;
  }
  const white = t.callFilters.find((f) => f.type === 'whitelist' && filterMatches(t, f, caller));
  if (white) {
    w.step(
      0,
      `call filters: caller ${caller} is on whitelist ${white.name} (${patternText(white)}), so no blacklist applies`,
    );
    return true;
  }
  const hit = blacklists.find((f) => filterMatches(t, f, caller));
  if (!hit) {
    w.step(
      0,
      `call filters: ${blacklists.map((f) => f.name).join(', ')} ${blacklists.length === 1 ? 'does' : 'do'} not match caller ${caller}`,
    );
    return true;
  }
  if (hit.action === 'voicemail' && hit.voicemail) {
    w.step(
      0,
      `call filter ${hit.name} (blacklist ${patternText(hit)}) matches caller ${caller} → voicemail ${hit.voicemail}`,
    );
    follow(w, t, { type: 'voicemail', box: hit.voicemail }, 1, true);
  } else if (hit.action === 'hangup') {
    w.step(
      0,
      `call filter ${hit.name} (blacklist ${patternText(hit)}) matches caller ${caller} → answered and hung up`,
    );
    w.reach({ kind: 'hangup', cause: 'NORMAL_CLEARING' });
  } else {
    w.step(
      0,
      `call filter ${hit.name} (blacklist ${patternText(hit)}) matches caller ${caller} → rejected (CALL_REJECTED)`,
    );
    w.reach({ kind: 'rejected', reason: `call filter ${hit.name}` });
  }
  return false;
}

/** A call from a carrier to one of the tenant's DIDs. */
export function inboundCall(
  w: Walker,
  t: TenantModel,
  did: DidModel,
  trunk: string | undefined,
  caller: string | undefined,
  at: LocalTime,
  overrides: Overrides = {},
): void {
  const via = trunk ?? did.trunk;
  w.step(
    0,
    `DID ${did.number}${did.name !== did.number ? ` ${did.name}` : ''} (trunk ${did.trunk}${trunk && trunk !== did.trunk ? `; arriving from trunk ${trunk}, which the public context accepts from any trunk in the ACL` : ''})`,
  );
  const k = t.trunks.find((x) => x.id === via);
  if (k && k.inboundFrom.length === 0) {
    w.step(
      0,
      `trunk ${via} lists no inbound_from whitelist: its carrier's address is not in the trunk ACL, so the call is rejected (CALL_REJECTED)`,
    );
    w.reach({ kind: 'rejected', reason: 'trunk ACL' });
    return;
  }
  if (k) w.step(0, `trunk ACL: accepted from ${k.inboundFrom.join(', ')}`);
  if (!filters(w, t, caller)) return;
  const schedule = did.schedule ? t.schedules.find((s) => s.id === did.schedule) : undefined;
  if (schedule && did.closed) {
    const when = `schedule ${schedule.id} at ${localText(at)}`;
    const forced = schedule.overrideCode !== undefined ? overrides[schedule.id] : undefined;
    if (forced) {
      const to = forced === 'open' ? did.to : did.closed;
      w.step(0, `${when}: ${overrideText(forced)} → ${describeDestination(to)}`);
      follow(w, t, to, 0, true);
      return;
    }
    const state = scheduleState(schedule, at);
    if (state.open) {
      w.step(
        0,
        `${when}: open (${windowText(schedule.open[state.window]!)}) → ${describeDestination(did.to)}`,
      );
      follow(w, t, did.to, 0, true);
    } else {
      w.step(
        0,
        `${when}: closed${state.holiday ? ` (holiday ${state.holiday})` : ''} → ${describeDestination(did.closed)}`,
      );
      follow(w, t, did.closed, 0, true);
    }
    return;
  }
  follow(w, t, did.to, 0, true);
}
