import type { Destination, TenantModel } from '../model/types.js';
import { destinationText, match } from './fields.js';
import type { Collector } from './tenant.js';

/**
 * The risk `calls-now-hang-up`: a place that used to send callers to a person or a mailbox (an
 * extension, ring group, queue, voicemail box, IVR, conference, an outside number) now ends the call:
 * `{hangup: CAUSE}`, or an announcement whose `then` (followed through announcements) hangs up. A
 * closed line is sometimes what the change means to do; the reviewer must see it either way.
 *
 * Places: a DID's destination and its destination when closed, IVR options and timeouts, a queue's
 * exit, a ring group's no-answer destination, an extension's forwards, an alias. A destination that
 * names an alias's number is followed to the alias's destination (in the revision it belongs to).
 * Only places present in both revisions count: a removed DID or queue has its own risk.
 */

/** How a destination ends, following announcements and aliases of `tenant`. */
export function endsCall(d: Destination | undefined, tenant: TenantModel): boolean {
  let cur = d;
  const seen = new Set<string>();
  for (let hop = 0; cur !== undefined && hop < 16; hop++) {
    if (cur.type === 'hangup') return true;
    if (cur.type === 'announcement') {
      cur = cur.next;
      continue;
    }
    if (cur.type === 'extension' && !seen.has(cur.number)) {
      seen.add(cur.number);
      const number = cur.number;
      const alias = tenant.aliases.find((x) => x.number === number);
      if (alias) {
        cur = alias.to;
        continue;
      }
    }
    return false;
  }
  return false;
}

interface Place {
  readonly label: string;
  readonly to: Destination | undefined;
  /** What an absent destination means here: true when callers then still reach someone. */
  readonly absentReaches: boolean;
}

function places(t: TenantModel): Place[] {
  const out: Place[] = [];
  const add = (label: string, to: Destination | undefined, absentReaches = false) =>
    out.push({ label, to, absentReaches });
  for (const d of t.dids) {
    add(`DID ${d.number}`, d.to);
    if (d.schedule !== undefined) add(`DID ${d.number} when closed`, d.closed);
  }
  for (const m of t.ivrMenus) {
    for (const o of m.options) add(`IVR ${m.id} option ${o.digit}`, o.to);
    add(`IVR ${m.id} on timeout`, m.onTimeout);
  }
  for (const q of t.queues) add(`queue ${q.number} exit`, q.onTimeout);
  for (const g of t.ringGroups) add(`ring group ${g.number} on no answer`, g.onNoAnswer);
  for (const e of t.extensions) {
    // No forward: the call rings the extension (and its voicemail): someone is reached.
    add(`extension ${e.number} forward always`, e.forward.always, true);
    add(`extension ${e.number} forward on busy`, e.forward.busy, true);
    add(`extension ${e.number} forward on no answer`, e.forward.noAnswer?.to, true);
    add(`extension ${e.number} forward when unregistered`, e.forward.unregistered, true);
  }
  for (const x of t.aliases) add(`alias ${x.number}`, x.to);
  return out;
}

function reached(p: Place, tenant: TenantModel): boolean {
  return p.to === undefined ? p.absentReaches : !endsCall(p.to, tenant);
}

export function hangupRisks(c: Collector, a: TenantModel, b: TenantModel): void {
  const m = match(places(a), places(b), (p) => p.label);
  for (const [x, y] of m.both) {
    if (!reached(x, a) || !endsCall(y.to, b)) continue;
    const was = x.to === undefined ? 'no forward: the extension rang' : destinationText(x.to);
    c.risk(
      'calls-now-hang-up',
      `${y.label}: calls now end without reaching anyone: ${destinationText(y.to)} (was ${was})`,
    );
  }
}
