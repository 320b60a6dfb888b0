import { createHash } from 'node:crypto';
import type { JsonPath } from '../load/source-file.js';
import type { PlatformSpec, TenantSpec } from '../schema/types.gen.js';
import { compareStrings, sortBy } from '../util/text.js';
import { parseCidr } from './cidr.js';
import { DEFAULT_FEATURE_CODES, DEFAULTS } from './defaults.js';
import { toDestination } from './destination.js';
import { parseHoliday } from './holidays.js';
import { normalizeMac } from './mac.js';
import { extensionKind, parsePlanEntry } from './numbering.js';
import { parseParkSlots } from './park.js';
import { buildQueues } from './queue.js';
import { parseDays, parseTime } from './schedule-time.js';
import type {
  CallerId,
  Codec,
  DeviceModel,
  EnvironmentModel,
  ExtensionModel,
  FeatureCodes,
  KeyModel,
  LineModel,
  Model,
  Origin,
  PlatformModel,
  SrtpMode,
  TenantModel,
  Whitelist,
} from './types.js';

export type Locate = (path: JsonPath) => Origin;

export interface SpecInput<T> {
  readonly value: T;
  readonly locate: Locate;
  readonly text: string;
  readonly path: string;
}

/** Builds the immutable model from a spec that passed every check. */
export function buildModel(
  platform: SpecInput<PlatformSpec>,
  tenants: readonly SpecInput<TenantSpec>[],
): Model {
  const digest = createHash('sha256');
  // Keyed by the path inside the spec folder, so the digest does not depend on where --spec points.
  const rel = (f: SpecInput<unknown>) =>
    f === platform ? 'platform.yaml' : `tenants/${f.path.split('/').pop()}`;
  for (const f of sortBy([platform, ...tenants], rel)) digest.update(`${rel(f)}\n${f.text}\n`);
  const p = buildPlatform(platform);
  return deepFreeze({
    platform: p,
    tenants: sortBy(
      tenants.map((t) => buildTenant(t, p)),
      (t) => t.id,
    ),
    specDigest: digest.digest('hex'),
  });
}

function buildPlatform({ value: s, locate }: SpecInput<PlatformSpec>): PlatformModel {
  const whitelists: Whitelist[] = Object.entries(s.firewall.whitelists ?? {}).map(([name, entries]) => {
    const parsed = entries.map((e) => parseCidr(e).value).filter((c) => c !== undefined);
    const uniq = (fam: 4 | 6) =>
      [...new Set(parsed.filter((c) => c.family === fam).map((c) => c.cidr))].sort(compareStrings);
    return { name, ipv4: uniq(4), ipv6: uniq(6), origin: locate(['firewall', 'whitelists', name]) };
  });
  const url = new URL(s.provisioning?.base_url ?? 'https://provisioning.invalid');
  const environments: EnvironmentModel[] = Object.entries(s.environments ?? {}).map(([name, e]) => ({
    name,
    provider: e.provider ?? 'aws',
    region: e.aws?.region ?? e.storage?.region ?? 'us-east-1',
    ...(e.provider === 'generic' && e.storage
      ? {
          storage: {
            bucket: e.storage.bucket,
            ...(e.storage.endpoint ? { endpoint: e.storage.endpoint } : {}),
          },
        }
      : {}),
    ...(e.aws?.ami ? { ami: e.aws.ami } : {}),
    nodes: e.nodes,
    instanceType: e.instance_type ?? '',
    ...(e.dns_zone ? { dnsZone: e.dns_zone } : {}),
    ...(e.ssh_key ? { sshKey: e.ssh_key } : {}),
    freeswitch: {
      source: e.freeswitch?.source ?? 'signalwire-repo',
      tokenSecret: e.freeswitch?.token_secret ?? 'signalwire-token',
    },
    ...(e.database ? { database: { dsnSecret: e.database.dsn_secret } } : {}),
    ...(e.aws?.vpc_id && e.aws.subnet_ids
      ? { network: { vpcId: e.aws.vpc_id, subnetIds: [...e.aws.subnet_ids] } }
      : {}),
    ...(e.state
      ? {
          state: {
            bucket: e.state.bucket,
            key: e.state.key ?? `pbxc/${s.platform}/${name}.tfstate`,
            region: e.state.region ?? e.aws?.region ?? 'us-east-1',
          },
        }
      : {}),
    tenants: environmentTenants(e.tenants),
    domains: { ...(e.domains ?? {}) },
    dids: { ...(e.dids ?? {}) },
    trunks: Object.fromEntries(
      Object.entries(e.trunks ?? {})
        .sort(([a], [b]) => compareStrings(a, b))
        .map(([key, o]) => [
          key,
          {
            ...(o.register !== undefined ? { register: o.register } : {}),
            ...(o.host ? { host: o.host } : {}),
            ...(o.port ? { port: o.port } : {}),
            ...(o.transport ? { transport: o.transport } : {}),
            ...(o.username ? { username: o.username } : {}),
            ...(o.password
              ? { password: { kind: 'named' as const, name: o.password.secret, rev: o.password.rev ?? 0 } }
              : {}),
            ...(o.realm ? { realm: o.realm } : {}),
            ...(o.from_domain ? { fromDomain: o.from_domain } : {}),
            ...(o.inbound_from ? { inboundFrom: [...o.inbound_from] } : {}),
          },
        ]),
    ),
    origin: locate(['environments', name]),
  }));
  const fb = s.firewall.fail2ban;
  return {
    id: s.platform,
    sip: {
      ports: { ...s.sip.ports },
      externalPort: s.sip.ports.external ?? DEFAULTS.externalPort,
      externalTlsPort: s.sip.ports.external_tls ?? (s.sip.ports.external ?? DEFAULTS.externalPort) + 1,
      rtp: { from: s.sip.rtp.from, to: s.sip.rtp.to },
      codecs: [...s.sip.codecs] as Codec[],
      maxRegistrations: s.sip.max_registrations ?? DEFAULTS.maxRegistrations,
      dtmf: s.sip.dtmf ?? 'rfc2833',
      registration: {
        expires: s.sip.registration?.expires ?? DEFAULTS.registrationExpires,
        keepalive: s.sip.registration?.keepalive ?? DEFAULTS.natKeepalive,
      },
      holdMusic: s.sip.hold_music ?? 'music/8000',
    },
    featureCodes: { ...DEFAULT_FEATURE_CODES, ...(s.feature_codes ?? {}) },
    firewall: {
      whitelists: sortBy(whitelists, (w) => w.name),
      sipAccess: s.firewall.sip_access ?? 'open',
      sipWhitelists: [...(s.firewall.sip_whitelists ?? [])],
      adminAccess: [...(s.firewall.admin_access ?? [])],
      adminPorts: [...(s.firewall.admin_ports ?? DEFAULTS.adminPorts)].sort((a, b) => a - b),
      fail2ban: {
        maxretry: fb?.maxretry ?? DEFAULTS.fail2ban.maxretry,
        findtime: fb?.findtime ?? DEFAULTS.fail2ban.findtime,
        bantime: fb?.bantime ?? DEFAULTS.fail2ban.bantime,
        recidiveBantime: fb?.recidive_bantime ?? DEFAULTS.fail2ban.recidiveBantime,
        ignore: [...(fb?.ignore ?? [])],
      },
    },
    provisioning: {
      baseUrl: (s.provisioning?.base_url ?? `https://${url.hostname}`).replace(/\/+$/, ''),
      host: url.hostname,
      port: url.port ? Number(url.port) : 443,
      pathPrefix: url.pathname.replace(/\/+$/, ''),
      updateIntervalMinutes: s.provisioning?.update_interval_minutes ?? DEFAULTS.updateIntervalMinutes,
      adminPassword: s.provisioning?.admin_password ?? 'auto',
      sipTransport: s.provisioning?.sip_transport ?? 'udp',
      srtp: s.provisioning?.srtp ?? 'auto',
      allow: [...(s.provisioning?.allow ?? [])],
      ntpServer: s.provisioning?.ntp_server ?? DEFAULTS.ntpServer,
      tftpAllow: [...(s.provisioning?.tftp?.allow ?? [])],
      userSettings: [...(s.provisioning?.user_settings ?? [])].sort(compareStrings),
    },
    environments: sortBy(environments, (e) => e.name),
    secrets: {
      eventSocket: {
        kind: 'derived',
        id: `platform/${s.platform}/event-socket/password`,
        format: 'password',
        rev: s.rev ?? 0,
      },
    },
    origin: locate([]),
  };
}

function buildTenant({ value: t, locate }: SpecInput<TenantSpec>, platform: PlatformModel): TenantModel {
  const plan = t.number_plan.map(parsePlanEntry);
  const featureCodes: FeatureCodes = { ...platform.featureCodes, ...(t.feature_codes ?? {}) };
  const park = parseParkSlots(featureCodes.park_slots).value ?? { first: '', last: '', slots: [] };
  const trunkSpecs = t.trunks ?? [];
  const lineSpecs = t.lines ?? [];

  const lines: LineModel[] = lineSpecs.map((l, i) => ({
    extension: l.extension,
    did: l.did,
    trunk: l.trunk,
    priority: l.priority ?? DEFAULTS.linePriority,
    origin: locate(['lines', i]),
  }));
  const byPriority = (a: LineModel, b: LineModel) => a.priority - b.priority || compareStrings(a.did, b.did);
  const routes = t.outbound_routes ?? [];
  // Indexes by number, so each extension costs the same however large the tenant (no E × L scans).
  const groupsByMember = new Map<string, Set<string>>();
  for (const g of t.ring_groups ?? [])
    for (const m of g.members) {
      const set = groupsByMember.get(m) ?? new Set<string>();
      set.add(g.number);
      groupsByMember.set(m, set);
    }
  const groupsOf = (n: string) => [...(groupsByMember.get(n) ?? [])].sort(compareStrings);
  const linesByExtension = new Map<string, LineModel[]>();
  for (const l of lines) {
    const own = linesByExtension.get(l.extension) ?? [];
    own.push(l);
    linesByExtension.set(l.extension, own);
  }
  const trunksById = sortBy(trunkSpecs, (x) => x.id);
  const tollAllowOf = new Map<string, string[]>();
  for (const r of routes)
    for (const n of r.allow ?? []) tollAllowOf.set(n, [...(tollAllowOf.get(n) ?? []), r.name]);

  const extensions: ExtensionModel[] = (t.extensions ?? []).map((e, i) => {
    const own = [...(linesByExtension.get(e.number) ?? [])].sort(byPriority);
    // Keyed by trunk id (user text such as "constructor"): no prototype to inherit from.
    const callerIdByTrunk = Object.create(null) as Record<string, string>;
    for (const trunk of trunksById) {
      const line = own.find((l) => l.trunk === trunk.id);
      const number = line?.did ?? trunk.caller_id;
      if (number) callerIdByTrunk[trunk.id] = number;
    }
    const first = own[0]?.did ?? trunkSpecs.find((x) => x.caller_id)?.caller_id;
    const outboundCallerId: CallerId | undefined = first
      ? { number: first, name: e.caller_id_name ?? e.name }
      : undefined;
    const f = e.forward ?? {};
    const rev = e.rev ?? 0;
    return {
      number: e.number,
      name: e.name,
      callerIdName: e.caller_id_name ?? e.name,
      ...(e.user ? { user: e.user } : {}),
      ...(e.email ? { email: e.email } : {}),
      voicemail: e.voicemail ?? false,
      record: e.record ?? false,
      webrtc: e.webrtc ?? false,
      dnd: e.dnd ?? false,
      kind: extensionKind(plan, e.number, e.webrtc ?? false),
      forward: {
        ...(f.always ? { always: toDestination(f.always.to) } : {}),
        ...(f.on_busy ? { busy: toDestination(f.on_busy.to) } : {}),
        ...(f.on_no_answer
          ? {
              noAnswer: {
                after: f.on_no_answer.after ?? DEFAULTS.forwardNoAnswerAfter,
                to: toDestination(f.on_no_answer.to),
              },
            }
          : {}),
        ...(f.on_unregistered ? { unregistered: toDestination(f.on_unregistered.to) } : {}),
      },
      callGroups: groupsOf(e.number),
      lines: own,
      ...(outboundCallerId ? { outboundCallerId } : {}),
      callerIdByTrunk,
      tollAllow: [...new Set(tollAllowOf.get(e.number) ?? [])].sort(compareStrings),
      password: e.password
        ? { kind: 'named', name: e.password.secret, rev: e.password.rev ?? 0 }
        : {
            kind: 'derived',
            id: `${t.tenant}/extension/${e.number}/sip-password`,
            format: 'password',
            rev,
          },
      pin: { kind: 'derived', id: `${t.tenant}/extension/${e.number}/voicemail-pin`, format: 'pin', rev },
      origin: locate(['extensions', i]),
    };
  });

  const lineByDid = new Map<string, LineModel>();
  for (const l of lines) if (!lineByDid.has(l.did)) lineByDid.set(l.did, l);
  const lineOf = (did: string) => lineByDid.get(did);
  const extByNumber = new Map<string, ExtensionModel>();
  for (const e of extensions) if (!extByNumber.has(e.number)) extByNumber.set(e.number, e);
  const extName = (n: string) => extByNumber.get(n)?.name ?? n;

  const devices: DeviceModel[] = (t.devices ?? []).map((d, i) => {
    const mac = normalizeMac(d.mac) ?? d.mac.toLowerCase();
    const keys: KeyModel[] = (d.keys ?? []).map((k, j) => {
      const origin = locate(['devices', i, 'keys', j]);
      if (k.type === 'blf')
        return { type: 'blf', extension: k.extension, label: k.label ?? extName(k.extension), origin };
      if (k.type === 'park')
        return { type: 'park', slot: k.slot, label: k.label ?? `Park ${k.slot}`, origin };
      if (k.type === 'conference') {
        const room = (t.conferences ?? []).find((c) => c.number === k.room);
        return { type: 'conference', room: k.room, label: k.label ?? room?.name ?? k.room, origin };
      }
      return { type: 'speed_dial', number: k.number, label: k.label ?? k.number, origin };
    });
    const transport = phoneTransport(d.vendor, d.transport ?? platform.provisioning.sipTransport);
    return {
      mac,
      vendor: d.vendor,
      model: d.model,
      ...(d.firmware ? { firmware: d.firmware } : {}),
      name: d.name,
      lines: [...d.lines],
      keys,
      transport,
      srtp: srtpMode(transport, platform.provisioning.srtp),
      ...(platform.provisioning.adminPassword === 'auto'
        ? {
            adminPassword: {
              kind: 'derived' as const,
              id: `${t.tenant}/device/${mac}/admin-password`,
              format: 'password' as const,
              rev: d.rev ?? 0,
            },
          }
        : {}),
      origin: locate(['devices', i]),
    };
  });

  const r = t.softphones?.ringotel;
  const portFor = (transport: 'udp' | 'tcp' | 'tls') => platform.sip.ports[transport];

  return {
    id: t.tenant,
    name: t.name,
    domain: t.domain,
    test: t.test ?? false,
    timezone: t.timezone,
    language: t.language ?? 'en',
    context: t.tenant,
    dialing: {
      countryCode: t.dialing.country_code,
      nationalPrefix: t.dialing.national_prefix ?? '',
      internationalPrefix: t.dialing.international_prefix,
      nationalWithoutPrefix: [...(t.dialing.national_without_prefix ?? [])].sort((a, b) => a - b),
      emergency: [...t.dialing.emergency],
    },
    featureCodes,
    park: { code: featureCodes.park, lot: t.tenant, slots: park.slots, first: park.first, last: park.last },
    extensions: sortBy(extensions, (e) => e.number),
    ringGroups: sortBy(
      (t.ring_groups ?? []).map((g, i) => ({
        number: g.number,
        name: g.name,
        strategy: g.strategy,
        ringTimeout: g.ring_timeout,
        members: [...g.members],
        ...(g.on_no_answer ? { onNoAnswer: toDestination(g.on_no_answer) } : {}),
        origin: locate(['ring_groups', i]),
      })),
      (g) => g.number,
    ),
    conferences: sortBy(
      (t.conferences ?? []).map((c, i) => ({
        number: c.number,
        name: c.name,
        room: `${c.number}-${t.tenant}`,
        ...(c.pin !== undefined ? { pin: c.pin } : {}),
        ...(c.moderator_pin !== undefined ? { moderatorPin: c.moderator_pin } : {}),
        maxMembers: c.max_members ?? DEFAULTS.conferenceMaxMembers,
        waitForModerator: c.wait_for_moderator ?? false,
        record: c.record ?? false,
        announce: c.announce ?? true,
        origin: locate(['conferences', i]),
      })),
      (c) => c.number,
    ),
    conferenceProfile: {
      rate: t.conference_profile?.rate ?? DEFAULTS.conferenceRate,
      comfortNoise: t.conference_profile?.comfort_noise ?? true,
      energyLevel: t.conference_profile?.energy_level ?? DEFAULTS.conferenceEnergyLevel,
    },
    queues: buildQueues(t.queues ?? [], locate),
    ivrMenus: sortBy(
      (t.ivr_menus ?? []).map((m, i) => ({
        id: m.id,
        name: m.name,
        greeting: m.greeting,
        timeout: m.timeout ?? DEFAULTS.ivrTimeout,
        maxFailures: m.max_failures ?? DEFAULTS.ivrMaxFailures,
        options: sortBy(
          Object.entries(m.options).map(([digit, to]) => ({ digit, to: toDestination(to) })),
          (o) => o.digit,
        ),
        ...(m.on_timeout ? { onTimeout: toDestination(m.on_timeout) } : {}),
        origin: locate(['ivr_menus', i]),
      })),
      (m) => m.id,
    ),
    schedules: sortBy(
      (t.schedules ?? []).map((s, i) => ({
        id: s.id,
        open: s.open.map((o) => ({
          days: parseDays(o.days),
          from: parseTime(o.from) ?? 0,
          to: parseTime(o.to) ?? 0,
        })),
        // Rules that do not parse were reported by the schedule rules; the model keeps the rest.
        holidays: (s.holidays ?? []).flatMap((h) => {
          const parsed = parseHoliday(h as Parameters<typeof parseHoliday>[0]);
          return parsed ? [parsed] : [];
        }),
        origin: locate(['schedules', i]),
      })),
      (s) => s.id,
    ),
    trunks: sortBy(
      trunkSpecs.map((x, i) => ({
        id: x.id,
        gateway: `${t.tenant}-${x.id}`,
        host: x.host,
        port: x.port ?? (x.transport === 'tls' ? 5061 : 5060),
        transport: x.transport,
        register: x.register,
        ...(x.username ? { username: x.username } : {}),
        ...(x.password
          ? { password: { kind: 'named' as const, name: x.password.secret, rev: x.password.rev ?? 0 } }
          : {}),
        realm: x.realm ?? x.host,
        fromDomain: x.from_domain ?? x.host,
        inboundFrom: [...(x.inbound_from ?? [])],
        ...(x.caller_id ? { callerId: x.caller_id } : {}),
        ping: x.ping ?? DEFAULTS.trunkPing,
        origin: locate(['trunks', i]),
      })),
      (x) => x.id,
    ),
    dids: sortBy(
      (t.dids ?? []).map((d, i) => {
        // Ranges were expanded into single DIDs before the rules ran: every item has a number.
        const number = d.number ?? '';
        const line = lineOf(number);
        const to = d.to ? toDestination(d.to) : { type: 'extension' as const, number: line?.extension ?? '' };
        return {
          number,
          name: d.name ?? number,
          trunk: d.trunk,
          to,
          ...(d.schedule ? { schedule: d.schedule } : {}),
          ...(d.closed ? { closed: toDestination(d.closed) } : {}),
          origin: locate(['dids', i]),
        };
      }),
      (d) => d.number,
    ),
    lines: [...lines].sort((a, b) => compareStrings(a.extension, b.extension) || byPriority(a, b)),
    callFilters: (t.call_filters ?? []).map((c, i) => ({
      name: c.name,
      type: c.type,
      digits: c.pattern.replace(/^\+/, '').replace(/\*$/, ''),
      prefix: c.pattern.endsWith('*'),
      action: c.action ?? 'reject',
      ...(c.voicemail ? { voicemail: c.voicemail } : {}),
      origin: locate(['call_filters', i]),
    })),
    aliases: sortBy(
      (t.aliases ?? []).map((a, i) => ({
        number: a.number,
        name: a.name ?? a.number,
        to: toDestination(a.to),
        origin: locate(['aliases', i]),
      })),
      (a) => a.number,
    ),
    outboundRoutes: routes.map((o, i) => ({
      name: o.name,
      kind:
        o.match === 'emergency' ? ('emergency' as const) : o.types ? ('types' as const) : ('prefix' as const),
      prefixes: o.match === 'emergency' ? [...t.dialing.emergency] : [...(o.prefixes ?? [])],
      types: o.match === 'emergency' ? [] : [...(o.types ?? [])],
      trunk: o.trunk,
      ...(o.allow ? { allow: [...o.allow] } : {}),
      origin: locate(['outbound_routes', i]),
    })),
    devices: sortBy(devices, (d) => d.mac),
    ...(r
      ? {
          ringotel: {
            organization: r.organization,
            whitelist: r.whitelist,
            connection: {
              name: r.connection.name,
              transport: r.connection.transport,
              port: portFor(r.connection.transport),
              dtmf: r.connection.dtmf ?? platform.sip.dtmf,
              registrationTtl: r.connection.registration_ttl ?? DEFAULTS.ringotelTtl,
              ...(r.connection.outbound_proxy ? { outboundProxy: r.connection.outbound_proxy } : {}),
              codecs: [...((r.connection.codecs as Codec[] | undefined) ?? platform.sip.codecs)],
              headers: sortBy(
                Object.entries(r.connection.headers ?? {}).map(([name, value]) => ({ name, value })),
                (h) => h.name,
              ),
            },
            users: [...(r.users ?? [])],
            blfContacts: [...(r.blf_contacts ?? [])],
            origin: locate(['softphones', 'ringotel']),
          },
        }
      : {}),
    provisioningPassword: {
      kind: 'derived',
      id: `${t.tenant}/provisioning/http-password`,
      format: 'password',
      rev: t.rev ?? 0,
    },
    origin: locate([]),
  };
}

/** Cisco 79x0 SIP firmware has no SIP over TLS: it registers over UDP instead. */
function phoneTransport(vendor: string, wanted: 'udp' | 'tcp' | 'tls'): 'udp' | 'tcp' | 'tls' {
  return vendor === 'cisco' && wanted === 'tls' ? 'udp' : wanted;
}

/** SRTP only over tls: SDES keys travel in the SIP message, readable on udp or tcp. */
export function srtpMode(transport: 'udp' | 'tcp' | 'tls', setting: 'auto' | 'optional' | 'off'): SrtpMode {
  if (transport !== 'tls' || setting === 'off') return 'off';
  return setting === 'auto' ? 'mandatory' : 'optional';
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** An environment's tenants key as the model holds it (the schema allows only these shapes). */
function environmentTenants(value: unknown): 'all' | 'test' | readonly string[] {
  if (Array.isArray(value)) return [...(value as string[])].sort(compareStrings);
  return value === 'test' ? 'test' : 'all';
}
