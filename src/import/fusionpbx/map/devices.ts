import type { Vendor } from '../../../model/types.js';
import { usableCapacity, VENDORS } from '../../../model/vendors.js';
import { note } from '../../yaml-style.js';
import { toE164 } from '../dialing.js';
import { label } from '../names.js';
import { enabled, int, type Row, text } from '../rows.js';
import type { TenantContext } from './context.js';

type KeyType = 'blf' | 'speed_dial' | 'park' | 'line' | 'none' | 'other';

/**
 * Built-in vendor function values, used when v_device_vendor_functions has no row: FusionPBX's own
 * list (app/devices/app_config.php) plus older spellings found in upgraded installs. Fanvil: 1 is a
 * line key and 3 an empty key (the fanvil templates write Type 2 and 0 for them); every other value
 * is a memory key whose subtype is the value: bc (BLF - New Call, FusionPBX's standard Fanvil BLF),
 * bcV, bb, ba and bf are BLF variants, f speed dial, c call park.
 */
const FUNCTIONS: Readonly<Record<string, Readonly<Record<string, KeyType>>>> = {
  yealink: { '16': 'blf', '13': 'speed_dial', '10': 'park', '15': 'line', '0': 'none' },
  polycom: { normal: 'blf', automata: 'park', line: 'line' },
  snom: { blf: 'blf', speed: 'speed_dial', dest: 'speed_dial', line: 'line', park: 'park', none: 'none' },
  grandstream: {
    '1': 'blf',
    '0': 'speed_dial',
    '11': 'line',
    '9': 'park',
    BLF: 'blf',
    'Speed Dial': 'speed_dial',
    blf: 'blf',
    'speed dial': 'speed_dial',
    'speed dial active': 'speed_dial',
    line: 'line',
    'call park': 'park',
    'monitored call park': 'park',
    none: 'none',
  },
  fanvil: {
    '1': 'line',
    '3': 'none',
    bc: 'blf',
    bcV: 'blf',
    bb: 'blf',
    ba: 'blf',
    bf: 'blf',
    f: 'speed_dial',
    c: 'park',
  },
  cisco: { line: 'line', blf: 'blf', speed: 'speed_dial', speed_dial: 'speed_dial' },
};

/** Fanvil BLF subtypes other than bc, and what pressing them did. */
const FANVIL_BLF_VARIANTS: Readonly<Record<string, string>> = {
  bcV: 'starts a video call',
  bb: 'blind-transfers the call in progress',
  ba: 'attended-transfers the call in progress',
  bf: 'adds the watched extension to a conference',
};

/** A FusionPBX vendor function type (v_device_vendor_functions.type) as a pbxc key type. */
export function functionType(name: string): KeyType {
  if (name === 'normal' || name === 'blf' || /^blf_(new|new_video|bxfer|axfer|conference)$/.test(name))
    return 'blf';
  if (name === 'speed_dial' || name === 'speed_dial_active') return 'speed_dial';
  if (name === 'call_park' || name === 'monitored_call_park' || name === 'automata' || name === 'park')
    return 'park';
  if (name === 'line') return 'line';
  if (name === 'none' || name === 'na') return 'none';
  return 'other';
}

/** Names of FusionPBX functions pbxc does not write, for the report when the install has no row. */
const OTHER_FUNCTIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  fanvil: { '2': 'voicemail', i: 'intercom', a: 'call_forward', m: 'mwi', '14': 'multicast_paging' },
  yealink: { '21': 'shared_line', '39': 'blf_list', '77': 'mobile_line' },
  snom: { mult: 'shared_line' },
  cisco: { shared: 'shared_line' },
  grandstream: { 'shared line': 'shared_line', 'eventlist blf': 'eventlist_blf' },
};

/** The FusionPBX function name of a key, for the report (e.g. "voicemail", "blf_list"). */
function functionName(ctx: TenantContext, vendor: string, value: string): string | undefined {
  return text(vendorFunction(ctx, vendor, value), 'type') ?? OTHER_FUNCTIONS[vendor]?.[value];
}

function vendorFunction(ctx: TenantContext, vendor: string, value: string): Row | undefined {
  return ctx
    .rows('v_device_vendor_functions')
    .find(
      (f) =>
        text(f, 'value') === value &&
        ctx
          .rows('v_device_vendors')
          .some(
            (v) =>
              text(v, 'device_vendor_uuid') === text(f, 'device_vendor_uuid') && text(v, 'name') === vendor,
          ),
    );
}

export function builtinType(vendor: string, value: string): KeyType | undefined {
  return FUNCTIONS[vendor]?.[value];
}

function typeOf(ctx: TenantContext, vendor: string, value: string): KeyType {
  const name = text(vendorFunction(ctx, vendor, value), 'type');
  if (name) return functionType(name);
  return builtinType(vendor, value) ?? 'other';
}

/** A model name the way FusionPBX's template folders spell it: lower case, no spaces or dashes. */
export function modelKey(model: string): string {
  return model.toLowerCase().replace(/[\s_.-]+/g, '');
}

/**
 * Vendor and model of a device: the model field first (normalised, "VVX 450" is the VVX450), then
 * the device template ("polycom/vvx450", or "<domain>/polycom/vvx450"), which is what FusionPBX
 * provisions the phone from.
 */
export function deviceModel(
  vendorField: string | undefined,
  modelField: string | undefined,
  template: string | undefined,
): { vendor?: Vendor; model?: string; vendorRaw: string; modelRaw: string; fromTemplate: boolean } {
  const parts = (template ?? '').split('/').filter(Boolean);
  const tVendor = (parts.at(-2) ?? '').toLowerCase().trim();
  const tModel = parts.at(-1) ?? '';
  const vendorRaw = ((vendorField ?? '').trim() || tVendor).toLowerCase();
  const modelRaw = (modelField ?? '').trim() || tModel;
  const find = (v: string, m: string) => {
    if (!(v in VENDORS) || !m) return undefined;
    const info = VENDORS[v as Vendor];
    return Object.keys(info.models).find((k) => modelKey(k) === modelKey(m));
  };
  const byField = find(vendorRaw, modelRaw);
  if (byField)
    return { vendor: vendorRaw as Vendor, model: byField, vendorRaw, modelRaw, fromTemplate: false };
  const byTemplate = find(tVendor, tModel);
  if (byTemplate)
    return { vendor: tVendor as Vendor, model: byTemplate, vendorRaw, modelRaw, fromTemplate: true };
  return {
    ...(vendorRaw in VENDORS ? { vendor: vendorRaw as Vendor } : {}),
    vendorRaw,
    modelRaw,
    fromTemplate: false,
  };
}

const CATEGORY_ORDER = ['line', 'memory', 'programmable', 'expansion'];

function macOf(address: string | undefined): string | undefined {
  const hex = (address ?? '').toLowerCase().replace(/[^0-9a-f]/g, '');
  if (hex.length !== 12) return undefined;
  return (hex.match(/../g) ?? []).join(':').toUpperCase();
}

interface Key {
  readonly category: string;
  readonly id: number;
  readonly type: string;
  readonly value?: string;
  readonly label?: string;
  readonly vendor?: string;
}

function keysOf(ctx: TenantContext, device: Row): Key[] {
  const byPos = new Map<string, Key>();
  const profile = text(device, 'device_profile_uuid');
  if (profile)
    for (const k of ctx
      .rows('v_device_profile_keys')
      .filter((r) => text(r, 'device_profile_uuid') === profile))
      byPos.set(`${text(k, 'profile_key_category')}/${int(k, 'profile_key_id')}`, {
        category: text(k, 'profile_key_category') ?? 'line',
        id: int(k, 'profile_key_id') ?? 0,
        type: text(k, 'profile_key_type') ?? '',
        ...(text(k, 'profile_key_value') ? { value: text(k, 'profile_key_value') } : {}),
        ...(text(k, 'profile_key_label') ? { label: text(k, 'profile_key_label') } : {}),
        ...(text(k, 'profile_key_vendor') ? { vendor: text(k, 'profile_key_vendor') } : {}),
      });
  for (const k of ctx
    .rows('v_device_keys')
    .filter((r) => text(r, 'device_uuid') === text(device, 'device_uuid')))
    byPos.set(`${text(k, 'device_key_category')}/${int(k, 'device_key_id')}`, {
      category: text(k, 'device_key_category') ?? 'line',
      id: int(k, 'device_key_id') ?? 0,
      type: text(k, 'device_key_type') ?? '',
      ...(text(k, 'device_key_value') ? { value: text(k, 'device_key_value') } : {}),
      ...(text(k, 'device_key_label') ? { label: text(k, 'device_key_label') } : {}),
      ...(text(k, 'device_key_vendor') ? { vendor: text(k, 'device_key_vendor') } : {}),
    });
  const rank = (c: string) => {
    const i = CATEGORY_ORDER.indexOf(c.replace(/-\d+$/, ''));
    return i < 0 ? CATEGORY_ORDER.length : i;
  };
  return [...byPos.values()].sort(
    (a, b) =>
      rank(a.category) - rank(b.category) ||
      (a.category < b.category ? -1 : a.category > b.category ? 1 : 0) ||
      a.id - b.id,
  );
}

/** The monitored user of a BLF value: "1001" or "<sip:1001@domain>|**". */
function blfTarget(value: string): string | undefined {
  const sip = /sip:([a-z0-9]+)@/i.exec(value);
  if (sip) return sip[1];
  const plain = /^([a-z0-9]{1,32})(?:@[A-Za-z0-9.-]+)?$/i.exec(value);
  return plain ? plain[1]?.toLowerCase() : undefined;
}

/** Devices: MAC, vendor/model from the catalogue, lines, and BLF/speed-dial/park keys. */
export function mapDevices(
  ctx: TenantContext,
  parkSlot: (slot: string) => boolean,
  seenMacs: Set<string> = new Set(),
): unknown[] {
  const out: { mac: string; doc: unknown }[] = [];
  const devices = ctx.rows('v_devices').filter((d) => text(d, 'domain_uuid') === ctx.uuid);
  for (const d of devices) {
    const mac = macOf(text(d, 'device_address'));
    const where = `device ${text(d, 'device_address') ?? '?'}${text(d, 'device_label') ? ` "${text(d, 'device_label')}"` : ''}`;
    if (!enabled(d, 'device_enabled')) {
      ctx.report('skipped', where, 'it is disabled in FusionPBX', 'add it when the phone is back');
      continue;
    }
    if (!mac) {
      ctx.report('skipped', where, 'its address is not a MAC', 'add the device by hand');
      continue;
    }
    if (seenMacs.has(mac)) {
      ctx.report(
        'decision',
        where,
        `MAC ${mac} is already imported for another device`,
        'a phone is provisioned once: keep one of them',
      );
      continue;
    }
    const found = deviceModel(text(d, 'device_vendor'), text(d, 'device_model'), text(d, 'device_template'));
    const { vendor, model, vendorRaw, modelRaw } = found;
    const info = vendor ? VENDORS[vendor] : undefined;
    if (!vendor || !info || !model) {
      ctx.report(
        'skipped',
        `${where} (${vendorRaw || '?'} ${modelRaw || '?'}${text(d, 'device_template') ? `, template ${text(d, 'device_template')}` : ''})`,
        vendor
          ? `pbxc does not know the ${info?.label} model ${modelRaw}`
          : `pbxc does not provision ${vendorRaw || 'this vendor'}`,
        `use a supported model (${vendor && info ? Object.keys(info.models).join(', ') : Object.keys(VENDORS).join(', ')}) or provision it outside pbxc`,
      );
      continue;
    }
    if (found.fromTemplate)
      ctx.report(
        'changed',
        where,
        `its model field "${modelRaw}" names no ${info.label} model pbxc knows; the model ${model} was taken from its FusionPBX template ${text(d, 'device_template')}`,
        'check the model',
      );
    const lines: string[] = [];
    const lineRows = ctx
      .rows('v_device_lines')
      .filter((l) => text(l, 'device_uuid') === text(d, 'device_uuid') && enabled(l, 'enabled'))
      .sort((a, b) => (int(a, 'line_number') ?? 0) - (int(b, 'line_number') ?? 0));
    for (const l of lineRows) {
      const user = text(l, 'user_id') ?? text(l, 'auth_id') ?? '';
      const server = text(l, 'server_address');
      if (server && server !== ctx.domain) {
        ctx.report(
          'skipped',
          `${where} line ${int(l, 'line_number')} (${user}@${server})`,
          'it registers to another domain',
          'put the line on a phone of that tenant',
        );
        continue;
      }
      if (!ctx.extensions.has(user)) {
        ctx.report(
          'skipped',
          `${where} line ${int(l, 'line_number')} (${user})`,
          'it is not an enabled extension of the tenant',
          'nothing to do unless the extension comes back',
        );
        continue;
      }
      if (!lines.includes(user)) lines.push(user);
    }
    const cap = usableCapacity(info, info.models[model] as NonNullable<(typeof info.models)[string]>);
    if (lines.length > cap.accounts) {
      ctx.report(
        'changed',
        where,
        `the ${model} takes ${cap.accounts} accounts in pbxc; lines ${lines.slice(cap.accounts).join(', ')} were dropped`,
        'put them on another phone',
      );
      lines.splice(cap.accounts);
    }
    if (lines.length === 0) {
      ctx.report(
        'skipped',
        where,
        'it has no line with an enabled extension of the tenant',
        'add a line and the device by hand',
      );
      continue;
    }
    const keys: unknown[] = [];
    for (const k of keysOf(ctx, d)) {
      const kv = k.vendor ?? vendor;
      const type = typeOf(ctx, kv, k.type);
      const kWhere = `${where} key ${k.category} ${k.id} (${k.type} ${k.value ?? ''})`.replace(/ \)$/, ')');
      const lab = label(k.label);
      if (type === 'line' || type === 'none') continue; // line keys: the lines above; empty keys
      if (type === 'blf') {
        const ext = k.value ? blfTarget(k.value) : undefined;
        if (!ext || !ctx.extensions.has(ext)) {
          ctx.report(
            'skipped',
            kWhere,
            `it is a BLF key watching ${k.value ? `"${k.value}"` : 'nothing'}, which is not an enabled extension of the tenant`,
            'pick another BLF target',
          );
          continue;
        }
        keys.push({ type: 'blf', extension: ext, ...(lab ? { label: lab } : {}) });
        const variant = kv === 'fanvil' ? FANVIL_BLF_VARIANTS[k.type] : undefined;
        if (variant)
          ctx.report(
            'changed',
            kWhere,
            `it is a Fanvil BLF key that ${variant}; pbxc writes Fanvil BLF keys as "BLF - New Call" (bc)`,
            'nothing to do unless the users relied on that',
          );
      } else if (type === 'speed_dial') {
        const raw = (k.value ?? '').replace(/\s/g, '').replace(/^sip:/, '').replace(/@.*$/, '');
        const internal =
          ctx.extensions.has(raw) || ctx.ringGroups.has(raw) || ctx.ivrs.has(raw) || /^\*/.test(raw);
        const number = internal ? raw : (toE164(raw, ctx.country) ?? raw);
        if (!/^\+?[0-9*#]{1,20}$/.test(number)) {
          ctx.report('skipped', kWhere, 'the number is not digits', 'set a speed dial by hand');
          continue;
        }
        keys.push(
          note(
            { type: 'speed_dial', number, ...(lab ? { label: lab } : {}) },
            number !== raw ? `FusionPBX ${raw}` : undefined,
          ),
        );
      } else if (type === 'park') {
        // "*5901", "park+*5901", "*5901@domain": the slot is the service code in it.
        const slot = /\*[0-9]{1,8}/.exec(k.value ?? '')?.[0] ?? '';
        if (!/^\*[0-9*#]{1,8}$/.test(slot) || !parkSlot(slot)) {
          ctx.report(
            'skipped',
            kWhere,
            `${slot || 'the slot'} is not a park slot of the platform`,
            'pick a slot within feature_codes.park_slots',
          );
          continue;
        }
        keys.push({ type: 'park', slot, ...(lab ? { label: lab } : {}) });
      } else {
        const fn = functionName(ctx, kv, k.type);
        ctx.report(
          'skipped',
          kWhere,
          `its ${kv} function ${fn ? `${fn} (${k.type})` : k.type} is not a BLF, speed-dial or park key, the only key types pbxc writes`,
          'set the key on the phone by other means',
        );
      }
    }
    const room = cap.sharedKeys ? cap.keys - lines.length : cap.keys;
    if (keys.length > room) {
      ctx.report(
        'changed',
        where,
        `the ${model} has room for ${Math.max(0, room)} keys in pbxc; ${keys.length - Math.max(0, room)} were dropped`,
        'move them to another phone or an expansion module',
      );
      keys.splice(Math.max(0, room));
    }
    const name = label(text(d, 'device_label')) ?? label(text(d, 'device_location')) ?? mac;
    const doc: Record<string, unknown> = { mac, vendor, model };
    if (vendor === 'cisco') {
      const fw = /^(\d{1,2})\./.exec(text(d, 'device_firmware_version') ?? '')?.[1];
      doc.firmware = note(
        fw === '7' ? '7.x' : '8.x',
        fw ? undefined : 'firmware unknown in FusionPBX: assumed 8.x',
      );
    }
    doc.name = name;
    doc.lines = lines;
    if (keys.length > 0) doc.keys = keys;
    seenMacs.add(mac);
    out.push({ mac, doc });
    const settings = ctx
      .rows('v_device_settings')
      .filter((s) => text(s, 'device_uuid') === text(d, 'device_uuid'));
    if (
      settings.length > 0 ||
      (profile(d) &&
        ctx.rows('v_device_profile_settings').some((s) => text(s, 'device_profile_uuid') === profile(d)))
    )
      ctx.report(
        'changed',
        where,
        'its provisioning settings (device or profile settings) are not carried over',
        'pbxc writes its own phone configuration',
      );
  }
  return out.sort((a, b) => (a.mac < b.mac ? -1 : 1)).map((x) => x.doc);
}

function profile(d: Row): string | undefined {
  return text(d, 'device_profile_uuid');
}
