import { note } from '../../yaml-style.js';
import { toE164 } from '../dialing.js';
import { label } from '../names.js';
import { enabled, flag, type Row, text } from '../rows.js';
import { type Destination, resolveAction, type TenantContext } from './context.js';

export interface Did {
  readonly number: string;
  readonly doc: Record<string, unknown>;
  readonly comment?: string;
  /** Extension this DID rings directly (for lines). */
  readonly extension?: string;
  readonly where: string;
}

/** The actions of a destination: the JSON list of 5.x, else the legacy app/data columns. */
function actionsOf(d: Row): [string, string][] {
  const raw = d.destination_actions;
  let list: unknown = raw;
  if (typeof raw === 'string') {
    try {
      list = JSON.parse(raw);
    } catch {
      list = undefined;
    }
  }
  if (Array.isArray(list)) {
    const out: [string, string][] = [];
    for (const a of list)
      if (a && typeof a === 'object')
        out.push([
          String((a as Record<string, unknown>).destination_app ?? ''),
          String((a as Record<string, unknown>).destination_data ?? ''),
        ]);
    if (out.length > 0) return out;
  }
  const app = text(d, 'destination_app');
  return app ? [[app, text(d, 'destination_data') ?? '']] : [];
}

/** Inbound destinations → DIDs (E.164 in the tenant's country) with their destination or schedule. */
export function mapDids(ctx: TenantContext, trunk: string | undefined, trunkNote: string | undefined): Did[] {
  const out: Did[] = [];
  const rows = ctx.rows('v_destinations').filter((d) => text(d, 'domain_uuid') === ctx.uuid);
  for (const d of rows) {
    const raw = text(d, 'destination_number') ?? '';
    const type = text(d, 'destination_type') ?? 'inbound';
    const where = `destination ${raw}${text(d, 'destination_description') ? ` "${text(d, 'destination_description')}"` : ''}`;
    if (type !== 'inbound') {
      ctx.report(
        'skipped',
        where,
        `its type is ${type}; only inbound destinations become DIDs`,
        'nothing to do unless it was used for routing',
      );
      continue;
    }
    if (!enabled(d, 'destination_enabled')) {
      ctx.report('skipped', where, 'it is disabled in FusionPBX', 'add it as a DID when it is needed again');
      continue;
    }
    const number = toE164(raw, ctx.country, text(d, 'destination_prefix'));
    if (!number) {
      ctx.report(
        'decision',
        where,
        `${raw} cannot be read as an E.164 number in country +${ctx.country.cc}`,
        'add the DID by hand with its E.164 number',
      );
      continue;
    }
    if (!trunk) {
      ctx.report(
        'decision',
        where,
        'the tenant has no trunk to receive it on',
        'add a trunk and the DID by hand',
      );
      continue;
    }
    const comments: string[] = [];
    if (number !== raw)
      comments.push(
        `FusionPBX ${raw}${text(d, 'destination_prefix') ? ` (prefix ${text(d, 'destination_prefix')})` : ''}`,
      );
    if (trunkNote) comments.push(trunkNote);
    const doc: Record<string, unknown> = { number };
    const name = label(text(d, 'destination_description'));
    if (name) doc.name = name;
    doc.trunk = trunk;
    const actions = actionsOf(d);
    const routing = actions.filter(([a]) => ['transfer', 'bridge', 'voicemail', 'ivr'].includes(a));
    for (const [a, data] of actions.filter((x) => !routing.includes(x)))
      ctx.report(
        'skipped',
        `${where} action ${a} ${data}`,
        'pbxc DIDs route to one destination',
        'nothing to do unless the action mattered',
      );
    let extension: string | undefined;
    const last = routing[routing.length - 1];
    if (routing.length > 1)
      ctx.report(
        'changed',
        where,
        `it ran ${routing.length} actions; the last one routes the call`,
        'check the destination',
      );
    if (!last) {
      ctx.report(
        'decision',
        where,
        'it has no routing action; the DID is not imported',
        `add DID ${number} with a destination`,
      );
      continue;
    }
    {
      const t = resolveAction(ctx, last[0], last[1]);
      if (t.kind === 'dest') {
        doc.to = t.dest;
        if (t.note) comments.push(t.note);
        if (t.dest.extension) extension = t.dest.extension;
      } else if (t.kind === 'schedule') {
        const s = t.schedule;
        if (s.open && s.closed) {
          doc.schedule = s.id;
          doc.to = s.open as Destination;
          doc.closed = s.closed as Destination;
        } else {
          ctx.report(
            'decision',
            where,
            `its time condition ${s.number} has no ${s.open ? 'default' : 'open'} destination pbxc can use; the DID is not imported`,
            `add DID ${number} with a schedule, to and closed`,
          );
          continue;
        }
      } else {
        ctx.report(
          'decision',
          where,
          `it leads to ${t.what}: ${t.why}; the DID is not imported`,
          `add DID ${number} with a destination (e.g. a ring group of the same people)`,
        );
        continue;
      }
    }
    const lost: string[] = [];
    if (text(d, 'destination_cid_name_prefix'))
      lost.push(`caller ID name prefix ${text(d, 'destination_cid_name_prefix')}`);
    if (flag(d, 'destination_record')) lost.push('call recording');
    for (const col of [
      'destination_hold_music',
      'destination_distinctive_ring',
      'destination_ringback',
      'destination_accountcode',
      'destination_caller_id_name',
      'destination_caller_id_number',
    ])
      if (text(d, col)) lost.push(`${col.replace('destination_', '')} ${text(d, col)}`);
    if (text(d, 'fax_uuid')) lost.push('fax detection');
    if (lost.length > 0)
      ctx.report(
        'changed',
        where,
        `not carried over: ${lost.join('; ')}`,
        'pbxc has no per-DID setting for these',
      );
    out.push({
      number,
      doc,
      ...(comments.length ? { comment: comments.join('; ') } : {}),
      ...(extension ? { extension } : {}),
      where,
    });
  }
  return out.sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0));
}

export function didDoc(d: Did): unknown {
  return note(d.doc, d.comment);
}
