import { each, type TenantScope } from '../bind/symbols.js';
import { diag, type Location } from '../diag/diagnostic.js';
import { displayMac } from '../model/mac.js';
import { FIRMWARE_MODELS, usableCapacity, VENDORS, vendorOfMac } from '../model/vendors.js';
import type { Device } from '../schema/types.gen.js';
import { ciscoTimeZoneKnown } from './cisco-time-zone.js';
import { deviceReferences } from './device-references.js';
import type { Rule, RuleContext } from './rule.js';
import { firstHere, firstText } from './scope.js';

/** A MAC identifies one phone across all tenants, compared normalized (805e.c01a.0003 = 80:5E:C0:1A:00:03). */
export const macsUnique: Rule = {
  name: 'macs-unique',
  check(ctx) {
    const seen = new Map<string, { name: string; at: Location }>();
    for (const scope of ctx.bound.tenants) {
      for (const [d, i] of each(scope, 'devices')) {
        const mac = displayMac(d.mac);
        const at = scope.locate(['devices', i, 'mac']);
        const first = seen.get(mac);
        if (!first) {
          seen.set(mac, { name: d.name, at });
          continue;
        }
        ctx.report(
          diag(
            'PBX3060',
            { mac, device: d.name, other: first.name, tenant: scope.id, first: firstText(first.at, at) },
            at,
            firstHere(first.at, `device "${first.name}" has this MAC`),
          ),
        );
      }
    }
  },
};

function checkModel(ctx: RuleContext, scope: TenantScope, d: Device, i: number): void {
  const at = (...path: (string | number)[]) => scope.locate(['devices', i, ...path]);
  const vendor = VENDORS[d.vendor];
  if (!vendor.models[d.model]) {
    const models = Object.keys(vendor.models).join(', ');
    ctx.report(
      diag('PBX3061', { model: d.model, vendor: vendor.label, models, device: d.name }, at('model')),
    );
    return;
  }
  const needsFirmware = FIRMWARE_MODELS[d.vendor]?.includes(d.model) ?? false;
  if (needsFirmware && d.firmware !== '7.x' && d.firmware !== '8.x')
    ctx.report(
      diag(
        'PBX3062',
        { model: d.model, device: d.name },
        at(d.firmware === undefined ? 'model' : 'firmware'),
      ),
    );
  if (!needsFirmware && d.firmware !== undefined)
    ctx.report(diag('PBX3066', { device: d.name, vendor: vendor.label, model: d.model }, at('firmware')));
}

/** The model is one the vendor catalogue supports, with firmware exactly where it matters. */
export const deviceModels: Rule = {
  name: 'device-models',
  check(ctx) {
    for (const scope of ctx.bound.tenants) {
      for (const [d, i] of each(scope, 'devices')) checkModel(ctx, scope, d, i);
    }
  },
};

/** A MAC whose IEEE prefix belongs to another vendor is usually a typo in vendor or MAC. */
export const macMatchesVendor: Rule = {
  name: 'mac-matches-vendor',
  check(ctx) {
    for (const scope of ctx.bound.tenants) {
      for (const [d, i] of each(scope, 'devices')) {
        const actual = vendorOfMac(d.mac);
        if (!actual || actual === d.vendor) continue;
        const args = {
          mac: displayMac(d.mac),
          actual: VENDORS[actual].label,
          vendor: VENDORS[d.vendor].label,
          device: d.name,
        };
        ctx.report(diag('PBX3063', args, scope.locate(['devices', i, 'mac'])));
      }
    }
  },
};

/**
 * Lines and keys fit the model: lines within its accounts; keys within its keys, which with shared
 * keys also hold the lines. Reported at the first line or key too many.
 */
export const deviceCapacity: Rule = {
  name: 'device-capacity',
  check(ctx) {
    for (const scope of ctx.bound.tenants) {
      for (const [d, i] of each(scope, 'devices')) {
        const vendor = VENDORS[d.vendor];
        const hardware = vendor.models[d.model];
        if (!hardware) continue;
        const model = usableCapacity(vendor, hardware);
        const base = { device: d.name, vendor: vendor.label, model: d.model, tenant: scope.id };
        if (d.lines.length > model.accounts) {
          const args = {
            ...base,
            count: d.lines.length,
            what: 'lines',
            capacity: `${model.accounts} accounts${model.accounts < hardware.accounts ? ' (the most pbxc configures)' : ''}`,
          };
          ctx.report(diag('PBX3064', args, scope.locate(['devices', i, 'lines', model.accounts])));
        }
        const keys = d.keys ?? [];
        const room = model.sharedKeys
          ? Math.max(0, model.keys - Math.min(d.lines.length, model.accounts))
          : model.keys;
        if (keys.length > room) {
          const capped = model.keys < hardware.keys ? ' (the most pbxc configures)' : '';
          const capacity = model.sharedKeys
            ? `${model.keys} keys (shared with the lines)${capped}`
            : `${model.keys} keys${capped}`;
          const lines = `${d.lines.length} line${d.lines.length === 1 ? '' : 's'}`;
          const count = model.sharedKeys ? `${lines} and ${keys.length}` : keys.length;
          const args = { ...base, count, what: 'keys', capacity };
          ctx.report(diag('PBX3064', args, scope.locate(['devices', i, 'keys', room])));
        }
      }
    }
  },
};

export const DEVICE_RULES: readonly Rule[] = [
  macsUnique,
  deviceModels,
  macMatchesVendor,
  deviceCapacity,
  deviceReferences,
  ciscoTimeZoneKnown,
];
