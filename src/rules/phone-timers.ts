import { each } from '../bind/symbols.js';
import { diag, type Location } from '../diag/diagnostic.js';
import { DEFAULTS } from '../model/defaults.js';
import type { Vendor } from '../model/types.js';
import {
  clampInterval,
  KEEPALIVE,
  PROVISIONING_INTERVAL,
  REGISTRATION_EXPIRES,
  type VendorRange,
} from '../model/vendor-intervals.js';
import { VENDORS } from '../model/vendors.js';
import { compareStrings } from '../util/text.js';
import type { Rule } from './rule.js';

/** The spec's timers in seconds, where they are written (undefined: the default applies). */
interface Timer {
  readonly what: string;
  readonly seconds: number;
  /** The unit the spec writes it in, for messages. */
  readonly unit: 'minutes' | 's';
  readonly at?: Location;
  readonly ranges: Readonly<Record<Vendor, VendorRange | undefined>>;
}

/** "15 minutes", "90 s": a duration in the unit the spec writes it in. */
function inUnit(seconds: number, unit: Timer['unit']): string {
  return unit === 'minutes' ? `${seconds / 60} minutes` : `${seconds} s`;
}

/**
 * Each vendor in use gets the spec's provisioning interval, registration expiry and keep-alive
 * clamped to what its firmware accepts (src/model/vendor-intervals.ts); where that changes the
 * value, one warning per vendor and timer, at the value (or, for a default, at the first such phone).
 */
export const phoneTimers: Rule = {
  name: 'phone-timers',
  needs: ['provisioning', 'sip'],
  check(ctx) {
    const platform = ctx.bound.platform;
    if (!platform) return;
    const firstDevice = new Map<Vendor, Location>();
    for (const scope of ctx.bound.tenants) {
      for (const [d, i] of each(scope, 'devices')) {
        if (!firstDevice.has(d.vendor)) firstDevice.set(d.vendor, scope.locate(['devices', i, 'vendor']));
      }
    }
    if (firstDevice.size === 0) return;
    const prov = platform.spec.provisioning;
    const reg = platform.spec.sip?.registration;
    const located = (value: number | undefined, path: string[]) =>
      value === undefined ? {} : { at: platform.locate(path) };
    const keepalive = reg?.keepalive ?? DEFAULTS.natKeepalive;
    const timers: Timer[] = [
      {
        what: 'provisioning.update_interval_minutes',
        seconds: (prov?.update_interval_minutes ?? DEFAULTS.updateIntervalMinutes) * 60,
        unit: 'minutes',
        ...located(prov?.update_interval_minutes, ['provisioning', 'update_interval_minutes']),
        ranges: PROVISIONING_INTERVAL,
      },
      {
        what: 'sip.registration.expires',
        seconds: reg?.expires ?? DEFAULTS.registrationExpires,
        unit: 's',
        ...located(reg?.expires, ['sip', 'registration', 'expires']),
        ranges: REGISTRATION_EXPIRES,
      },
      ...(keepalive > 0
        ? [
            {
              what: 'sip.registration.keepalive',
              seconds: keepalive,
              unit: 's' as const,
              ...located(reg?.keepalive, ['sip', 'registration', 'keepalive']),
              ranges: KEEPALIVE,
            },
          ]
        : []),
    ];
    for (const [vendor, deviceAt] of [...firstDevice].sort(([a], [b]) => compareStrings(a, b))) {
      for (const t of timers) {
        const range = t.ranges[vendor];
        if (!range) continue;
        const clamped = clampInterval(range, t.seconds);
        if (clamped.exact) continue;
        const args = {
          what: t.what,
          value: inUnit(t.seconds, t.unit),
          vendor: VENDORS[vendor].label,
          key: range.key,
          min: range.min,
          max: range.max,
          unit: range.unit,
          clamped: inUnit(clamped.seconds, t.unit),
        };
        ctx.report(diag('PBX3400', args, t.at ?? deviceAt));
      }
    }
  },
};

/** Cisco 79x0 read their files over TFTP, which has no authentication: say so when nothing restricts it. */
export const tftpRestricted: Rule = {
  name: 'tftp-restricted',
  needs: ['provisioning'],
  check(ctx) {
    const allow = ctx.bound.platform?.spec.provisioning?.tftp?.allow ?? [];
    if (allow.length > 0) return;
    for (const scope of ctx.bound.tenants) {
      for (const [d, i] of each(scope, 'devices')) {
        if (d.vendor !== 'cisco') continue;
        ctx.report(diag('PBX3401', {}, scope.locate(['devices', i, 'vendor'])));
        return;
      }
    }
  },
};

export const PHONE_TIMER_RULES: readonly Rule[] = [phoneTimers, tftpRestricted];
