import type { Vendor } from './types.js';

/**
 * The range each vendor's firmware accepts for a timer pbxc derives from the spec, in the unit of
 * the vendor key. Sources are listed in docs/phones.md ("Intervals").
 */
export interface VendorRange {
  /** The vendor's key, for messages. */
  readonly key: string;
  readonly unit: 'seconds' | 'minutes' | 'hours';
  readonly min: number;
  readonly max: number;
}

/** How often the phone checks the provisioning server (provisioning.update_interval_minutes). */
export const PROVISIONING_INTERVAL: Readonly<Record<Vendor, VendorRange | undefined>> = {
  yealink: { key: 'static.auto_provision.repeat.minutes', unit: 'minutes', min: 1, max: 43200 },
  // Relative polling ("rel") takes seconds and nothing below an hour.
  polycom: { key: 'prov.polling.period', unit: 'seconds', min: 3600, max: 2592000 },
  snom: { key: 'settings_refresh_timer', unit: 'seconds', min: 60, max: 2592000 },
  grandstream: { key: 'P193', unit: 'minutes', min: 60, max: 86400 },
  fanvil: { key: 'FlashInterval', unit: 'hours', min: 1, max: 720 },
  // The 79x0 fetch their files at boot (and 8.x on a versionStamp change), never on a timer.
  cisco: undefined,
};

/** Registration expiry (sip.registration.expires) where a vendor counts it in other units. */
export const REGISTRATION_EXPIRES: Readonly<Record<Vendor, VendorRange>> = {
  yealink: { key: 'account.N.sip_server.1.expires', unit: 'seconds', min: 30, max: 2147483647 },
  polycom: { key: 'reg.N.server.1.expires', unit: 'seconds', min: 10, max: 2147483647 },
  snom: { key: 'user_expiry', unit: 'seconds', min: 60, max: 86400 },
  // P32 / P4xx12: "Register Expiration" in minutes.
  grandstream: { key: 'P32', unit: 'minutes', min: 1, max: 64800 },
  fanvil: { key: 'RegisterTTL', unit: 'seconds', min: 60, max: 65535 },
  cisco: { key: 'timerRegisterExpires / timer_register_expires', unit: 'seconds', min: 60, max: 3600 },
};

/** NAT keep-alive (sip.registration.keepalive) where the phone sends them; 0 = off is always allowed. */
export const KEEPALIVE: Readonly<Record<Vendor, VendorRange | undefined>> = {
  yealink: { key: 'account.N.nat.udp_update_time', unit: 'seconds', min: 15, max: 2147483647 },
  polycom: { key: 'nat.keepalive.interval', unit: 'seconds', min: 0, max: 3600 },
  snom: { key: 'keepalive_interval', unit: 'seconds', min: 0, max: 3600 },
  grandstream: { key: 'P84', unit: 'seconds', min: 10, max: 160 },
  fanvil: { key: 'UDPUpdateTTL', unit: 'seconds', min: 10, max: 3600 },
  // SIP firmware for the 79x0 has no keep-alive setting: FreeSWITCH's NAT pings keep the binding.
  cisco: undefined,
};

const SECONDS = { seconds: 1, minutes: 60, hours: 3600 } as const;

export interface Clamped {
  /** The value in the vendor's unit, within its range. */
  readonly value: number;
  /** The same value in seconds, for messages. */
  readonly seconds: number;
  /** False when the vendor cannot express the spec's value (out of range, or not a whole unit). */
  readonly exact: boolean;
}

/** A spec interval in seconds, in the vendor's unit (rounded up), clamped to the vendor's range. */
export function clampInterval(range: VendorRange, seconds: number): Clamped {
  const raw = Math.ceil(seconds / SECONDS[range.unit]);
  const value = seconds === 0 && range.min === 0 ? 0 : Math.min(range.max, Math.max(range.min, raw));
  return { value, seconds: value * SECONDS[range.unit], exact: value * SECONDS[range.unit] === seconds };
}
