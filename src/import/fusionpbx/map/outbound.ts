import { note } from '../../yaml-style.js';
import { label } from '../names.js';
import { enabled, int, type Row, text } from '../rows.js';
import { compareNumbers, type TenantContext } from './context.js';
import { readRoute } from './route-pattern.js';

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

export interface OutboundResult {
  readonly routes: unknown[];
  readonly emergency: string[];
  /** Gateway uuids the routes use, in route order. */
  readonly gateways: string[];
  /** dialing.national_without_prefix: lengths of national numbers the routes let users dial bare. */
  readonly nationalWithoutPrefix: number[];
}

interface Candidate {
  doc: Record<string, unknown>;
  prefixes: string[];
  trunk: string;
  allow?: string[];
  from: string[];
  comments: string[];
}

const sameAllow = (a?: readonly string[], b?: readonly string[]) =>
  (a === undefined && b === undefined) || (!!a && !!b && a.join(',') === b.join(','));

const allowText = (a?: readonly string[]) => (a ? `only ${a.join(', ') || 'nobody'}` : 'everyone');

function routeName(prefixes: readonly string[], cc: string, fusionName: string): string {
  if (prefixes.length === 1 && prefixes[0] === '+') return 'international';
  if (prefixes.length === 1 && prefixes[0] === `+${cc}`) return 'national';
  if (prefixes.length === 1) return `prefix-${prefixes[0]!.slice(1)}`;
  const tail = fusionName.split('.').pop() ?? '';
  const slug = tail
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return /^[a-z]/.test(slug) ? slug.slice(0, 40) : `prefix-${prefixes[0]!.slice(1) || 'any'}`;
}

/**
 * Outbound routes: FusionPBX writes two dialplans per expression (call_direction-outbound.* and
 * <gateway>.*); the one with the bridge names the gateway, the pattern and the toll restriction.
 * Each expression becomes its own pbxc route over the E.164 prefixes it dials; two expressions
 * become one route only when they cover the same prefixes through the same trunk with the same
 * restriction. Where pbxc must pick one of two different routings, the report says so.
 */
export function mapOutbound(
  ctx: TenantContext,
  dialplans: readonly Row[],
  trunkOf: (uuid: string) => string | undefined,
): OutboundResult {
  const routes: Candidate[] = [];
  let emergencyRoute: Candidate | undefined;
  const emergency = new Set<string>();
  const lengths = new Set<number>();
  const gateways: string[] = [];
  const d = { cc: ctx.country.cc, national: ctx.country.national, international: ctx.country.international };
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
    if (!p.regex) {
      ctx.report('skipped', where, 'it has no destination_number condition', 'add an outbound route by hand');
      continue;
    }
    if (failover.length > 0)
      ctx.report(
        'changed',
        where,
        `failover gateways ${failover.map((f) => f.gateway).join(', ')} are not carried over`,
        'pbxc routes each prefix through one trunk',
      );
    let allow: string[] | undefined;
    const comments: string[] = [];
    if (p.tollAllow) {
      const words = p.tollAllow.match(/[a-z_]+/gi) ?? [];
      allow = [...ctx.extensions.entries()]
        .filter(([, e]) =>
          (text(e, 'toll_allow') ?? '').split(/[,\s]+/).some((t) => (words as string[]).includes(t)),
        )
        .map(([n]) => n)
        .sort(compareNumbers);
    }
    const em = emergencyNumbers(p.regex);
    if (em) {
      for (const n of em) emergency.add(n);
      if (!emergencyRoute) {
        emergencyRoute = {
          doc: { name: 'emergency', match: 'emergency', trunk },
          prefixes: [],
          trunk,
          from: [p.name],
          comments: [],
        };
        gateways.push(first.gateway);
      } else if (emergencyRoute.trunk !== trunk)
        ctx.report(
          'decision',
          where,
          `emergency numbers already go through trunk ${emergencyRoute.trunk} (${emergencyRoute.from.join(', ')})`,
          'pbxc sends every emergency number through one trunk; the first (lowest order) is kept',
        );
      else emergencyRoute.from.push(p.name);
      if (allow)
        ctx.report(
          'changed',
          where,
          `its toll restriction (${p.tollAllow}) is dropped: pbxc never restricts emergency numbers`,
          'nothing to do',
        );
      continue;
    }
    const reading = readRoute(p.regex, first.prefix, d);
    const rules = `pbxc reads a dialled number only with +, the international prefix ${d.international}${d.national ? `, the national prefix ${d.national}` : ''} or as a whole national number of the lengths in dialing.national_without_prefix`;
    if (!reading || reading.prefixes.length === 0) {
      ctx.report(
        'decision',
        where,
        reading
          ? `users dialled ${reading.unreachable.join(', ')}, sent to the carrier as ${first.prefix}$1; ${rules}, so pbxc has no route for numbers dialled this way`
          : 'pbxc cannot tell from the expression which numbers it dials',
        reading
          ? 'tell the users to dial the full number in one of those forms'
          : 'add an outbound route (E.164 prefixes) by hand',
      );
      continue;
    }
    if (reading.unreachable.length > 0)
      ctx.report(
        'decision',
        where,
        `users also dialled ${reading.unreachable.join(', ')}, sent to the carrier as ${first.prefix}$1; ${rules}, so only numbers dialled in full reach ${reading.prefixes.join(', ')} through this route`,
        'tell the users to dial the full number',
      );
    for (const n of reading.lengths) lengths.add(n);
    comments.push(`${p.regex} → ${first.prefix}$1`);
    if (p.tollAllow) comments.push(`toll_allow ${p.tollAllow}`);
    const cand: Candidate = {
      doc: {},
      prefixes: reading.prefixes,
      trunk,
      ...(allow ? { allow } : {}),
      from: [p.name],
      comments,
    };
    // The same prefixes, trunk and restriction: one route.
    const twin = routes.find(
      (r) =>
        r.prefixes.join(' ') === cand.prefixes.join(' ') && r.trunk === trunk && sameAllow(r.allow, allow),
    );
    if (twin) {
      twin.from.push(p.name);
      twin.comments.push(...comments);
      gateways.push(first.gateway);
      continue;
    }
    // A prefix an earlier route already takes another way: pbxc routes a prefix one way only.
    const taken = cand.prefixes.filter((x) => routes.some((r) => r.prefixes.includes(x)));
    for (const x of taken) {
      const r = routes.find((q) => q.prefixes.includes(x))!;
      const differs = [
        r.trunk !== trunk ? `trunk ${r.trunk} instead of ${trunk}` : '',
        sameAllow(r.allow, allow) ? '' : `${allowText(r.allow)} instead of ${allowText(allow)} may call`,
      ]
        .filter(Boolean)
        .join(', ');
      ctx.report(
        'decision',
        where,
        `${x} is also dialled by ${r.from.join(', ')} (lower order), with ${differs}; pbxc routes a prefix one way, so that route's is kept`,
        'check who may call these numbers and through which trunk; change the route by hand',
      );
    }
    cand.prefixes = cand.prefixes.filter((x) => !taken.includes(x));
    if (cand.prefixes.length === 0) continue;
    gateways.push(first.gateway);
    cand.doc = {
      name: routeName(cand.prefixes, d.cc, p.name),
      prefixes: cand.prefixes,
      trunk,
      ...(allow ? { allow } : {}),
    };
    // FusionPBX tries routes by order, pbxc by longest prefix: an earlier route with a shorter
    // prefix took these numbers in FusionPBX; say so where that route sends them differently.
    for (const x of cand.prefixes) {
      const earlier = routes.find(
        (r) =>
          // "+" (international) is dialled with its own prefix: it never competes with national forms.
          r.prefixes.some((q) => q.length > 1 && x.startsWith(q) && q !== x) &&
          (r.trunk !== trunk || !sameAllow(r.allow, allow)),
      );
      if (earlier)
        ctx.report(
          'decision',
          where,
          `FusionPBX tried ${earlier.from.join(', ')} first (lower order), which also matches ${x}… numbers and sends them through trunk ${earlier.trunk} for ${allowText(earlier.allow)}; pbxc takes the longest prefix, so ${x}… now goes through trunk ${trunk} for ${allowText(allow)}`,
          'check which routing these numbers should have; change the route by hand',
        );
    }
    routes.push(cand);
  }
  const names = new Set<string>();
  const out: unknown[] = [];
  const longest = (r: Candidate) => Math.max(...r.prefixes.map((x) => x.length));
  const sorted = [...routes].sort(
    (a, b) =>
      longest(b) - longest(a) ||
      (a.prefixes[0]! < b.prefixes[0]! ? -1 : a.prefixes[0]! > b.prefixes[0]! ? 1 : 0),
  );
  for (const r of emergencyRoute ? [emergencyRoute, ...sorted] : sorted) {
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
  return {
    routes: out,
    emergency: [...emergency],
    gateways,
    nationalWithoutPrefix: [...lengths].sort((a, b) => a - b),
  };
}
