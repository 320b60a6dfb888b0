import type { Vendor } from '../../../model/types.js';
import { cisco } from './cisco.js';
import { fanvil } from './fanvil.js';
import { grandstream } from './grandstream.js';
import { polycom } from './polycom.js';
import { snom } from './snom.js';
import type { VendorEmitter } from './vendor.js';
import { yealink } from './yealink.js';

export const VENDOR_EMITTERS: Readonly<Record<Vendor, VendorEmitter>> = {
  yealink,
  polycom,
  snom,
  grandstream,
  fanvil,
  cisco,
};
