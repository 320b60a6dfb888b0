import type { Vendor } from '../../model/types.js';
import {
  clampInterval,
  KEEPALIVE,
  PROVISIONING_INTERVAL,
  REGISTRATION_EXPIRES,
} from '../../model/vendor-intervals.js';
import type { PhoneView } from './phone-view.js';

/**
 * The spec's timers in each vendor's unit and range (the rule phone-timers warns where this
 * changes a value). keepalive 0 means the phone sends none.
 */
export interface VendorTimers {
  readonly updateInterval: number;
  readonly expires: number;
  readonly keepalive: number;
}

export function vendorTimers(vendor: Vendor, v: PhoneView): VendorTimers {
  const interval = PROVISIONING_INTERVAL[vendor];
  const keep = KEEPALIVE[vendor];
  return {
    updateInterval: interval ? clampInterval(interval, v.updateIntervalSeconds).value : 0,
    expires: clampInterval(REGISTRATION_EXPIRES[vendor], v.registrationExpires).value,
    keepalive: keep && v.keepalive > 0 ? clampInterval(keep, v.keepalive).value : 0,
  };
}
