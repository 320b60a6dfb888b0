import type { ReportItem, ReportKind } from '../../report.js';
import type { Country } from '../dialing.js';
import { toE164 } from '../dialing.js';
import { enabled, flag, type Row, text } from '../rows.js';

/** A spec destination: exactly one key, as in the schema. */
export type Destination = Readonly<Record<string, string>>;

export interface Schedule {
  readonly id: string;
  readonly number: string;
  readonly name: string;
  readonly open?: Destination;
  readonly closed?: Destination;
  readonly doc: unknown;
}

/** What a FusionPBX number leads to. */
export type Target =
  | { readonly kind: 'dest'; readonly dest: Destination; readonly note?: string }
  | { readonly kind: 'schedule'; readonly schedule: Schedule }
  | { readonly kind: 'none'; readonly what: string; readonly why: string };

/** Everything the per-area mappers of one tenant share. */
export interface TenantContext {
  readonly id: string;
  readonly domain: string;
  readonly uuid: string;
  readonly country: Country;
  readonly rows: (table: string) => readonly Row[];
  /** Enabled extensions by number (the ones the spec gets). */
  readonly extensions: Map<string, Row>;
  readonly disabledExtensions: Map<string, Row>;
  readonly voicemailOn: Set<string>;
  readonly ringGroups: Map<string, Row>;
  /** Call-centre queues that become pbxc queues, by number (map/queues.ts). */
  readonly queues: Map<string, Row>;
  /** IVR menus by extension number and by uuid, with their pbxc id. */
  readonly ivrs: Map<string, { id: string; row: Row }>;
  readonly ivrByUuid: Map<string, { id: string; row: Row }>;
  readonly schedules: Map<string, Schedule>;
  /** Numbers of apps pbxc has no equivalent for (conference, queue, fax, ...). */
  readonly others: Map<string, string>;
  /** Call flows (day/night toggles) by number: they route to their current state's destination. */
  readonly callFlows: Map<string, Row>;
  readonly items: ReportItem[];
  report(kind: ReportKind, object: string, why: string, todo: string): void;
}

export function reporter(items: ReportItem[], tenant: string | undefined) {
  return (kind: ReportKind, object: string, why: string, todo: string) =>
    items.push({ ...(tenant ? { tenant } : {}), kind, object, why, todo });
}

export const byText =
  (column: string) =>
  (a: Row, b: Row): number => {
    const x = text(a, column) ?? '';
    const y = text(b, column) ?? '';
    return x < y ? -1 : x > y ? 1 : 0;
  };

/** FusionPBX numbers compare numerically where they are numbers. */
export function compareNumbers(a: string, b: string): number {
  if (/^[0-9]+$/.test(a) && /^[0-9]+$/.test(b) && a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * What a dialled number inside the tenant reaches, the way FusionPBX's dialplan would: voicemail
 * (*99<ext>), an extension, a ring group, an IVR, a time condition, an app pbxc lacks, or an
 * external number.
 */
export function resolveNumber(ctx: TenantContext, raw: string, depth = 0): Target {
  const n = raw.trim();
  const vm = /^\*99([a-z0-9]+)$/i.exec(n);
  if (vm) {
    const box = vm[1] ?? '';
    if (ctx.extensions.has(box)) {
      if (ctx.voicemailOn.has(box)) return { kind: 'dest', dest: { voicemail: box } };
      return {
        kind: 'dest',
        dest: { extension: box },
        note: `FusionPBX: voicemail ${box}, which is off there`,
      };
    }
    return { kind: 'none', what: `voicemail box ${box}`, why: 'no enabled extension has this box' };
  }
  if (ctx.extensions.has(n)) return { kind: 'dest', dest: { extension: n } };
  if (ctx.ringGroups.has(n)) return { kind: 'dest', dest: { ring_group: n } };
  if (ctx.queues.has(n)) return { kind: 'dest', dest: { queue: n } };
  const ivr = ctx.ivrs.get(n);
  if (ivr) return { kind: 'dest', dest: { ivr: ivr.id } };
  const schedule = ctx.schedules.get(n);
  if (schedule) return { kind: 'schedule', schedule };
  const flow = ctx.callFlows.get(n);
  if (flow && depth < 4) {
    const on = flag(flow, 'call_flow_status') !== false;
    const [app, data] = on
      ? [text(flow, 'call_flow_app'), text(flow, 'call_flow_data')]
      : [text(flow, 'call_flow_alternate_app'), text(flow, 'call_flow_alternate_data')];
    const state =
      (on ? text(flow, 'call_flow_label') : text(flow, 'call_flow_alternate_label')) ?? (on ? 'on' : 'off');
    const t = resolveAction(ctx, app, data, depth + 1);
    if (t.kind === 'dest')
      return {
        kind: 'dest',
        dest: t.dest,
        note: `FusionPBX call flow ${n}, now "${state}"${t.note ? `; ${t.note}` : ''}`,
      };
    if (t.kind === 'schedule') return t;
    return { kind: 'none', what: `call flow ${n} (now "${state}": ${t.what})`, why: t.why };
  }
  const other = ctx.others.get(n);
  if (other) return { kind: 'none', what: other, why: 'pbxc has no equivalent' };
  if (ctx.disabledExtensions.has(n))
    return { kind: 'none', what: `extension ${n}`, why: 'it is disabled in FusionPBX and not imported' };
  if (/^\+?[0-9]{6,}$/.test(n)) {
    const e164 = toE164(n, ctx.country);
    if (e164)
      return { kind: 'dest', dest: { external: e164 }, ...(e164 !== n ? { note: `FusionPBX: ${n}` } : {}) };
  }
  return { kind: 'none', what: `number ${n}`, why: 'nothing in FusionPBX answers on it' };
}

/**
 * An action as FusionPBX stores it (app + data, e.g. transfer + "1001 XML acme.example.com")
 * resolved to a target.
 */
export function resolveAction(
  ctx: TenantContext,
  app: string | undefined,
  data: string | undefined,
  depth = 0,
): Target {
  const a = (app ?? '').trim();
  const d = (data ?? '').trim();
  if (a === 'transfer') {
    const [number = '', dialplan, context] = d.split(/\s+/);
    if (dialplan && dialplan !== 'XML')
      return { kind: 'none', what: `transfer ${d}`, why: `dialplan ${dialplan} is not the XML dialplan` };
    if (context && context.toLowerCase() !== ctx.domain && context !== 'default')
      return { kind: 'none', what: `transfer ${d}`, why: `context ${context} is not the tenant's domain` };
    return resolveNumber(ctx, number, depth);
  }
  if (a === 'bridge') {
    const gw = /^sofia\/gateway\/[^/]+\/(\+?[0-9]+)$/.exec(d);
    if (gw) return resolveNumber(ctx, gw[1] ?? '');
    const user = /^user\/([a-z0-9]+)@/i.exec(d);
    if (user) return resolveNumber(ctx, user[1] ?? '');
    return { kind: 'none', what: `bridge ${d}`, why: 'the bridge target is not a gateway or user' };
  }
  if (a === 'voicemail') {
    const box = d.split(/\s+/).pop() ?? '';
    return resolveNumber(ctx, `*99${box}`);
  }
  if (a === 'ivr') {
    const ivr = ctx.ivrByUuid.get(d);
    if (ivr) return { kind: 'dest', dest: { ivr: ivr.id } };
  }
  return { kind: 'none', what: `${a || 'action'} ${d}`.trim(), why: 'pbxc has no equivalent application' };
}

/** "app:data" as v_queues and the UI's select boxes store it. */
export function splitAction(action: string | undefined): [string | undefined, string | undefined] {
  if (!action) return [undefined, undefined];
  const i = action.indexOf(':');
  return i < 0 ? [action, undefined] : [action.slice(0, i), action.slice(i + 1)];
}

/** A target as a plain destination for places that cannot hold a schedule (IVR options, forwards). */
export function plainDestination(
  ctx: TenantContext,
  target: Target,
  where: string,
): { dest?: Destination; note?: string } {
  if (target.kind === 'dest') return { dest: target.dest, ...(target.note ? { note: target.note } : {}) };
  if (target.kind === 'schedule') {
    const s = target.schedule;
    ctx.report(
      'changed',
      where,
      `it leads to time condition ${s.number} "${s.name}"; only a DID can carry a schedule in pbxc`,
      "it now goes to the time condition's open destination at all hours; point it at a DID-level schedule if that matters",
    );
    return s.open
      ? { dest: s.open, note: `FusionPBX: time condition ${s.number} (open destination at all hours)` }
      : {};
  }
  return {};
}

export function isEnabled(row: Row, column: string): boolean {
  return enabled(row, column);
}
