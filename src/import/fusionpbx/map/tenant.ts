import { isIanaZone } from '../../../model/schedule-time.js';
import type { ReportItem } from '../../report.js';
import { bare, note } from '../../yaml-style.js';
import { type Country, ccOfE164, ccOfZone, countryOf, isE164, nanpGuess, toE164 } from '../dialing.js';
import { label, slug, uniqueId } from '../names.js';
import { enabled, type FusionRows, flag, type Row, text } from '../rows.js';
import { APP, STOCK_DIALPLANS } from './apps.js';
import { mapCallFilters } from './call-filters.js';
import { compareNumbers, reporter, type TenantContext } from './context.js';
import { mapDevices } from './devices.js';
import { type Did, didDoc, mapDids } from './dids.js';
import { dropEmergencyClashes } from './emergency-clash.js';
import { mapExtensions } from './extensions.js';
import { mapIvrMenus } from './ivr-menus.js';
import { inferPlan } from './number-plan.js';
import { mapOutbound } from './outbound.js';
import { mapQueues, registerQueues } from './queues.js';
import { dropDanglingReferences } from './references.js';
import { mapRingGroups } from './ring-groups.js';
import { setting, variable } from './settings.js';
import { mapTimeConditions } from './time-conditions.js';
import { mapTrunk, type Trunk } from './trunks.js';

export interface TenantOptions {
  readonly holidayYears: readonly number[];
  readonly keepPasswords: boolean;
  /** Park slot check against the platform's feature codes. */
  readonly parkSlot: (slot: string) => boolean;
  /** DIDs already claimed by an earlier tenant: number → tenant id. */
  readonly claimed: Map<string, string>;
  /** Device MACs already imported (by earlier tenants). */
  readonly macs: Set<string>;
}

export interface TenantResult {
  readonly id: string;
  readonly domain: string;
  readonly doc: Record<string, unknown>;
  readonly trunks: readonly Trunk[];
  readonly secrets: Readonly<Record<string, string>>;
  readonly counts: Readonly<Record<string, number>>;
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const NUMBER = /^[a-z0-9]{1,32}$/;

function countryFor(
  rows: FusionRows,
  d: Row,
  numbers: readonly string[],
  zone: string,
  report: (c: string) => void,
): Country {
  const uuid = text(d, 'domain_uuid');
  const fromSetting =
    setting(rows, uuid, 'domain', 'country_code') ?? setting(rows, uuid, 'provision', 'country_code');
  const tally = new Map<string, number>();
  for (const n of numbers) {
    const cc = isE164(n) ? ccOfE164(n) : undefined;
    if (cc) tally.set(cc, (tally.get(cc) ?? 0) + 1);
  }
  const fromNumbers = [...tally.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
  const cc = [
    fromSetting,
    ccOfZone(zone),
    fromNumbers,
    nanpGuess(zone),
    variable(rows, 'default_countrycode'),
  ].find((c) => c && countryOf(c));
  if (cc) return countryOf(cc) as Country;
  report(fromSetting ?? fromNumbers ?? variable(rows, 'default_countrycode') ?? '?');
  return countryOf('1') as Country;
}

/** One FusionPBX domain as a tenant document, with its trunks and secrets; report items on the side. */
export function mapTenant(
  rows: FusionRows,
  d: Row,
  id: string,
  items: ReportItem[],
  options: TenantOptions,
): TenantResult | undefined {
  const uuid = text(d, 'domain_uuid') ?? '';
  const domain = (text(d, 'domain_name') ?? '').toLowerCase();
  const report = reporter(items, id);
  if (!DOMAIN.test(domain)) {
    report(
      'decision',
      `domain ${domain}`,
      'its name is not a DNS domain pbxc can use as the SIP domain',
      'rename the domain (or import it by hand)',
    );
    return undefined;
  }
  const zoneRaw = setting(rows, uuid, 'domain', 'time_zone');
  const timezone =
    zoneRaw && /^[A-Za-z0-9_+/-]{1,64}$/.test(zoneRaw) && isIanaZone(zoneRaw) ? zoneRaw : 'UTC';
  if (zoneRaw && timezone !== zoneRaw)
    report(
      'decision',
      `domain ${domain} time zone ${zoneRaw}`,
      'it is not an IANA time zone',
      'set the tenant timezone; schedules are evaluated in UTC until then',
    );
  const mine = (t: keyof FusionRows) => rows[t].filter((r) => text(r, 'domain_uuid') === uuid);
  const allExt = mine('v_extensions');
  const cidNumbers = allExt
    .flatMap((e) => [text(e, 'outbound_caller_id_number'), text(e, 'emergency_caller_id_number')])
    .filter((x): x is string => !!x);
  const destNumbers = mine('v_destinations').map((x) => text(x, 'destination_number') ?? '');
  const country = countryFor(rows, d, [...cidNumbers, ...destNumbers], timezone, (c) =>
    report(
      'decision',
      `domain ${domain} country`,
      `the tenant's country (${c}) is not one pbxc knows`,
      'set dialing.country_code, national_prefix and international_prefix by hand',
    ),
  );
  const synthetic: { groups: Row[]; destinations: Row[] } = { groups: [], destinations: [] };
  const ctx: TenantContext = {
    id,
    domain,
    uuid,
    country,
    rows: (t) =>
      t === 'v_ring_groups'
        ? [...rows.v_ring_groups, ...synthetic.groups]
        : t === 'v_ring_group_destinations'
          ? [...rows.v_ring_group_destinations, ...synthetic.destinations]
          : (rows[t as keyof FusionRows] ?? []),
    extensions: new Map(),
    disabledExtensions: new Map(),
    voicemailOn: new Set(),
    ringGroups: new Map(),
    queues: new Map(),
    ivrs: new Map(),
    ivrByUuid: new Map(),
    schedules: new Map(),
    others: new Map(),
    callFlows: new Map(),
    items,
    report,
  };
  for (const e of allExt) {
    const n = (text(e, 'extension') ?? '').toLowerCase();
    if (!NUMBER.test(n)) {
      report(
        'skipped',
        `extension ${text(e, 'extension')}`,
        'pbxc extension numbers are lower-case letters and digits (up to 32)',
        'renumber it',
      );
      continue;
    }
    if (!enabled(e, 'enabled')) {
      ctx.disabledExtensions.set(n, e);
      report(
        'skipped',
        `extension ${n}${text(e, 'description') ? ` "${text(e, 'description')}"` : ''}`,
        'it is disabled in FusionPBX; pbxc has no disabled extensions',
        'add it again when it is needed; references to it were dropped and are listed here',
      );
      continue;
    }
    ctx.extensions.set(n, e);
  }
  const pins: string[] = [];
  for (const v of mine('v_voicemails')) {
    const box = text(v, 'voicemail_id') ?? '';
    if (ctx.extensions.has(box) && flag(v, 'voicemail_enabled') !== false) ctx.voicemailOn.add(box);
    if (ctx.extensions.has(box) && flag(v, 'voicemail_enabled') !== false) {
      const lost: string[] = [];
      if (
        ctx.rows('v_voicemail_options').some((o) => text(o, 'voicemail_uuid') === text(v, 'voicemail_uuid'))
      )
        lost.push('menu options');
      if (
        ctx
          .rows('v_voicemail_destinations')
          .some((o) => text(o, 'voicemail_uuid') === text(v, 'voicemail_uuid'))
      )
        lost.push('copies to other boxes');
      if (flag(v, 'voicemail_transcription_enabled')) lost.push('transcription');
      if (text(v, 'voicemail_password')) pins.push(box);
      if (lost.length > 0)
        report(
          'changed',
          `voicemail ${box}`,
          `not carried over: ${lost.join(', ')}`,
          'set these up by other means if still needed',
        );
    }
  }
  if (pins.length > 0)
    report(
      'changed',
      `voicemail PINs of ${pins.sort(compareNumbers).join(', ')}`,
      'pbxc derives new voicemail PINs from its master key',
      'tell each user the new PIN (pbxc credentials prints it)',
    );
  const callGroups = new Map<string, string[]>();
  for (const [n, e] of ctx.extensions) {
    const g = text(e, 'call_group');
    if (g) callGroups.set(g, [...(callGroups.get(g) ?? []), n].sort(compareNumbers));
  }
  if (callGroups.size > 0)
    report(
      'changed',
      `call groups: ${[...callGroups]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([g, ns]) => `${g} (${ns.join(', ')})`)
        .join('; ')}`,
      'pbxc derives pickup groups from the ring groups',
      'check that group pickup still reaches the right people',
    );
  for (const g of [...mine('v_ring_groups'), ...synthetic.groups]) {
    const n = (text(g, 'ring_group_extension') ?? '').toLowerCase();
    const where = `ring group ${n} "${text(g, 'ring_group_name') ?? ''}"`;
    if (!NUMBER.test(n)) report('skipped', where, 'its number is not a pbxc number', 'renumber it');
    else if (!enabled(g, 'ring_group_enabled'))
      report('skipped', where, 'it is disabled in FusionPBX', 'nothing to do');
    else if (ctx.extensions.has(n))
      report('decision', where, `extension ${n} has the same number`, 'renumber one of them');
    else ctx.ringGroups.set(n, g);
  }
  registerQueues(ctx, rows);
  const ivrTaken = new Set<string>();
  for (const m of mine('v_ivr_menus').sort((a, b) =>
    compareNumbers(text(a, 'ivr_menu_extension') ?? '', text(b, 'ivr_menu_extension') ?? ''),
  )) {
    const n = (text(m, 'ivr_menu_extension') ?? '').toLowerCase();
    const where = `IVR ${n} "${text(m, 'ivr_menu_name') ?? ''}"`;
    if (!enabled(m, 'ivr_menu_enabled')) {
      report('skipped', where, 'it is disabled in FusionPBX', 'nothing to do');
      continue;
    }
    const entry = { id: uniqueId(slug(text(m, 'ivr_menu_name') ?? '') ?? `ivr-${n}`, ivrTaken), row: m };
    ctx.ivrs.set(n, entry);
    ctx.ivrByUuid.set(text(m, 'ivr_menu_uuid') ?? '', entry);
  }
  const apps: [keyof FusionRows, string, string, string, string][] = [
    [
      'v_conferences',
      'conference',
      'conference_extension',
      'conference_name',
      'a conference room: pbxc has no conferences',
    ],
    ['v_fifo', 'FIFO queue', 'fifo_extension', 'fifo_name', 'pbxc has no queues'],
    ['v_fax', 'fax server', 'fax_extension', 'fax_name', 'pbxc has no fax'],
  ];
  for (const [table, kind, numberCol, nameCol, why] of apps) {
    for (const r of mine(table)) {
      const n = text(r, numberCol) ?? '';
      const what = `${kind} ${n} "${text(r, nameCol) ?? ''}"`;
      ctx.others.set(n, what);
      const todo =
        kind === 'call center queue' || kind === 'FIFO queue'
          ? 'use a ring group of the agents (strategy rollover or sequence), or keep a queue server next to pbxc'
          : kind === 'call flow'
            ? 'use a schedule on the DID; manual day/night switching is not available'
            : kind === 'conference'
              ? 'use an external conference service (a DID or sip_uri destination)'
              : 'use an external fax service or e-mail fax gateway';
      report('skipped', what, why, todo);
    }
  }

  for (const f of mine('v_call_flows')) {
    const n = text(f, 'call_flow_extension') ?? '';
    const where = `call flow ${n} "${text(f, 'call_flow_name') ?? ''}"${text(f, 'call_flow_feature_code') ? ` (${text(f, 'call_flow_feature_code')})` : ''}`;
    if (!enabled(f, 'call_flow_enabled')) {
      report('skipped', where, 'it is disabled in FusionPBX', 'nothing to do');
      continue;
    }
    ctx.callFlows.set(n, f);
    const on = flag(f, 'call_flow_status') !== false;
    report(
      'changed',
      where,
      `pbxc has no day/night toggle: what led to it now goes to its current state "${(on ? text(f, 'call_flow_label') : text(f, 'call_flow_alternate_label')) ?? (on ? 'on' : 'off')}" for good`,
      'use a schedule on the DID for time-based switching; manual switching is not available',
    );
  }
  const dialplans = rows.v_dialplans.filter((p) => text(p, 'domain_uuid') === uuid);
  const appOwned = new Set<string>(Object.values(APP).filter((a) => a !== APP.wizard));
  for (const p of dialplans) {
    const n = text(p, 'dialplan_number');
    if (n && !appOwned.has(text(p, 'app_uuid') ?? '') && !ctx.others.has(n) && enabled(p, 'dialplan_enabled'))
      ctx.others.set(n, `custom dialplan "${text(p, 'dialplan_name') ?? n}"`);
  }
  const tcPlans = dialplans.filter(
    (p) => text(p, 'app_uuid') === APP.timeCondition && enabled(p, 'dialplan_enabled'),
  );
  for (const p of dialplans.filter(
    (x) => text(x, 'app_uuid') === APP.timeCondition && !enabled(x, 'dialplan_enabled'),
  ))
    report(
      'skipped',
      `time condition ${text(p, 'dialplan_number')} "${text(p, 'dialplan_name')}"`,
      'it is disabled in FusionPBX',
      'nothing to do',
    );
  mapTimeConditions(ctx, tcPlans, options.holidayYears, timezone);

  const users = new Map<string, Row>();
  for (const eu of mine('v_extension_users')) {
    const u = rows.v_users.find((x) => text(x, 'user_uuid') === text(eu, 'user_uuid'));
    const e = text(eu, 'extension_uuid') ?? '';
    if (u && !users.has(e)) users.set(e, u);
  }
  const ext = mapExtensions(ctx, users);
  const ringGroups = mapRingGroups(ctx);
  const ivr = mapIvrMenus(ctx);
  const queues = mapQueues(ctx, rows);

  // Trunks: the tenant's gateways, and global ones its routes use.
  const trunks: Trunk[] = [];
  const trunkIds = new Set<string>();
  const outboundPlans = dialplans.filter(
    (p) => text(p, 'app_uuid') === APP.outbound && enabled(p, 'dialplan_enabled'),
  );
  const usedGateways = new Set(
    outboundPlans.flatMap((p) =>
      [...(text(p, 'dialplan_xml') ?? '').matchAll(/sofia\/gateway\/([0-9a-f-]{36})\//gi)].map((m) =>
        (m[1] ?? '').toLowerCase(),
      ),
    ),
  );
  for (const det of rows.v_dialplan_details)
    if (outboundPlans.some((p) => text(p, 'dialplan_uuid') === text(det, 'dialplan_uuid'))) {
      const m = /sofia\/gateway\/([0-9a-f-]{36})\//i.exec(text(det, 'dialplan_detail_data') ?? '');
      if (m) usedGateways.add((m[1] ?? '').toLowerCase());
    }
  const gateways = rows.v_gateways
    .filter(
      (g) =>
        text(g, 'domain_uuid') === uuid ||
        (!text(g, 'domain_uuid') && usedGateways.has((text(g, 'gateway_uuid') ?? '').toLowerCase())),
    )
    .sort((a, b) => ((text(a, 'gateway') ?? '') < (text(b, 'gateway') ?? '') ? -1 : 1));
  for (const g of gateways) {
    if (!enabled(g, 'enabled')) {
      report('skipped', `gateway ${text(g, 'gateway')}`, 'it is disabled in FusionPBX', 'nothing to do');
      continue;
    }
    const t = mapTrunk(ctx, g, trunkIds, !text(g, 'domain_uuid'));
    if (t) trunks.push(t);
  }
  // A tenant with DIDs but neither a gateway of its own nor a route through a global one: its
  // calls arrive through the install's global gateway (the first one, by name).
  if (trunks.length === 0 && mine('v_destinations').length > 0) {
    const global = rows.v_gateways
      .filter((g) => !text(g, 'domain_uuid') && enabled(g, 'enabled'))
      .sort((a, b) => ((text(a, 'gateway') ?? '') < (text(b, 'gateway') ?? '') ? -1 : 1))[0];
    const t = global ? mapTrunk(ctx, global, trunkIds, true) : undefined;
    if (t) {
      trunks.push(t);
      report(
        'changed',
        `global gateway ${text(global, 'gateway')}`,
        'the tenant has no gateway of its own; its DIDs were put on this global one',
        'check which trunk the DIDs arrive on',
      );
    }
  }
  const trunkOf = (gw: string) => trunks.find((t) => t.uuid.toLowerCase() === gw)?.id;
  const outbound = mapOutbound(ctx, outboundPlans, trunkOf);
  for (const p of dialplans.filter(
    (x) => text(x, 'app_uuid') === APP.outbound && !enabled(x, 'dialplan_enabled'),
  ))
    report(
      'skipped',
      `outbound route ${text(p, 'dialplan_name')}`,
      'it is disabled in FusionPBX',
      'nothing to do',
    );

  // The trunk DIDs arrive on: FusionPBX does not tie a destination to a gateway.
  const didTrunk =
    trunks.length === 1 ? trunks[0]?.id : (outbound.gateways.map(trunkOf).find(Boolean) ?? trunks[0]?.id);
  const didTrunkNote =
    trunks.length > 1 ? `trunk inferred: FusionPBX does not tie a destination to a gateway` : undefined;
  const dids: Did[] = [];
  for (const did of mapDids(ctx, didTrunk, didTrunkNote)) {
    const owner = options.claimed.get(did.number);
    if (owner) {
      report(
        'decision',
        did.where,
        `DID ${did.number} is already imported for tenant ${owner}; a DID routes to one tenant`,
        `decide which tenant owns ${did.number} and move it there`,
      );
      continue;
    }
    if (dids.some((x) => x.number === did.number)) {
      report(
        'decision',
        did.where,
        `DID ${did.number} is defined twice in this domain (different spellings of one number)`,
        'the first one is kept; check its destination',
      );
      continue;
    }
    options.claimed.set(did.number, id);
    dids.push(did);
  }

  // Lines: an extension whose outbound caller ID is a DID ringing it directly.
  const lines: unknown[] = [];
  const cidCount = new Map<string, number>();
  for (const [n, e] of ctx.extensions) {
    const cid = toE164(text(e, 'outbound_caller_id_number') ?? '', country);
    if (!cid) continue;
    cidCount.set(cid, (cidCount.get(cid) ?? 0) + 1);
    const did = dids.find((x) => x.number === cid);
    if (did && did.extension === n && didTrunk)
      lines.push({ extension: n, did: cid, trunk: didTrunk, priority: 1 });
  }
  const mainCid = [...cidCount.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
  for (const t of trunks)
    if (mainCid && t.id === didTrunk)
      t.doc.caller_id = note(mainCid, 'most common outbound caller ID of the extensions');
  for (const [n, e] of [...ctx.extensions].sort(([a], [b]) => compareNumbers(a, b))) {
    const raw = text(e, 'outbound_caller_id_number');
    const cid = raw ? toE164(raw, country) : undefined;
    if (!raw || cid === mainCid) continue;
    if (lines.some((l) => (l as { extension: string }).extension === n)) continue;
    report(
      'changed',
      `extension ${n} outbound caller ID ${raw}`,
      cid && dids.some((x) => x.number === cid)
        ? "that DID routes elsewhere, so it cannot be this extension's line"
        : 'it is not a DID of the tenant',
      `calls go out with the trunk caller ID ${mainCid ?? '(none)'}; add a line if the DID should belong to the extension`,
    );
  }

  const filters = mapCallFilters(ctx);
  const devices = mapDevices(ctx, options.parkSlot, options.macs);

  // Aliases must not collide with any other number.
  const used = new Set([...ctx.extensions.keys(), ...ctx.ringGroups.keys(), ...ctx.queues.keys()]);
  const aliases: unknown[] = [];
  const aliasNumbers: string[] = [];
  for (const a of [...ext.aliases, ...ivr.aliases]) {
    const value = (a as { value: { number: string } }).value ?? a;
    const n = (value as { number: string }).number;
    if (used.has(n)) {
      report(
        'skipped',
        `number ${n} of ${JSON.stringify((value as unknown as { to: unknown }).to)}`,
        'another extension or ring group has the same number',
        'renumber one of them',
      );
      continue;
    }
    used.add(n);
    aliases.push(a);
    aliasNumbers.push(n);
  }
  for (const [n, s] of ctx.schedules)
    if (!used.has(n))
      report(
        'changed',
        `time condition ${n} "${s.name}"`,
        'it became the schedule of the DIDs that route to it; the number itself is not dialable in pbxc',
        'dial the DID, or add an alias to the open destination',
      );

  dialplanReport(ctx, dialplans);

  const plan = inferPlan({
    extensions: [...ctx.extensions.keys()],
    groups: [
      ...[...ctx.ringGroups.keys()].filter((n) =>
        ringGroups.some((g) => (g as { number: string }).number === n),
      ),
      ...ctx.queues.keys(),
    ],
    aliases: aliasNumbers.filter((n) => !n.startsWith('*')),
  });
  if (plan.length === 0) plan.push({ range: '1000-1999', use: 'extensions' });

  const emergency = outbound.emergency.length > 0 ? outbound.emergency : [...country.emergency];
  const language = (setting(rows, uuid, 'domain', 'language') ?? '').slice(0, 2).toLowerCase();
  const doc: Record<string, unknown> = {
    tenant: id,
    name: label(text(d, 'domain_description')) ?? domain,
    domain,
    timezone: note(
      timezone,
      zoneRaw === timezone ? undefined : `FusionPBX time zone ${zoneRaw ?? '(none)'}: assumed UTC`,
    ),
  };
  if (/^[a-z]{2}$/.test(language)) doc.language = language;
  doc.dialing = note(
    {
      country_code: country.cc,
      ...(country.national ? { national_prefix: country.national } : {}),
      international_prefix: country.international,
      ...(outbound.nationalWithoutPrefix.length > 0
        ? { national_without_prefix: outbound.nationalWithoutPrefix }
        : {}),
      emergency,
    },
    outbound.emergency.length > 0 ? 'emergency numbers from the outbound routes' : 'country defaults',
  );
  doc.number_plan = note(plan, 'inferred from the numbers in use');
  if (ext.docs.length) doc.extensions = ext.docs;
  if (ringGroups.length) doc.ring_groups = ringGroups;
  if (queues.length) doc.queues = queues;
  if (ivr.docs.length) doc.ivr_menus = ivr.docs;
  const usedSchedules = new Set(dids.map((x) => x.doc.schedule).filter(Boolean));
  const schedules = [...ctx.schedules.values()]
    .filter((s) => usedSchedules.has(s.id))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  for (const s of ctx.schedules.values())
    if (!usedSchedules.has(s.id))
      report(
        'skipped',
        `time condition ${s.number} "${s.name}"`,
        'no DID routes to it, and pbxc schedules live on DIDs',
        'add it to a DID as schedule if it is still needed',
      );
  if (schedules.length) doc.schedules = schedules.map((s) => s.doc);
  if (trunks.length) doc.trunks = trunks.map((t) => t.doc);
  if (dids.length) doc.dids = dids.map(didDoc);
  if (lines.length) doc.lines = lines;
  if (filters.length) doc.call_filters = filters;
  if (aliases.length) doc.aliases = aliases;
  if (outbound.routes.length) doc.outbound_routes = outbound.routes;
  if (devices.length) doc.devices = devices;

  dropEmergencyClashes(ctx, doc, emergency);
  dropDanglingReferences(ctx, doc);

  const secrets: Record<string, string> = {};
  for (const t of trunks) if (t.secret) secrets[t.secret.name] = t.secret.value;
  if (options.keepPasswords) {
    for (const e of ext.docs as Record<string, unknown>[]) {
      const n = String(e.number);
      const pw = ext.passwords.get(n);
      if (!pw) continue;
      const name = `${id}-sip-${n}`.slice(0, 63);
      e.password = note({ secret: name }, 'the FusionPBX SIP password (--keep-passwords)');
      secrets[name] = pw;
    }
  }
  return {
    id,
    domain,
    doc,
    trunks,
    secrets,
    counts: Object.fromEntries(
      (
        [
          ['extensions', 'extensions'],
          ['ring groups', 'ring_groups'],
          ['queues', 'queues'],
          ['IVR menus', 'ivr_menus'],
          ['schedules', 'schedules'],
          ['trunks', 'trunks'],
          ['DIDs', 'dids'],
          ['outbound routes', 'outbound_routes'],
          ['call filters', 'call_filters'],
          ['devices', 'devices'],
        ] as const
      ).map(([label, key]) => [label, (bare<unknown[] | undefined>(doc[key]) ?? []).length]),
    ),
  };
}

/** Dialplans nothing above accounted for: stock ones together, custom ones one by one. */
function dialplanReport(ctx: TenantContext, dialplans: readonly Row[]): void {
  const accounted = new Set<string>([
    APP.timeCondition,
    APP.outbound,
    APP.inbound,
    APP.ringGroup,
    APP.ivr,
    APP.conference,
    APP.callCenter,
    APP.callFlow,
  ]);
  const stock: string[] = [];
  for (const p of dialplans) {
    if (accounted.has(text(p, 'app_uuid') ?? '')) continue;
    const name = text(p, 'dialplan_name') ?? '?';
    const number = text(p, 'dialplan_number');
    if (STOCK_DIALPLANS.has(name) && text(p, 'app_uuid') !== APP.wizard) {
      stock.push(name);
      continue;
    }
    const xml = text(p, 'dialplan_xml') ?? '';
    const dateTime = /date-time="([^"]+)"/.exec(xml)?.[1];
    const lua = /application="lua"/.test(xml);
    ctx.report(
      'skipped',
      `dialplan "${name}"${number ? ` (${number})` : ''}${enabled(p, 'dialplan_enabled') ? '' : ' (disabled)'}`,
      `a custom dialplan${lua ? ' running Lua' : ''}: pbxc writes the whole dialplan from the spec`,
      dateTime
        ? `its dates (${dateTime}) look like company holidays: add them to a schedule's holidays`
        : 'rebuild its purpose from spec objects (alias, ring group, IVR, schedule) or keep it outside pbxc',
    );
  }
  if (stock.length > 0)
    ctx.report(
      'skipped',
      `stock dialplans: ${[...new Set(stock)].sort().join(', ')}`,
      'FusionPBX feature dialplans; pbxc writes its own (feature codes, call filters)',
      'nothing to do; check the feature codes in platform.yaml',
    );
}
