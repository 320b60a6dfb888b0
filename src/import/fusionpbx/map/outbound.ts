import { note } from '../../yaml-style.js';
import { label } from '../names.js';
import { enabled, int, type Row, text } from '../rows.js';
import { compareNumbers, type TenantContext } from './context.js';

export interface OutboundDialplan {
  readonly name: string;
  readonly order: number;
  readonly regex?: string;
  readonly tollAllow?: string;
  /** Gateway uuid and the number sent (prefix before $1). */
  readonly bridges: readonly { gateway: string; prefix: string }[];
}

const BRIDGE = /^sofia\/gateway\/([0-9a-f-]{36})\/(.*)$/i;

/** Conditions and bridges of an outbound-route dialplan: from its details, else from its XML. */
export function readOutbound(ctx: TenantContext, dp: Row): OutboundDialplan {
  const details = ctx
    .rows('v_dialplan_details')
    .filter(
      (d) => text(d, 'dialplan_uuid') === text(dp, 'dialplan_uuid') && enabled(d, 'dialplan_detail_enabled'),
    )
    .sort(
      (a, b) =>
        (int(a, 'dialplan_detail_group') ?? 0) - (int(b, 'dialplan_detail_group') ?? 0) ||
        (int(a, 'dialplan_detail_order') ?? 0) - (int(b, 'dialplan_detail_order') ?? 0),
    );
  const conds: [string, string][] = [];
  const bridges: { gateway: string; prefix: string }[] = [];
  const addBridge = (data: string) => {
    for (const part of data.split('|')) {
      const m = BRIDGE.exec(part.trim());
      if (m) bridges.push({ gateway: (m[1] ?? '').toLowerCase(), prefix: (m[2] ?? '').replace(/\$1$/, '') });
    }
  };
  if (details.length > 0) {
    for (const d of details) {
      const tag = text(d, 'dialplan_detail_tag');
      const type = text(d, 'dialplan_detail_type') ?? '';
      const data = text(d, 'dialplan_detail_data') ?? '';
      if (tag === 'condition') conds.push([type, data]);
      if (tag === 'action' && type === 'bridge') addBridge(data);
    }
  } else {
    const xml = text(dp, 'dialplan_xml') ?? '';
    for (const m of xml.matchAll(/<condition\s+field="([^"]*)"\s+expression="([^"]*)"/g))
      conds.push([m[1] ?? '', unxml(m[2] ?? '')]);
    for (const m of xml.matchAll(/<action\s+application="bridge"\s+data="([^"]*)"/g))
      addBridge(unxml(m[1] ?? ''));
  }
  const regex = conds.find(([f]) => f === 'destination_number')?.[1];
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the FreeSWITCH variable name, not a template
  const tollAllow = conds.find(([f]) => f === '${toll_allow}')?.[1];
  return {
    name: text(dp, 'dialplan_name') ?? '',
    order: int(dp, 'dialplan_order') ?? 100,
    ...(regex ? { regex } : {}),
    ...(tollAllow ? { tollAllow } : {}),
    bridges,
  };
}

function unxml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Emergency numbers when the pattern is an alternation of short literal numbers ("^(110|112)$"). */
export function emergencyNumbers(regex: string): string[] | undefined {
  if (/\\d|\[|\.|\*|\+|\{/.test(regex)) return undefined;
  const numbers = regex.match(/[0-9]+/g) ?? [];
  if (numbers.length === 0 || numbers.some((n) => n.length > 6 || n.length < 2)) return undefined;
  if (!/^[\^$()|0-9?:]+$/.test(regex)) return undefined;
  return [...new Set(numbers)];
}

/** The E.164 prefix an outbound pattern covers, read with the bridge prefix and the tenant's dialing. */
export function e164Prefix(
  regex: string,
  sent: string,
  cc: string,
  national: string,
  international: string,
): { prefix: string; inferred: boolean } {
  if (sent.startsWith('+')) return { prefix: /^\+[0-9]*$/.test(sent) ? sent : '+', inferred: false };
  const lead = /^\^(?:\\\+\?)?([0-9]*)/.exec(regex)?.[1] ?? '';
  if (lead && lead === international) return { prefix: '+', inferred: false };
  if (lead && national && lead === national) return { prefix: `+${cc}`, inferred: false };
  if (cc === '1') return { prefix: '+1', inferred: false };
  return { prefix: `+${cc}`, inferred: true };
}

export interface OutboundResult {
  readonly routes: unknown[];
  readonly emergency: string[];
  /** Gateway uuids the routes use, in route order. */
  readonly gateways: string[];
}

/**
 * Outbound routes: FusionPBX writes two dialplans per expression (call_direction-outbound.* and
 * <gateway>.*); the one with the bridge names the gateway, the pattern and the toll restriction.
 */
export function mapOutbound(
  ctx: TenantContext,
  dialplans: readonly Row[],
  trunkOf: (uuid: string) => string | undefined,
): OutboundResult {
  const routes = new Map<
    string,
    { doc: Record<string, unknown>; order: number; from: string[]; prefixKey: string; comments: string[] }
  >();
  const emergency = new Set<string>();
  const gateways: string[] = [];
  const plans = dialplans
    .map((dp) => readOutbound(ctx, dp))
    .sort((a, b) => a.order - b.order || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const p of plans) {
    if (p.bridges.length === 0) continue; // the call_direction-outbound half: exports a variable only
    const where = `outbound route ${p.name}${p.regex ? ` (${p.regex})` : ''}`;
    const [first, ...failover] = p.bridges;
    const trunk = first ? trunkOf(first.gateway) : undefined;
    if (!first || !trunk) {
      ctx.report(
        'decision',
        where,
        `it bridges to gateway ${first?.gateway ?? '?'}, which is not imported`,
        'add the trunk and an outbound route by hand',
      );
      continue;
    }
    if (failover.length > 0)
      ctx.report(
        'changed',
        where,
        `failover gateways ${failover.map((f) => f.gateway).join(', ')} are not carried over`,
        'pbxc routes each prefix through one trunk',
      );
    if (!p.regex) {
      ctx.report('skipped', where, 'it has no destination_number condition', 'add an outbound route by hand');
      continue;
    }
    gateways.push(first.gateway);
    const em = emergencyNumbers(p.regex);
    let doc: Record<string, unknown>;
    let prefixKey: string;
    const comments: string[] = [];
    if (em) {
      for (const n of em) emergency.add(n);
      doc = { name: 'emergency', match: 'emergency', trunk };
      prefixKey = 'emergency';
    } else {
      const { prefix, inferred } = e164Prefix(
        p.regex,
        first.prefix,
        ctx.country.cc,
        ctx.country.national,
        ctx.country.international,
      );
      const name =
        prefix === '+'
          ? 'international'
          : prefix === `+${ctx.country.cc}`
            ? 'national'
            : `prefix-${prefix.slice(1)}`;
      doc = { name, prefixes: [prefix], trunk };
      comments.push(`${p.regex} → ${first.prefix}$1${inferred ? ' (prefix inferred)' : ''}`);
      if (inferred)
        ctx.report(
          'changed',
          where,
          `the E.164 prefix ${prefix} was inferred from the pattern`,
          "check the route's prefixes",
        );
      prefixKey = prefix;
    }
    if (p.tollAllow) {
      const words = p.tollAllow.match(/[a-z_]+/gi) ?? [];
      const allow = [...ctx.extensions.entries()]
        .filter(([, e]) =>
          (text(e, 'toll_allow') ?? '').split(/[,\s]+/).some((t) => (words as string[]).includes(t)),
        )
        .map(([n]) => n)
        .sort(compareNumbers);
      doc.allow = allow;
      comments.push(`toll_allow ${p.tollAllow}`);
    }
    const existing = routes.get(prefixKey);
    if (existing) {
      if (existing.doc.trunk !== doc.trunk)
        ctx.report(
          'decision',
          where,
          `${prefixKey} is already routed through trunk ${String(existing.doc.trunk)} by ${existing.from.join(', ')}`,
          'pbxc routes a prefix through one trunk; the first (lowest order) is kept',
        );
      else {
        existing.from.push(p.name);
        existing.comments.push(...comments);
      }
      continue;
    }
    routes.set(prefixKey, { doc, order: p.order, from: [p.name], prefixKey, comments });
  }
  const names = new Set<string>();
  const out: unknown[] = [];
  for (const r of [...routes.values()].sort((a, b) =>
    a.prefixKey === 'emergency'
      ? -1
      : b.prefixKey === 'emergency'
        ? 1
        : b.prefixKey.length - a.prefixKey.length || (a.prefixKey < b.prefixKey ? -1 : 1),
  )) {
    let name = String(r.doc.name);
    for (let i = 2; names.has(name); i++) name = `${r.doc.name}-${i}`;
    names.add(name);
    out.push(
      note(
        { ...r.doc, name },
        `FusionPBX ${r.from.map((f) => label(f) ?? f).join(', ')}${r.comments.length ? `: ${r.comments.join('; ')}` : ''}`,
      ),
    );
  }
  return { routes: out, emergency: [...emergency], gateways };
}
