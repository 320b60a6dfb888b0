import { renderTemplate } from '../render.js';
import { posixTz } from '../time-zone.js';
import { vendorTimers } from '../timers.js';
import { accountValues, keyValues, type PValue } from './grandstream-pvalues.js';
import type { VendorEmitter } from './vendor.js';

export const grandstream: VendorEmitter = {
  deviceFiles(v) {
    const url = new URL(v.provisioningUrl);
    const timers = vendorTimers('grandstream', v);
    const values: PValue[] = [
      ...accountValues(v),
      ...keyValues(v),
      // Config server: HTTPS (P212 = 2), path without the scheme, basic-auth user and password.
      { id: 212, value: 2 },
      { id: 237, value: `${url.host}${url.pathname}`.replace(/\/$/, '') },
      { id: 1360, value: v.provisioningUser },
      { id: 1361, value: v.provisioningPassword },
      // P194 = 1: check every P193 minutes, which the firmware accepts from 60 to 86400.
      { id: 194, value: 1 },
      { id: 193, value: timers.updateInterval },
      // Keep-alive interval in seconds (10-160), used by accounts with NAT traversal 2.
      ...(timers.keepalive > 0 ? [{ id: 84, value: timers.keepalive }] : []),
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
