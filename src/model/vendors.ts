import { displayMac } from './mac.js';
import type { Vendor } from './types.js';

/**
 * Supported phone models per vendor with their capacity. `accounts`: SIP accounts (lines);
 * `keys`: programmable keys for BLF/park/speed dial. With `sharedKeys`, lines occupy the first of
 * those keys (line keys double as DSS keys), so lines + keys must fit into `keys`.
 */
export interface ModelInfo {
  readonly accounts: number;
  readonly keys: number;
  readonly sharedKeys: boolean;
}

export interface VendorInfo {
  readonly label: string;
  /** IEEE OUIs (upper-case "XX:XX:XX") the vendor ships phones with. */
  readonly ouis: readonly string[];
  readonly models: Readonly<Record<string, ModelInfo>>;
  /**
   * Where the file format pbxc writes has fewer documented slots than the hardware: the most
   * accounts and keys pbxc can configure (validation refuses more, so build never has to).
   */
  readonly writable?: { readonly accounts: number; readonly keys: number };
}

const m = (accounts: number, keys: number, sharedKeys: boolean): ModelInfo => ({
  accounts,
  keys,
  sharedKeys,
});

export const VENDORS: Readonly<Record<Vendor, VendorInfo>> = {
  yealink: {
    label: 'Yealink',
    ouis: ['00:15:65', '24:9A:D8', '44:DB:D2', '80:5E:0C', '80:5E:C0', '24:CF:24'],
    models: {
      T31P: m(2, 2, true),
      T33G: m(4, 4, true),
      T43U: m(12, 21, true),
      T46U: m(16, 27, true),
      T48U: m(16, 29, true),
      T53W: m(12, 21, true),
      T54W: m(16, 27, true),
      T57W: m(16, 29, true),
      T58W: m(16, 27, true),
    },
  },
  polycom: {
    label: 'Polycom',
    ouis: ['00:04:F2', '64:16:7F', '48:25:67', '00:E0:DB'],
    models: {
      VVX150: m(2, 2, true),
      VVX250: m(4, 4, true),
      VVX350: m(6, 6, true),
      VVX450: m(12, 12, true),
      VVX501: m(12, 12, true),
      VVX601: m(16, 16, true),
    },
  },
  snom: {
    label: 'Snom',
    ouis: ['00:04:13'],
    models: {
      D715: m(4, 5, true),
      D717: m(6, 3, true),
      D735: m(12, 32, true),
      D785: m(12, 24, true),
      D865: m(12, 40, true),
    },
  },
  grandstream: {
    label: 'Grandstream',
    ouis: ['00:0B:82', 'C0:74:AD', 'EC:74:D7'],
    // P-values pbxc knows: accounts 1-4; MPK 1-24 (GXP2160, GRP2614, GRP2616: physical multi-purpose
    // keys) and VPK 1-48 (GXP2135, GXP2170, GRP2612: no MPK, keys share the screen's VPKs with the
    // lines). src/emit/phones/vendors/grandstream-pvalues.ts.
    writable: { accounts: 4, keys: 48 },
    models: {
      GRP2612: m(2, 16, true),
      GRP2614: m(4, 24, false),
      GRP2616: m(6, 24, false),
      GXP2135: m(4, 32, true),
      GXP2160: m(6, 24, false),
      GXP2170: m(6, 48, true),
    },
  },
  fanvil: {
    label: 'Fanvil',
    ouis: ['0C:38:3E', '00:A8:59'],
    models: {
      X3U: m(6, 6, false),
      X4U: m(12, 30, false),
      X5U: m(16, 30, false),
      X6U: m(20, 60, false),
      X7: m(20, 116, false),
    },
  },
  cisco: {
    label: 'Cisco',
    ouis: ['00:1E:7A', '00:1B:D4', '00:19:AA', '00:0D:28', '00:13:C4', '00:17:94'],
    models: {
      '7940': m(2, 2, true),
      '7960': m(6, 6, true),
    },
  },
};

/** A model's capacity as pbxc can configure it: the hardware's, within the vendor's writable slots. */
export function usableCapacity(vendor: VendorInfo, model: ModelInfo): ModelInfo {
  if (!vendor.writable) return model;
  return {
    accounts: Math.min(model.accounts, vendor.writable.accounts),
    keys: Math.min(model.keys, vendor.writable.keys),
    sharedKeys: model.sharedKeys,
  };
}

/** Phones whose firmware fetches its files over TFTP only: Cisco 7940/7960 on SIP firmware. */
export function fetchesOverTftp(device: { readonly vendor: Vendor }): boolean {
  return device.vendor === 'cisco';
}

/** Cisco 7940/7960 read different files on SIP firmware 7.x and 8.x. */
export const FIRMWARE_MODELS: Readonly<Record<string, readonly string[]>> = { cisco: ['7940', '7960'] };

/** The vendor whose OUI the MAC (any accepted form) starts with. */
export function vendorOfMac(mac: string): Vendor | undefined {
  const oui = displayMac(mac).slice(0, 8);
  for (const [vendor, info] of Object.entries(VENDORS) as [Vendor, VendorInfo][]) {
    if (info.ouis.includes(oui)) return vendor;
  }
  return undefined;
}
