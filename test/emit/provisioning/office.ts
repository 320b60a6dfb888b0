import { OFFICE_PHONES } from '../../../src/emit/provisioning/fetch-sequences.js';
import type { DeviceModel, Model, Vendor } from '../../../src/model/types.js';

export const OFFICE_TENANT = 'abc-company';
export const OFFICE_VENDORS: readonly Exclude<Vendor, 'cisco'>[] = [
  'yealink',
  'polycom',
  'snom',
  'grandstream',
  'fanvil',
];

/** The example tenant with 50 phones of each vendor, cloned from its own phone of that vendor. */
export function officeModel(base: Model): Model {
  return {
    ...base,
    tenants: base.tenants
      .filter((t) => t.id === OFFICE_TENANT)
      .map((t) => ({
        ...t,
        devices: OFFICE_VENDORS.flatMap((vendor) => {
          const template = t.devices.find((d) => d.vendor === vendor)!;
          return Array.from(
            { length: OFFICE_PHONES },
            (_, i): DeviceModel => ({
              ...template,
              mac: template.mac.slice(0, 6) + i.toString(16).padStart(6, '0'),
            }),
          );
        }),
      })),
  };
}
