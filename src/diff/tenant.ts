import type { DeviceModel, ExtensionModel, OutboundRouteModel, TenantModel } from '../model/types.js';
import { diffSequences } from '../util/seq-diff.js';
import type { Change, Consequence, Risk } from './change.js';
import { dayNightRisks } from './day-night.js';
import { destination, destinationText, list, match, sameDestination, scalar, secret, set } from './fields.js';
import { hangupRisks } from './hangs-up.js';
import {
  conferenceLabel,
  deviceLabel,
  extensionLabel,
  ivrLabel,
  keyText,
  ringGroupLabel,
  windowText,
} from './labels.js';
import { mediaChanges } from './media.js';
import { paging } from './paging.js';
import { queues } from './queues.js';

/** Collects one scope's changes, risks and consequences. */
export class Collector {
  readonly changes: Change[] = [];
  readonly risks: Risk[] = [];
  readonly consequences: Consequence[] = [];
  constructor(readonly scope: string) {}

  added(object: string, details: string[] = []): void {
    this.changes.push({ scope: this.scope, kind: 'added', object, details });
  }
  removed(object: string, details: string[] = []): void {
    this.changes.push({ scope: this.scope, kind: 'removed', object, details });
  }
  changed(object: string, details: string[]): void {
    if (details.length > 0) this.changes.push({ scope: this.scope, kind: 'changed', object, details });
  }
  risk(kind: Risk['kind'], message: string): void {
    this.risks.push({ kind, scope: this.scope, message });
  }
  note(message: string): void {
    this.consequences.push({ scope: this.scope, message });
  }
}

function extensionDetails(a: ExtensionModel, b: ExtensionModel): string[] {
  const out: string[] = [];
  scalar(out, 'name', a.name, b.name);
  // The caller ID name follows the name unless set on its own.
  if (a.callerIdName !== a.name || b.callerIdName !== b.name)
    scalar(out, 'caller ID name', a.callerIdName, b.callerIdName);
  scalar(out, 'user', a.user, b.user);
  scalar(out, 'email', a.email, b.email);
  scalar(out, 'voicemail', a.voicemail, b.voicemail);
  scalar(out, 'voicemail greeting', a.voicemailGreeting, b.voicemailGreeting);
  scalar(out, 'record', a.record, b.record);
  scalar(out, 'webrtc', a.webrtc, b.webrtc);
  scalar(out, 'dnd', a.dnd, b.dnd);
  scalar(out, 'kind', a.kind, b.kind);
  destination(out, 'forward always', a.forward.always, b.forward.always);
  destination(out, 'forward on busy', a.forward.busy, b.forward.busy);
  destination(out, 'forward on no answer', a.forward.noAnswer?.to, b.forward.noAnswer?.to);
  scalar(out, 'no-answer forward after (s)', a.forward.noAnswer?.after, b.forward.noAnswer?.after);
  destination(out, 'forward when unregistered', a.forward.unregistered, b.forward.unregistered);
  scalar(out, 'outbound caller ID', a.outboundCallerId?.number, b.outboundCallerId?.number);
  if (!secret(out, 'SIP password', a.password, b.password)) return out;
  if (b.voicemail || a.voicemail) secret(out, 'voicemail PIN', a.pin, b.pin);
  return out;
}

function devices(c: Collector, a: TenantModel, b: TenantModel): void {
  const nameA = new Map(a.extensions.map((e) => [e.number, e.name]));
  const nameB = new Map(b.extensions.map((e) => [e.number, e.name]));
  const m = match(a.devices, b.devices, (d) => d.mac);
  for (const d of m.added) c.added(deviceLabel(d), [`${d.vendor} ${d.model}, lines ${d.lines.join(', ')}`]);
  for (const d of m.removed) c.removed(deviceLabel(d));
  for (const [x, y] of m.both) {
    const out: string[] = [];
    scalar(out, 'name', x.name, y.name);
    scalar(out, 'vendor', x.vendor, y.vendor);
    scalar(out, 'model', x.model, y.model);
    scalar(out, 'firmware', x.firmware, y.firmware);
    scalar(out, 'transport', x.transport, y.transport);
    list(out, 'lines', x.lines, y.lines);
    keys(c, out, x, y, nameA, nameB);
    secret(out, 'admin password', x.adminPassword, y.adminPassword);
    c.changed(deviceLabel(y), out);
  }
}

function keys(
  c: Collector,
  out: string[],
  x: DeviceModel,
  y: DeviceModel,
  nameA: Map<string, string>,
  nameB: Map<string, string>,
): void {
  // Aligned by what each key does, so inserting a key names that key, not every one after it.
  const edits = diffSequences(x.keys, y.keys, (p, q) => keyText(p) === keyText(q)) ?? [];
  let ia = 0;
  let ib = 0;
  for (let e = 0; e < edits.length; e++) {
    const edit = edits[e]!;
    const next = edits[e + 1];
    if (edit.op === 'del' && next?.op === 'add') {
      out.push(`key ${ib + 1} ${keyText(edit.a)} → ${keyText(next.b)}`);
      ia++;
      ib++;
      e++;
    } else if (edit.op === 'del') {
      out.push(`key ${ia + 1} removed (was ${keyText(edit.a)})`);
      ia++;
    } else if (edit.op === 'add') {
      out.push(`key ${ib + 1} added: ${keyText(edit.b)} "${edit.b.label}"`);
      ib++;
    } else {
      const ka = edit.a;
      const kb = edit.b;
      if (ka.label !== kb.label) {
        // A BLF key without its own label shows the watched extension's name: a rename elsewhere.
        const followed =
          ka.type === 'blf' && ka.label === nameA.get(ka.extension) && kb.label === nameB.get(ka.extension);
        if (followed)
          c.note(
            `${deviceLabel(y)}: key ${ib + 1} label "${ka.label}" → "${kb.label}" follows the rename of extension ${ka.extension}`,
          );
        else out.push(`key ${ib + 1} label "${ka.label}" → "${kb.label}"`);
      }
      ia++;
      ib++;
    }
  }
}

/** Is a number starting with `prefix` allowed for `ext` (longest matching prefix route decides)? */
function tollAllowed(routes: readonly OutboundRouteModel[], prefix: string, ext: string): string | undefined {
  let best: OutboundRouteModel | undefined;
  let bestLength = -1;
  for (const r of routes) {
    if (r.kind !== 'prefix') continue;
    for (const p of r.prefixes)
      if (prefix.startsWith(p) && p.length > bestLength) {
        best = r;
        bestLength = p.length;
      }
  }
  if (!best) return undefined;
  return !best.allow || best.allow.includes(ext) ? best.name : undefined;
}

function outboundRoutes(c: Collector, a: TenantModel, b: TenantModel): void {
  const m = match(a.outboundRoutes, b.outboundRoutes, (r) => r.name);
  const text = (r: OutboundRouteModel) =>
    `${r.kind === 'emergency' ? `emergency ${r.prefixes.join(', ')}` : r.kind === 'types' ? `number types ${r.types.join(', ')}` : r.prefixes.join(', ')} via trunk ${r.trunk}${r.allow ? `, only ${r.allow.join(', ')}` : ''}`;
  for (const r of m.added) c.added(`outbound route ${r.name}`, [text(r)]);
  for (const r of m.removed) {
    c.removed(`outbound route ${r.name}`, [text(r)]);
    if (r.kind === 'emergency') c.risk('emergency-routing-changed', `emergency route ${r.name} removed`);
  }
  for (const [x, y] of m.both) {
    const out: string[] = [];
    scalar(out, 'match', x.kind, y.kind);
    set(out, 'prefixes', x.prefixes, y.prefixes);
    set(out, 'types', x.types, y.types);
    scalar(out, 'trunk', x.trunk, y.trunk);
    if (x.allow && !y.allow) out.push(`allow ${x.allow.join(', ')} → everyone`);
    else if (!x.allow && y.allow) out.push(`allow everyone → ${y.allow.join(', ')}`);
    else set(out, 'allow', x.allow ?? [], y.allow ?? []);
    c.changed(`outbound route ${y.name}`, out);
    if (out.length > 0 && (x.kind === 'emergency' || y.kind === 'emergency'))
      c.risk('emergency-routing-changed', `emergency route ${y.name}: ${out.join('; ')}`);
  }
  const hadEmergency = a.outboundRoutes.some((r) => r.kind === 'emergency');
  if (hadEmergency && a.dialing.emergency.join() !== b.dialing.emergency.join())
    c.risk(
      'emergency-routing-changed',
      `emergency numbers ${a.dialing.emergency.join(', ')} → ${b.dialing.emergency.join(', ') || 'none'}`,
    );
  // Toll restriction, semantically: for every prefix either side routes, who may call it now.
  const prefixes = [
    ...new Set(
      [...a.outboundRoutes, ...b.outboundRoutes].flatMap((r) => (r.kind === 'prefix' ? r.prefixes : [])),
    ),
  ].sort();
  const exts = b.extensions.map((e) => e.number);
  for (const p of prefixes) {
    const opened = exts.filter((e) => {
      const before = a.extensions.some((x) => x.number === e)
        ? tollAllowed(a.outboundRoutes, p, e)
        : undefined;
      return before === undefined && tollAllowed(b.outboundRoutes, p, e) !== undefined;
    });
    const existing = opened.filter((e) => a.extensions.some((x) => x.number === e));
    if (existing.length > 0)
      c.risk(
        'toll-restriction-loosened',
        `${p}… may now be called by ${existing.join(', ')} (route ${tollAllowed(b.outboundRoutes, p, existing[0]!)})`,
      );
  }
}

function trunks(c: Collector, a: TenantModel, b: TenantModel): void {
  const m = match(a.trunks, b.trunks, (t) => t.id);
  for (const t of m.added) {
    c.added(`trunk ${t.id}`, [
      `${t.transport}://${t.host}:${t.port}`,
      `inbound from ${t.inboundFrom.join(', ') || 'none'}`,
    ]);
    for (const w of t.inboundFrom)
      c.risk('trunk-acl-widened', `whitelist ${w} added to the trunk ACL (new trunk ${t.id})`);
  }
  for (const t of m.removed) c.removed(`trunk ${t.id}`);
  for (const [x, y] of m.both) {
    const out: string[] = [];
    scalar(out, 'host', x.host, y.host);
    scalar(out, 'port', x.port, y.port);
    scalar(out, 'transport', x.transport, y.transport);
    scalar(out, 'register', x.register, y.register);
    const cred: string[] = [];
    scalar(cred, 'username', x.username, y.username);
    secret(cred, 'password', x.password, y.password);
    scalar(cred, 'realm', x.realm, y.realm);
    out.push(...cred);
    scalar(out, 'from domain', x.fromDomain, y.fromDomain);
    set(out, 'inbound from', x.inboundFrom, y.inboundFrom);
    scalar(out, 'caller ID', x.callerId, y.callerId);
    scalar(out, 'ping (s)', x.ping, y.ping);
    c.changed(`trunk ${y.id}`, out);
    if (cred.length > 0) c.risk('trunk-credentials-changed', `trunk ${y.id}: ${cred.join('; ')}`);
    for (const w of y.inboundFrom.filter((w) => !x.inboundFrom.includes(w)))
      c.risk('trunk-acl-widened', `whitelist ${w} added to the trunk ACL (trunk ${y.id} inbound_from)`);
  }
}

function dids(c: Collector, a: TenantModel, b: TenantModel): void {
  const m = match(a.dids, b.dids, (d) => d.number);
  for (const d of m.added)
    c.added(`DID ${d.number}`, [`routes to ${destinationText(d.to)} (trunk ${d.trunk})`]);
  for (const d of m.removed) {
    c.removed(`DID ${d.number}`, [`was routing to ${destinationText(d.to)}`]);
    // A DID without a name is named by its number: say the number once.
    const named = d.name && d.name !== d.number ? ` (${d.name})` : '';
    c.risk('did-dropped', `DID ${d.number}${named} dropped: calls to it are no longer answered`);
  }
  for (const [x, y] of m.both) {
    const out: string[] = [];
    scalar(out, 'name', x.name, y.name);
    scalar(out, 'trunk', x.trunk, y.trunk);
    if (!sameDestination(x.to, y.to))
      out.push(`now routes to ${destinationText(y.to)} (was ${destinationText(x.to)})`);
    scalar(out, 'schedule', x.schedule, y.schedule);
    if (!sameDestination(x.closed, y.closed))
      out.push(`when closed now routes to ${destinationText(y.closed)} (was ${destinationText(x.closed)})`);
    c.changed(`DID ${y.number}`, out);
    const routing = out.filter((l) => !l.startsWith('name '));
    if (routing.length > 0) c.risk('did-rerouted', `DID ${y.number}: ${routing.join('; ')}`);
  }
}

function simpleCollections(c: Collector, a: TenantModel, b: TenantModel): void {
  const ext = match(a.extensions, b.extensions, (e) => e.number);
  for (const e of ext.added) c.added(extensionLabel(b.id, e));
  for (const e of ext.removed) c.removed(extensionLabel(a.id, e));
  for (const [x, y] of ext.both) c.changed(extensionLabel(b.id, y), extensionDetails(x, y));

  const groups = match(a.ringGroups, b.ringGroups, (g) => g.number);
  for (const g of groups.added)
    c.added(ringGroupLabel(g), [`${g.strategy}, members ${g.members.join(', ')}`]);
  for (const g of groups.removed) c.removed(ringGroupLabel(g));
  for (const [x, y] of groups.both) {
    const out: string[] = [];
    scalar(out, 'name', x.name, y.name);
    scalar(out, 'strategy', x.strategy, y.strategy);
    scalar(out, 'ring timeout (s)', x.ringTimeout, y.ringTimeout);
    list(out, 'members', x.members, y.members);
    destination(out, 'on no answer', x.onNoAnswer, y.onNoAnswer);
    c.changed(ringGroupLabel(y), out);
  }

  conferences(c, a, b);
  queues(c, a, b);
  paging(c, a, b);
  hangupRisks(c, a, b);
  dayNightRisks(c, a, b);

  const menus = match(a.ivrMenus, b.ivrMenus, (m) => m.id);
  for (const m of menus.added) c.added(ivrLabel(m));
  for (const m of menus.removed) c.removed(ivrLabel(m));
  for (const [x, y] of menus.both) {
    const out: string[] = [];
    scalar(out, 'name', x.name, y.name);
    scalar(out, 'greeting', x.greeting, y.greeting);
    scalar(out, 'timeout (s)', x.timeout, y.timeout);
    scalar(out, 'max failures', x.maxFailures, y.maxFailures);
    const digits = [...new Set([...x.options, ...y.options].map((o) => o.digit))].sort();
    for (const d of digits)
      destination(
        out,
        `option ${d}`,
        x.options.find((o) => o.digit === d)?.to,
        y.options.find((o) => o.digit === d)?.to,
      );
    destination(out, 'on timeout', x.onTimeout, y.onTimeout);
    c.changed(ivrLabel(y), out);
  }

  const schedules = match(a.schedules, b.schedules, (s) => s.id);
  for (const s of schedules.added) c.added(`schedule ${s.id}`, s.open.map(windowText));
  for (const s of schedules.removed) c.removed(`schedule ${s.id}`);
  for (const [x, y] of schedules.both) {
    const out: string[] = [];
    set(out, 'open', x.open.map(windowText), y.open.map(windowText));
    set(
      out,
      'holidays',
      x.holidays.map((h) => h.label),
      y.holidays.map((h) => h.label),
    );
    c.changed(`schedule ${y.id}`, out);
  }

  const lines = match(a.lines, b.lines, (l) => `${l.extension} ${l.did}`);
  for (const l of lines.added)
    c.added(`line ${l.extension} ↔ ${l.did}`, [`trunk ${l.trunk}, priority ${l.priority}`]);
  for (const l of lines.removed) c.removed(`line ${l.extension} ↔ ${l.did}`);
  for (const [x, y] of lines.both) {
    const out: string[] = [];
    scalar(out, 'trunk', x.trunk, y.trunk);
    scalar(out, 'priority', x.priority, y.priority);
    c.changed(`line ${y.extension} ↔ ${y.did}`, out);
  }

  const filters = match(a.callFilters, b.callFilters, (f) => f.name);
  const pattern = (f: { digits: string; prefix: boolean }) => `+${f.digits}${f.prefix ? '*' : ''}`;
  for (const f of filters.added) c.added(`call filter ${f.name}`, [`${f.type} ${pattern(f)}, ${f.action}`]);
  for (const f of filters.removed) c.removed(`call filter ${f.name}`, [`was ${f.type} ${pattern(f)}`]);
  for (const [x, y] of filters.both) {
    const out: string[] = [];
    scalar(out, 'type', x.type, y.type);
    scalar(out, 'pattern', pattern(x), pattern(y));
    scalar(out, 'action', x.action, y.action);
    scalar(out, 'voicemail', x.voicemail, y.voicemail);
    c.changed(`call filter ${y.name}`, out);
  }

  const aliases = match(a.aliases, b.aliases, (x) => x.number);
  for (const x of aliases.added) c.added(`alias ${x.number}`, [`routes to ${destinationText(x.to)}`]);
  for (const x of aliases.removed) c.removed(`alias ${x.number}`);
  for (const [x, y] of aliases.both) {
    const out: string[] = [];
    scalar(out, 'name', x.name, y.name);
    destination(out, 'routes to', x.to, y.to);
    c.changed(`alias ${y.number}`, out);
  }
}

function settings(c: Collector, a: TenantModel, b: TenantModel): void {
  const out: string[] = [];
  scalar(out, 'name', a.name, b.name);
  scalar(out, 'domain', a.domain, b.domain);
  scalar(out, 'timezone', a.timezone, b.timezone);
  scalar(out, 'language', a.language, b.language);
  scalar(out, 'country code', a.dialing.countryCode, b.dialing.countryCode);
  scalar(out, 'national prefix', a.dialing.nationalPrefix, b.dialing.nationalPrefix);
  scalar(out, 'international prefix', a.dialing.internationalPrefix, b.dialing.internationalPrefix);
  list(
    out,
    'national numbers without prefix (digits)',
    a.dialing.nationalWithoutPrefix.map(String),
    b.dialing.nationalWithoutPrefix.map(String),
  );
  list(out, 'emergency numbers', a.dialing.emergency, b.dialing.emergency);
  for (const k of Object.keys(b.featureCodes) as (keyof TenantModel['featureCodes'])[])
    scalar(out, `feature code ${k}`, a.featureCodes[k], b.featureCodes[k]);
  secret(out, 'provisioning password', a.provisioningPassword, b.provisioningPassword);
  c.changed(`tenant ${b.id} settings`, out);
  if (a.domain !== b.domain)
    c.note(`every phone and softphone of ${b.id} must register to ${b.domain} (was ${a.domain})`);
}

function ringotel(c: Collector, a: TenantModel, b: TenantModel): void {
  const x = a.ringotel;
  const y = b.ringotel;
  if (!x && !y) return;
  if (!x) {
    c.added(`Ringotel organization ${y!.organization}`, [`whitelist ${y!.whitelist}`]);
    return;
  }
  if (!y) {
    c.removed(`Ringotel organization ${x.organization}`);
    return;
  }
  const out: string[] = [];
  scalar(out, 'organization', x.organization, y.organization);
  scalar(out, 'whitelist', x.whitelist, y.whitelist);
  scalar(out, 'connection name', x.connection.name, y.connection.name);
  scalar(out, 'transport', x.connection.transport, y.connection.transport);
  scalar(out, 'port', x.connection.port, y.connection.port);
  scalar(out, 'outbound proxy', x.connection.outboundProxy, y.connection.outboundProxy);
  list(out, 'codecs', x.connection.codecs, y.connection.codecs);
  set(out, 'users', x.users, y.users);
  set(out, 'BLF contacts', x.blfContacts, y.blfContacts);
  c.changed(`Ringotel organization ${y.organization}`, out);
}

/** Everything that changed inside one tenant present on both sides. */
export function diffTenant(a: TenantModel, b: TenantModel): Collector {
  const c = new Collector(b.id);
  settings(c, a, b);
  simpleCollections(c, a, b);
  trunks(c, a, b);
  dids(c, a, b);
  outboundRoutes(c, a, b);
  devices(c, a, b);
  ringotel(c, a, b);
  mediaChanges(c, a, b);
  return c;
}

/** "set", "changed", "removed": a PIN is named by what happened to it, never by its digits. */
function pinChange(out: string[], label: string, a: string | undefined, b: string | undefined): void {
  if (a === b) return;
  out.push(`${label} ${a === undefined ? 'set' : b === undefined ? 'removed' : 'changed'}`);
}

/** Conference rooms; dropping a room's PIN opens it to anyone who reaches its number. */
function conferences(c: Collector, a: TenantModel, b: TenantModel): void {
  const rooms = match(a.conferences, b.conferences, (r) => r.number);
  for (const r of rooms.added)
    c.added(conferenceLabel(r), [`${r.pin !== undefined ? 'PIN' : 'no PIN'}, up to ${r.maxMembers} members`]);
  for (const r of rooms.removed) c.removed(conferenceLabel(r));
  for (const [x, y] of rooms.both) {
    const out: string[] = [];
    scalar(out, 'name', x.name, y.name);
    pinChange(out, 'PIN', x.pin, y.pin);
    pinChange(out, 'moderator PIN', x.moderatorPin, y.moderatorPin);
    scalar(out, 'max members', x.maxMembers, y.maxMembers);
    scalar(out, 'wait for moderator', x.waitForModerator, y.waitForModerator);
    scalar(out, 'record', x.record, y.record);
    scalar(out, 'announce', x.announce, y.announce);
    c.changed(conferenceLabel(y), out);
    if (x.pin !== undefined && y.pin === undefined)
      c.risk(
        'conference-pin-removed',
        `${conferenceLabel(y)}: PIN removed, anyone who reaches ${y.number} joins`,
      );
  }
  const p = a.conferenceProfile;
  const q = b.conferenceProfile;
  if (b.conferences.length > 0) {
    const out: string[] = [];
    scalar(out, 'rate (Hz)', p.rate, q.rate);
    scalar(out, 'comfort noise', p.comfortNoise, q.comfortNoise);
    scalar(out, 'energy level', p.energyLevel, q.energyLevel);
    c.changed('conference profile', out);
  }
}
