import { VENDORS } from '../../../model/vendors.js';
import type { PhoneView } from '../phone-view.js';
import { vendorTimers } from '../timers.js';
import { codecNames } from '../vendor-values.js';

/**
 * Grandstream GXP/GRP P-value numbers. Account 1 has its own block; accounts 2.. follow the
 * P<n+2>xx layout (account 2 = P4xx, account 3 = P5xx, ...).
 */
interface AccountPs {
  readonly active: number;
  readonly name: number;
  readonly server: number;
  readonly userId: number;
  readonly authId: number;
  readonly password: number;
  readonly displayName: number;
  readonly voicemail: number;
  readonly transport: number;
  readonly expires: number;
  /** NAT traversal (2 = keep-alive). */
  readonly nat: number;
  /**
   * DTMF in audio / RFC 2833 / SIP INFO switches of the GXP/GRP phones: P2301-P2303 for account 1,
   * P2<n+2>01-03 for account n (Wazo's wazo-grandstream base template). P850-P852 are HT ATA keys.
   */
  readonly dtmf: readonly [number, number, number];
  /** Vocoder choices 1..6. */
  readonly codecs: readonly number[];
}

const ACCOUNT_1: AccountPs = {
  active: 271,
  name: 270,
  server: 47,
  userId: 35,
  authId: 36,
  password: 34,
  displayName: 3,
  voicemail: 33,
  transport: 130,
  expires: 32,
  nat: 52,
  dtmf: [2301, 2302, 2303],
  codecs: [57, 58, 59, 60, 61, 62],
};

function accountPs(index: number): AccountPs {
  if (index === 1) return ACCOUNT_1;
  const b = (index + 2) * 100;
  return {
    active: b + 1,
    name: b + 17,
    server: b + 2,
    userId: b + 4,
    authId: b + 5,
    password: b + 6,
    displayName: b + 7,
    voicemail: b + 26,
    transport: b + 48,
    expires: b + 12,
    nat: b + 14,
    dtmf: [2000 + b + 1, 2000 + b + 2, 2000 + b + 3],
    codecs: [b + 51, b + 52, b + 53, b + 54, b + 55, b + 56],
  };
}

/** Accounts pbxc writes: the P4xx..P6xx blocks of accounts 2-4 are the documented ones. */
export const ACCOUNT_SLOTS = VENDORS.grandstream.writable?.accounts ?? 4;

/** Multi-purpose keys 1..7: mode P323.., account/description/value P301.. in steps of 3. */
export const MPK_SLOTS = VENDORS.grandstream.writable?.keys ?? 7;
const MPK_MODE = { speed_dial: 0, blf: 1, park: 1 } as const;

export type PValue = { readonly id: number; readonly value: string | number };

export function accountValues(v: PhoneView): PValue[] {
  const codecs = codecNames(v.codecs, 'grandstream');
  const timers = vendorTimers('grandstream', v);
  return v.accounts
    .filter((a) => a.index <= ACCOUNT_SLOTS)
    .flatMap((a) => {
      const p = accountPs(a.index);
      return [
        { id: p.active, value: 1 },
        { id: p.name, value: a.label },
        { id: p.server, value: `${v.domain}:${v.port}` },
        { id: p.userId, value: a.extension },
        { id: p.authId, value: a.authUser },
        { id: p.password, value: a.password },
        { id: p.displayName, value: a.displayName },
        { id: p.voicemail, value: v.voicemail },
        { id: p.transport, value: { udp: 0, tcp: 1, tls: 2 }[v.transport] },
        { id: p.expires, value: timers.expires },
        { id: p.nat, value: timers.keepalive > 0 ? 2 : 0 },
        { id: p.dtmf[0], value: v.dtmf === 'inband' ? 1 : 0 },
        { id: p.dtmf[1], value: v.dtmf === 'rfc2833' ? 1 : 0 },
        { id: p.dtmf[2], value: v.dtmf === 'info' ? 1 : 0 },
        ...p.codecs.map((id, i) => ({ id, value: codecs[i] ?? codecs[codecs.length - 1] ?? 0 })),
      ];
    });
}

export function keyValues(v: PhoneView): PValue[] {
  return v.keys
    .filter((k) => k.index <= MPK_SLOTS)
    .flatMap((k) => {
      const base = 301 + (k.index - 1) * 3;
      return [
        { id: 322 + k.index, value: MPK_MODE[k.type] },
        { id: base, value: 0 },
        { id: base + 1, value: k.label },
        { id: base + 2, value: k.value },
      ];
    });
}
