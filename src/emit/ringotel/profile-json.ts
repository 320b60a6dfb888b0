import type { RingotelModel, TenantModel } from '../../model/types.js';

/** JSON with two-space indent and the key order of the object literal: stable across runs. */
export const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** The PBX connection profile, in the order of Ringotel's connection form. */
export function connectionJson(tenant: TenantModel, r: RingotelModel): string {
  const c = r.connection;
  return json({
    organization: r.organization,
    name: c.name,
    type: 'pbx',
    transport: c.transport,
    domain: tenant.domain,
    port: c.port,
    multiTenant: true,
    outboundProxy: c.outboundProxy ?? null,
    codecs: c.codecs,
    dtmf: c.dtmf,
    registrationTtl: c.registrationTtl,
    headers: Object.fromEntries(c.headers.map((h) => [h.name, h.value])),
  });
}

/** Ringotel's PBX features mapped to the tenant's feature codes. */
export function featuresJson(tenant: TenantModel): string {
  const f = tenant.featureCodes;
  return json({
    dnd: { on: f.dnd_on, off: f.dnd_off },
    park: {
      preset: 'custom',
      park: tenant.park.code,
      slots: { first: tenant.park.first, last: tenant.park.last },
    },
    voicemail: f.voicemail,
    pickup: { group: f.pickup_group, direct: f.pickup_direct },
    record: f.record_toggle,
  });
}
