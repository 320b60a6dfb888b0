import { renderTemplate } from '../render.js';
import { posixTz } from '../time-zone.js';
import { accountValues, keyValues, type PValue } from './grandstream-pvalues.js';
import type { VendorEmitter } from './vendor.js';

export const grandstream: VendorEmitter = {
  deviceFiles(v) {
    const url = new URL(v.provisioningUrl);
    const values: PValue[] = [
      ...accountValues(v),
      ...keyValues(v),
      // Config server: HTTPS (P212 = 2), path without the scheme, basic-auth user and password.
      { id: 212, value: 2 },
      { id: 237, value: `${url.host}${url.pathname}`.replace(/\/$/, '') },
      { id: 1360, value: v.provisioningUser },
      { id: 1361, value: v.provisioningPassword },
      { id: 194, value: 1 },
      { id: 193, value: v.updateIntervalMinutes },
      { id: 30, value: v.ntpServer },
      { id: 64, value: 'customize' },
      { id: 246, value: posixTz(v.zone) },
      { id: 1362, value: v.language },
      { id: 99, value: 1 },
      ...(v.adminPassword ? [{ id: 2, value: v.adminPassword }] : []),
    ].sort((a, b) => a.id - b.id);
    const content = renderTemplate('grandstream.xml.njk', { ...v, values }, 'xml');
    return [{ name: `cfg${v.mac}.xml`, content }];
  },
};
