import type { PhoneView } from '../phone-view.js';

/** A file inside the tenant's phones folder. */
export interface PhoneFile {
  readonly name: string;
  readonly content: string;
}

/**
 * One vendor's file set. `deviceFiles` are the per-MAC files; `commonFiles` the files the vendor
 * reads first, rendered from any device of the tenant (they hold tenant-wide settings only) and
 * written once per name.
 */
export interface VendorEmitter {
  deviceFiles(view: PhoneView): readonly PhoneFile[];
  commonFiles?(view: PhoneView): readonly PhoneFile[];
}
