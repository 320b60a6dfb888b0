import { type Diagnostic, diag } from '../../diag/diagnostic.js';
import type { DeviceModel } from '../../model/types.js';
import { compareStrings } from '../../util/text.js';
import { type EmittedFile, splitTarget, type Target } from '../target.js';
import { phoneView } from './phone-view.js';
import { ACCOUNT_SLOTS, KEY_LAYOUTS, MAX_MPK, MAX_VPK } from './vendors/grandstream-pvalues.js';
import { VENDOR_EMITTERS } from './vendors/index.js';

/** Slots a vendor file format has no documented setting for: refused, never written half. */
function formatLimits(device: DeviceModel): Diagnostic[] {
  if (device.vendor !== 'grandstream') return [];
  const out: Diagnostic[] = [];
  const args = { mac: device.mac, vendor: 'Grandstream' };
  if (device.lines.length > ACCOUNT_SLOTS) {
    out.push(
      diag(
        'PBX5101',
        { ...args, what: 'accounts', max: ACCOUNT_SLOTS, position: ACCOUNT_SLOTS + 1 },
        device.origin,
      ),
    );
  }
  // VPK models put the lines on the first VPKs, so their keys start after them.
  const vpk = KEY_LAYOUTS[device.model]?.kind === 'vpk';
  const slots = vpk ? MAX_VPK - Math.min(device.lines.length, ACCOUNT_SLOTS) : MAX_MPK;
  const key = device.keys[slots];
  if (key) out.push(diag('PBX5101', { ...args, what: 'keys', max: slots, position: slots + 1 }, key.origin));
  return out;
}

/**
 * phones/<tenant>/<file>: one folder per tenant, so the provisioning site can ask each tenant's
 * phones for that tenant's credentials. File names are the ones each firmware requests.
 */
export const phonesTarget: Target = splitTarget(
  'phones',
  'Phone provisioning files per tenant, under the names each vendor firmware requests',
  {
    shared: () => ({ files: [], diagnostics: [] }),
    tenant(ctx, tenant) {
      const files = new Map<string, EmittedFile>();
      const diagnostics: Diagnostic[] = [];
      for (const device of tenant.devices) {
        const limits = formatLimits(device);
        for (const d of limits) diagnostics.push(d);
        if (limits.length > 0) continue;
        const view = phoneView(ctx, tenant, device);
        const vendor = VENDOR_EMITTERS[device.vendor];
        const common = vendor.commonFiles?.(view) ?? [];
        for (const f of [...vendor.deviceFiles(view), ...common]) {
          const path = `phones/${tenant.id}/${f.name}`;
          if (!files.has(path)) files.set(path, { path, content: f.content, sensitive: true });
        }
      }
      return {
        files: [...files.values()].sort((a, b) => compareStrings(a.path, b.path)),
        diagnostics,
      };
    },
  },
);
