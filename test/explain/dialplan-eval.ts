// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} is FreeSWITCH variable syntax here.
import { XMLParser } from 'fast-xml-parser';
import { publicAnswer } from '../../src/emit/freeswitch/did-lookup.js';
import { DIRECTORY_SCRIPT } from '../../src/emit/freeswitch/directory-lookup.js';
import type { LocalTime } from '../../src/explain/local-time.js';
import type { Outcome } from '../../src/explain/types.js';
import type { Model } from '../../src/model/types.js';

/**
 * A small evaluator of the FreeSWITCH XML dialplan the target emits, following mod_dialplan_xml's
 * hunting rules (conditions, break, anti-actions, continue, inline set, $N substitution, time
 * conditions) closely enough to say where a call ends up. It reads only the emitted files, so it
 * keeps testing `explain` when the dialplan's shape changes.
 */

export interface Node {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly Node[];
}

const decode = (text: string) =>
  text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&amp;', '&');

export function parseXml(text: string): Node[] {
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    processEntities: false,
    parseAttributeValue: false,
    trimValues: true,
  });
  const convert = (items: Record<string, unknown>[]): Node[] =>
    items.flatMap((item) => {
      const name = Object.keys(item).find((k) => k !== ':@');
      if (!name || name === '#text' || name === '?xml' || name === '#comment') return [];
      const attrs = Object.fromEntries(
        Object.entries((item[':@'] ?? {}) as Record<string, string>).map(([k, v]) => [k, decode(String(v))]),
      );
      return [{ name, attrs, children: convert(item[name] as Record<string, unknown>[]) }];
    });
  return convert(parser.parse(text) as Record<string, unknown>[]);
}

function find(nodes: readonly Node[], name: string): Node[] {
  return nodes.flatMap((n) => (n.name === name ? [n] : find(n.children, name)));
}

export interface Dialplan {
  readonly contexts: ReadonlyMap<string, Node>;
  /** The public context as the lookup handler answers a hunt for a number (did-lookup.ts). */
  readonly served: (number: string) => Node | undefined;
  /** Directory variables per "<user>@<domain>", domain variables included. */
  readonly users: ReadonlyMap<string, Record<string, string>>;
  /** mod_conference profiles (conference.conf.xml) by name: whether each asks for a PIN. */
  readonly conferencePin: ReadonlyMap<string, boolean>;
  /** mod_callcenter queues (callcenter.conf.xml) by name: their agents' extensions, in tier order. */
  readonly queueAgents: ReadonlyMap<string, readonly string[]>;
  readonly agents: ReadonlySet<string>;
}

export function loadDialplan(files: ReadonlyMap<string, string>): Dialplan {
  const contexts = new Map<string, Node>();
  const users = new Map<string, Record<string, string>>();
  for (const [path, text] of files) {
    if (path.startsWith('freeswitch/dialplan/') && path.endsWith('.xml'))
      for (const c of find(parseXml(text), 'context')) contexts.set(c.attrs.name!, c);
  }
  // The directory as the on-demand lookup answers it: directory/<tenant>.xml holds the domain,
  // directory/<tenant>/<bucket>.xml one user per line.
  const vars = (n: Node) =>
    Object.fromEntries(
      n.children
        .filter((c) => c.name === 'variables')
        .flatMap((v) => v.children.map((x) => [x.attrs.name!, x.attrs.value!])),
    );
  const dir = /^freeswitch\/directory\/([a-z0-9-]+)\.xml$/;
  for (const [path, text] of files) {
    const tenant = dir.exec(path)?.[1];
    if (!tenant) continue;
    for (const domain of find(parseXml(text), 'domain')) {
      const domainVars = vars(domain);
      for (const [p, t] of files) {
        if (!p.startsWith(`freeswitch/directory/${tenant}/`) || !p.endsWith('.xml')) continue;
        for (const user of find(parseXml(t), 'user'))
          users.set(`${user.attrs.id}@${domain.attrs.name}`, { ...domainVars, ...vars(user) });
      }
    }
  }
  // The guard the handler puts in front of every answer, as the emitted script has it.
  const guard = /\[==\[(.*?)\]==\]/s.exec(files.get(`freeswitch/${DIRECTORY_SCRIPT}`) ?? '')?.[1];
  const answers = new Map<string, Node | undefined>();
  const served = (number: string) => {
    if (guard === undefined) return undefined;
    if (!answers.has(number)) {
      const text = publicAnswer(number, guard, (p) => files.get(`freeswitch/${p}`));
      answers.set(number, text === undefined ? undefined : find(parseXml(text), 'context')[0]);
    }
    return answers.get(number);
  };
  const conferencePin = new Map<string, boolean>();
  const conf = files.get('freeswitch/autoload_configs/conference.conf.xml');
  if (conf)
    for (const profile of find(parseXml(conf), 'profile'))
      conferencePin.set(
        profile.attrs.name!,
        profile.children.some((c) => c.name === 'param' && c.attrs.name === 'pin'),
      );
  const queueAgents = new Map<string, string[]>();
  const cc = files.get('freeswitch/autoload_configs/callcenter.conf.xml');
  if (cc)
    for (const tier of find(parseXml(cc), 'tier'))
      queueAgents.set(tier.attrs.queue!, [
        ...(queueAgents.get(tier.attrs.queue!) ?? []),
        tier.attrs.agent!.split('@')[0]!,
      ]);
  const agents = new Set(cc ? find(parseXml(cc), 'agent').map((a) => a.attrs.name!) : []);
  return { contexts, served, users, conferencePin, queueAgents, agents };
}

type Vars = Record<string, string>;

/** The directory, for user_exists and user_data. */
const DIRECTORY: {
  users?: ReadonlyMap<string, Record<string, string>>;
  /** mod_callcenter's agents (callcenter.conf.xml). */
  agents?: ReadonlySet<string>;
} = {};

/** ${var} from the channel; functions (db, hash, acl, …) as the fresh switch answers them. */
function expand(text: string, vars: Vars): string {
  let out = text;
  for (let i = 0; i < 10; i++) {
    const next = out.replace(/\$\{([^{}]*)\}/g, (_, inner: string) => {
      const fn = /^([a-z_]+)\((.*)\)$/.exec(inner);
      if (!fn) return vars[inner] ?? '';
      // The caller comes from a trunk address in the trunk ACL; no feature state is stored yet.
      if (fn[1] === 'acl') return 'true';
      if (fn[1] === 'user_exists') {
        const [, id, domain] = fn[2]!.split(' ');
        return DIRECTORY.users?.has(`${id}@${domain}`) ? 'true' : 'false';
      }
      if (fn[1] === 'user_data') {
        const [user, kind, name] = fn[2]!.split(' ');
        if (kind !== 'var') throw new Error(`evaluator knows user_data var only: ${inner}`);
        return DIRECTORY.users?.get(user!)?.[name!] ?? '';
      }
      if (fn[1] === 'db' || fn[1] === 'hash' || fn[1] === 'strftime') return '';
      // mod_callcenter: "+OK" for an agent of callcenter.conf.xml, else its error.
      if (fn[1] === 'callcenter_config') {
        // A node's agents start logged out (no status in callcenter.conf.xml); explain assumes that too.
        if (/^agent get status \S+$/.test(fn[2]!)) return 'Logged Out';
        const agent = /^agent set status (\S+) /.exec(fn[2]!)?.[1];
        if (!agent) throw new Error(`evaluator knows callcenter_config agent set status only: ${inner}`);
        return DIRECTORY.agents?.has(agent) ? '+OK' : '-ERR Invalid Agent!';
      }
      throw new Error(`evaluator does not know the function in \${${inner}}`);
    });
    if (next === out) return out;
    out = next;
  }
  return out;
}

const FS_WDAY = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function inList(spec: string, value: number): boolean {
  return spec.split(',').some((part) => {
    const [lo, hi] = part.split('-').map(Number) as [number, number | undefined];
    return hi === undefined ? value === lo : value >= lo && value <= hi;
  });
}

const TIME_ATTRS = [
  'year',
  'mon',
  'mday',
  'wday',
  'minute-of-day',
  'hour',
  'minute',
  'yday',
  'week',
  'mweek',
  'time-of-day',
  'date-time',
];

function timeMatches(attrs: Readonly<Record<string, string>>, vars: Vars, now: LocalTime): boolean {
  // mod_dialplan_xml evaluates time conditions in the channel's timezone: it must be set by now.
  if (vars.timezone !== now.zone)
    throw new Error(`time condition evaluated with timezone "${vars.timezone ?? ''}", not ${now.zone}`);
  const [y, m, d] = now.date.split('-').map(Number) as [number, number, number];
  const values: Record<string, number> = {
    year: y,
    mon: m,
    mday: d,
    wday: FS_WDAY.indexOf(now.weekday) + 1,
    'minute-of-day': now.minute + 1,
  };
  for (const key of TIME_ATTRS) {
    const spec = attrs[key];
    if (spec === undefined) continue;
    if (!(key in values)) throw new Error(`evaluator does not know time condition ${key}`);
    if (!inList(spec, values[key]!)) return false;
  }
  return true;
}

interface Action {
  readonly app: string;
  readonly data: string;
  /** The data before ${…} expansion (the bridge of a ring group names its legs). */
  readonly raw: string;
}

function substitute(data: string, match: RegExpExecArray | null): string {
  return match ? data.replace(/\$([0-9])/g, (_, n: string) => match[Number(n)] ?? '') : data;
}

/** One extension: returns whether it "proceeds" (matched), appending its actions. */
function parseExten(ext: Node, vars: Vars, actions: Action[]): boolean {
  let proceed = false;
  for (const cond of ext.children.filter((c) => c.name === 'condition')) {
    const brk = cond.attrs.break ?? 'on-false';
    let match: RegExpExecArray | null = null;
    let ok: boolean;
    if (cond.attrs.field !== undefined) {
      const field = cond.attrs.field;
      const value = field.includes('$') ? expand(field, vars) : (vars[field] ?? '');
      match = new RegExp(expand(cond.attrs.expression ?? '', vars)).exec(value);
      ok = match !== null;
    } else ok = TIME_ATTRS.some((k) => k in cond.attrs) ? timeMatches(cond.attrs, vars, NOW.value!) : true;
    const add = (n: Node) => {
      const raw = n.attrs.data ?? '';
      const data = cond.attrs.expression?.includes('(') ? substitute(raw, match) : raw;
      if (n.attrs.inline === 'true' && n.attrs.application === 'set') setVar(vars, expand(data, vars));
      else actions.push({ app: n.attrs.application!, data, raw });
    };
    if (!ok) {
      const anti = cond.children.filter((c) => c.name === 'anti-action');
      proceed = anti.length > 0;
      for (const a of anti) add(a);
      if (brk === 'on-false' || brk === 'always') break;
      continue;
    }
    proceed = true;
    for (const a of cond.children.filter((c) => c.name === 'action')) add(a);
    if (brk === 'on-true' || brk === 'always') break;
  }
  return proceed;
}

function setVar(vars: Vars, assignment: string): void {
  const eq = assignment.indexOf('=');
  if (eq > 0) vars[assignment.slice(0, eq)] = assignment.slice(eq + 1);
}

const NOW: { value?: LocalTime } = {};

export interface Call {
  readonly context: string;
  readonly destination: string;
  readonly vars: Vars;
  readonly now: LocalTime;
}

/** Hunts and executes until the call reaches something that answers, rings, bridges or hangs up. */
export function evaluate(plan: Dialplan, model: Model, call: Call): Outcome {
  NOW.value = call.now;
  DIRECTORY.users = plan.users;
  DIRECTORY.agents = plan.agents;
  const vars: Vars = { ...call.vars, uuid: '0a1b2c3d-0000-4000-8000-000000000000' };
  let context = call.context;
  let destination = call.destination;
  for (let hop = 0; hop < 25; hop++) {
    vars.destination_number = destination;
    // Hunts of the public context go through the lookup handler first, as on the switch.
    const ctx = (context === 'public' ? plan.served(destination) : undefined) ?? plan.contexts.get(context);
    if (!ctx) throw new Error(`no context ${context}`);
    const actions: Action[] = [];
    for (const ext of ctx.children.filter((c) => c.name === 'extension')) {
      if (parseExten(ext, vars, actions) && ext.attrs.continue !== 'true') break;
    }
    let next: { destination: string; context: string } | undefined;
    for (const [i, a] of actions.entries()) {
      const data = expand(a.data, vars);
      // A hunting ring group bridges one member at a time: its legs are the run of leg bridges.
      const group = ringGroupLegs(actions.slice(i));
      if (group.length > 0)
        return {
          kind: 'ring_group',
          number: destination,
          members: group,
          ...ringTiming(actions.slice(i), vars),
        };
      const outcome = terminal(plan, model, a, data, vars, destination);
      if (outcome) return outcome;
      if (a.app === 'set' || a.app === 'export') setVar(vars, data);
      if (a.app === 'transfer') {
        const [d, , c] = data.split(' ');
        next = { destination: d!, context: c ?? context };
        break;
      }
    }
    if (!next) return { kind: 'no_route' };
    destination = next.destination;
    context = next.context;
  }
  throw new Error('transfer loop');
}

const LEG = /\$\{pbxc_leg_([a-z0-9]+)\}/g;

/** The members a run of ring-group bridges (from the first action on) rings, in order. */
function ringGroupLegs(actions: readonly Action[]): string[] {
  const legs: string[] = [];
  for (const a of actions) {
    if (a.app !== 'bridge') break;
    const found = [...a.raw.matchAll(LEG)].map((m) => m[1]!);
    if (found.length === 0) break;
    legs.push(...found);
  }
  return legs;
}

/**
 * How long the run of ring-group bridges rings, as FreeSWITCH runs it: each bridge waits
 * call_timeout seconds (a leg's own [leg_timeout=N] wins), one whose every leg is error/… (DND)
 * fails at once, and continue_on_fail moves on to the next bridge.
 */
function ringTiming(actions: readonly Action[], vars: Vars): { ringSeconds: number; upToSeconds: number } {
  const timeout = Number(vars.call_timeout ?? '60');
  let upToSeconds = 0;
  let ringSeconds = timeout;
  for (const a of actions) {
    if (a.app !== 'bridge' || ![...a.raw.matchAll(LEG)].length) break;
    const legs = expand(a.data, vars).split(':_:');
    const seconds = legs.map((leg) => {
      if (leg.startsWith('error/')) return 0;
      const own = /^\[(?:[^\]]*,)?leg_timeout=([0-9]+)/.exec(leg);
      return own ? Number(own[1]) : timeout;
    });
    const step = Math.max(0, ...seconds);
    if (step > 0) ringSeconds = step;
    upToSeconds += step;
  }
  return { ringSeconds, upToSeconds };
}

function terminal(
  plan: Dialplan,
  model: Model,
  a: Action,
  data: string,
  vars: Vars,
  destination: string,
): Outcome | undefined {
  switch (a.app) {
    case 'bridge': {
      // An intercom leg: the auto-answer headers in front of the user.
      const intercom = /^\{sip_h_Alert-Info=[^}]*\}user\/([^@]+)@/.exec(data);
      if (intercom) return { kind: 'feature', code: 'intercom', detail: intercom[1]! };
      const user = /^user\/([^@]+)@/.exec(data);
      if (user) return { kind: 'extension', number: user[1]! };
      const gw = /^sofia\/gateway\/([^/]+)\/(.+)$/.exec(data);
      if (gw) {
        const trunk = model.tenants.flatMap((t) => t.trunks).find((k) => k.gateway === gw[1]);
        const cid = vars.effective_caller_id_number;
        return {
          kind: 'trunk',
          trunk: trunk?.id ?? gw[1]!,
          number: gw[2]!,
          ...(cid ? { callerId: cid } : {}),
        };
      }
      const ext = /^sofia\/external\/(.+)$/.exec(data);
      if (ext) return { kind: 'sip_uri', uri: ext[1]! };
      throw new Error(`unknown bridge ${data}`);
    }
    case 'hangup':
      return data === 'CALL_REJECTED'
        ? { kind: 'rejected', reason: '' }
        : { kind: 'hangup', cause: data || 'NORMAL_CLEARING' };
    case 'callcenter': {
      const agents = plan.queueAgents.get(data);
      if (!agents) throw new Error(`queue ${data} is not in callcenter.conf.xml`);
      return { kind: 'queue', number: data.split('@')[0]!, agents };
    }
    case 'event': {
      // The agent codes' BLF presence: which state the code set.
      const status = /(?:^|,)status=([^,]+)/.exec(data)?.[1];
      if (!/(?:^|,)proto=agent(?:,|$)/.test(data)) return undefined;
      return {
        kind: 'feature',
        code: status === 'Logged in' ? 'queue_login' : status === 'On Break' ? 'queue_break' : 'queue_logout',
      };
    }
    case 'conference': {
      const [room, profile] = data.split('@');
      if (profile?.startsWith('pbxc-paging'))
        return {
          kind: 'paging',
          number: vars.pbxc_page_group ?? '',
          oneWay: vars.conference_utils_auto_outcall_flags === 'mute',
        };
      const pin = plan.conferencePin.get(profile!);
      if (pin === undefined) throw new Error(`conference profile ${profile} is not in conference.conf.xml`);
      return { kind: 'conference', room: room!, pin };
    }
    case 'ivr':
      return { kind: 'ivr', id: data.slice((vars.pbxc_tenant ?? '').length + 1) };
    case 'voicemail': {
      const parts = data.split(' ');
      if (parts[0] === 'check')
        return { kind: 'feature', code: parts.length > 3 ? 'voicemail' : 'voicemail_any' };
      return { kind: 'voicemail', box: parts[2]! };
    }
    case 'valet_park':
      return data.includes(' auto ')
        ? { kind: 'feature', code: 'park' }
        : { kind: 'feature', code: 'park_slots', detail: `*${data.split(' ')[1]}` };
    case 'intercept': {
      const tenant = model.tenants.find((t) => t.id === vars.pbxc_tenant);
      return destination === tenant?.featureCodes.pickup_group
        ? { kind: 'feature', code: 'pickup_group' }
        : { kind: 'feature', code: 'pickup_direct', detail: /\/([a-z0-9]+)\)\}$/.exec(a.data)?.[1] ?? '' };
    }
    case 'echo':
      return { kind: 'feature', code: 'echo_test' };
    case 'play_and_get_digits':
      return { kind: 'feature', code: 'forward_on' };
    case 'db': {
      const [, realm, , value] = data.split('/');
      const what = realm!.slice(realm!.lastIndexOf('-') + 1);
      if (what === 'daynight') {
        const [op, , key, value] = data.split('/');
        const tenant = model.tenants.find((t) => t.id === vars.pbxc_tenant);
        const s = tenant?.schedules.find((x) => x.id === key);
        const action =
          destination === s?.overrideCode
            ? 'toggle'
            : op === 'delete'
              ? 'automatic'
              : value === 'open'
                ? 'open'
                : 'closed';
        return { kind: 'day_night', schedule: key!, action };
      }
      if (what === 'dnd') return { kind: 'feature', code: value === 'true' ? 'dnd_on' : 'dnd_off' };
      if (what === 'cfa')
        return value === 'off'
          ? { kind: 'feature', code: 'forward_off' }
          : { kind: 'feature', code: 'forward_on', detail: value! };
      return { kind: 'feature', code: 'record_toggle' };
    }
    default:
      return undefined;
  }
}

/** Where a call placed by a phone of extension `from` (over WSS, authenticated) ends up. */
export function dialFrom(
  plan: Dialplan,
  model: Model,
  tenant: { readonly domain: string },
  from: string,
  destination: string,
  now: LocalTime,
): Outcome {
  const user = plan.users.get(`${from}@${tenant.domain}`);
  if (!user) throw new Error(`no directory user ${from}@${tenant.domain}`);
  const vars: Vars = { ...user, caller_id_number: from, sip_via_protocol: 'wss' };
  return evaluate(plan, model, { context: vars.user_context!, destination, vars, now });
}
