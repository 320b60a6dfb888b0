import { VENDORS } from '../../../model/vendors.js';
import type { PhoneView } from '../phone-view.js';
import { vendorTimers } from '../timers.js';
import { codecNames } from '../vendor-values.js';

/**
 * Grandstream GXP/GRP P-value numbers. Account 1 has its own block; accounts 2.. follow the
 * P<n+2>xx layout (account 2 = P4xx, account 3 = P5xx, ...). Numbers are those of Grandstream's
 * config templates as FusionPBX ships them (resources/templates/provision/grandstream/grp26xx,
 * gxp17xx, gxp2124), docs/phones.md lists them.
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
  /** SUBSCRIBE for MWI: P99 for account 1, P<n+2>15 after. */
  readonly mwi: number;
  readonly transport: number;
  readonly expires: number;
  /** NAT traversal (2 = keep-alive). */
  readonly nat: number;
  /** SRTP mode: 0 off, 1 enabled but not forced, 2 enabled and forced (P183, P<n+2>43). */
  readonly srtp: number;
  /** BLF call-pickup: 1 = always dial the prefix (P6752 + n - 1), and the prefix (P1347, P<n+2>81). */
  readonly pickupMode: number;
  readonly pickupPrefix: number;
  /**
   * DTMF in audio / RFC 2833 / SIP INFO switches of the GXP/GRP phones: P2301-P2303 for account 1,
   * P2<n+2>01-03 for account n (Wazo's wazo-grandstream base template). P850-P852 are HT ATA keys.
   */
  readonly dtmf: readonly [number, number, number];
  /** Vocoder choices 1..6. */
  readonly codecs: readonly number[];
  /**
   * "Allow Auto Answer by Call-Info" (GXP/GRP web UI: Account n → Call Settings; default No): P298
   * for account 1, P<n+2>38 after (P438, P538, P638: Grandstream's GXP17xx 1.0.1.133 template).
   */
  readonly autoAnswerByCallInfo: number;
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
  mwi: 99,
  transport: 130,
  expires: 32,
  nat: 52,
  srtp: 183,
  pickupMode: 6752,
  pickupPrefix: 1347,
  dtmf: [2301, 2302, 2303],
  codecs: [57, 58, 59, 60, 61, 62],
  autoAnswerByCallInfo: 298,
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
    mwi: b + 15,
    transport: b + 48,
    expires: b + 12,
    nat: b + 14,
    srtp: b + 43,
    pickupMode: 6751 + index,
    pickupPrefix: b + 81,
    dtmf: [2000 + b + 1, 2000 + b + 2, 2000 + b + 3],
    codecs: [b + 51, b + 52, b + 53, b + 54, b + 55, b + 56],
    autoAnswerByCallInfo: b + 38,
  };
}

/** Accounts pbxc writes: the P4xx..P6xx blocks of accounts 2-4 are the documented ones. */
export const ACCOUNT_SLOTS = VENDORS.grandstream.writable?.accounts ?? 4;

/**
 * Where a model's programmable keys live:
 * - mpk: physical multi-purpose keys (GXP2160, GRP2614, GRP2616): MPK 1-7 mode P323.., account,
 *   name, value P301.. in steps of 3; MPK 8-18 from P353 and MPK 19-24 from P1440, 4 P-values each.
 * - vpk: no MPK block, only the virtual multi-purpose keys of the screen (GXP2135, GXP2170,
 *   GRP2612). Lines take the first VPKs. VPK 1-6: mode P1363.., account P1364.. (steps of 2),
 *   description P1465.., value P1466..; VPK 7 on: P23800.., 4 P-values each.
 *   GXP "fixed" VPKs (the line keys: GXP2135 1-8, GXP2170 1-12) number their modes 0 line,
 *   10 speed dial, 11 BLF; their dynamic VPKs and every GRP VPK use 0 speed dial, 1 BLF (GRP line 31).
 */
export type KeyLayout =
  | { readonly kind: 'mpk' }
  | { readonly kind: 'vpk'; readonly family: 'gxp' | 'grp'; readonly fixed: number };

export const KEY_LAYOUTS: Readonly<Record<string, KeyLayout>> = {
  GXP2160: { kind: 'mpk' },
  GRP2614: { kind: 'mpk' },
  GRP2616: { kind: 'mpk' },
  GXP2135: { kind: 'vpk', family: 'gxp', fixed: 8 },
  GXP2170: { kind: 'vpk', family: 'gxp', fixed: 12 },
  GRP2612: { kind: 'vpk', family: 'grp', fixed: 2 },
};

/** The four P-values (mode, account, name, value) of MPK n (1-24). */
export function mpkPs(n: number): readonly [number, number, number, number] {
  if (n <= 7) {
    const base = 301 + (n - 1) * 3;
    return [322 + n, base, base + 1, base + 2];
  }
  const base = n <= 18 ? 353 + (n - 8) * 4 : 1440 + (n - 19) * 4;
  return [base, base + 1, base + 2, base + 3];
}

/** The four P-values (mode, account, description, value) of VPK n. */
export function vpkPs(n: number): readonly [number, number, number, number] {
  if (n <= 6) {
    const i = (n - 1) * 2;
    return [1363 + i, 1364 + i, 1465 + i, 1466 + i];
  }
  const base = 23800 + (n - 7) * 4;
  return [base, base + 1, base + 2, base + 3];
}

/** The most keys each layout has P-values for: MPK 24; VPK 48 (GXP2170). */
export const MAX_MPK = 24;
export const MAX_VPK = 48;

export type PValue = { readonly id: number; readonly value: string | number; readonly comment?: string };

/** SRTP mode for P183 / P<n+2>43. */
const SRTP_MODE = { off: 0, optional: 1, mandatory: 2 } as const;

export function accountValues(v: PhoneView): PValue[] {
  const codecs = codecNames(v.codecs, 'grandstream');
  const timers = vendorTimers('grandstream', v);
  return v.accounts
    .filter((a) => a.index <= ACCOUNT_SLOTS)
    .flatMap((a) => {
      const p = accountPs(a.index);
      const values: PValue[] = [
        { id: p.active, value: 1, comment: `account ${a.index} (${a.extension}): active` },
        { id: p.name, value: a.label },
        { id: p.server, value: `${v.domain}:${v.port}` },
        { id: p.userId, value: a.extension },
        { id: p.authId, value: a.authUser },
        { id: p.password, value: a.password },
        { id: p.displayName, value: a.displayName },
        { id: p.voicemail, value: v.voicemail },
        { id: p.mwi, value: 1, comment: `account ${a.index}: SUBSCRIBE for MWI` },
        { id: p.transport, value: { udp: 0, tcp: 1, tls: 2 }[v.transport] },
        {
          id: p.srtp,
          value: SRTP_MODE[v.srtp],
          comment: `account ${a.index}: SRTP 0 off, 1 offered, 2 required`,
        },
        { id: p.expires, value: timers.expires },
        { id: p.nat, value: timers.keepalive > 0 ? 2 : 0 },
        {
          id: p.pickupMode,
          value: 1,
          comment: `account ${a.index}: BLF pickup always dials the prefix below`,
        },
        { id: p.pickupPrefix, value: v.pickupDirect },
        { id: p.dtmf[0], value: v.dtmf === 'inband' ? 1 : 0 },
        { id: p.dtmf[1], value: v.dtmf === 'rfc2833' ? 1 : 0 },
        { id: p.dtmf[2], value: v.dtmf === 'info' ? 1 : 0 },
        ...p.codecs.map((id, i) => ({ id, value: codecs[i] ?? codecs[codecs.length - 1] ?? 0 })),
        // Pages and intercom calls (paging groups, the intercom code) carry Call-Info answer-after=0:
        // on every account, so a page reaches an extension on any line of the phone.
        {
          id: p.autoAnswerByCallInfo,
          value: 1,
          comment: `account ${a.index}: allow auto answer by Call-Info (pages, intercom)`,
        },
      ];
      return values;
    });
}

const KEY_NAMES = {
  blf: 'BLF',
  park: 'BLF on a park slot',
  speed_dial: 'speed dial',
  conference: 'BLF on a conference room',
  queue_agent: 'BLF on a queue agent',
} as const;

/** The key block: MPKs, or VPKs after one line VPK per account. Keys beyond the layout are refused earlier. */
export function keyValues(v: PhoneView): PValue[] {
  const layout = KEY_LAYOUTS[v.model] ?? { kind: 'mpk' };
  if (layout.kind === 'mpk') {
    return v.keys
      .filter((k) => k.index <= MAX_MPK)
      .flatMap((k) => {
        const [mode, account, name, value] = mpkPs(k.index);
        return [
          {
            id: mode,
            value: k.type === 'speed_dial' ? 0 : 1,
            comment: `MPK ${k.index}: ${KEY_NAMES[k.type]} (mode 0 speed dial, 1 BLF), account, name, value`,
          },
          { id: account, value: 0 },
          { id: name, value: k.label },
          { id: value, value: k.value },
        ];
      });
  }
  const lines = v.accounts
    .filter((a) => a.index <= ACCOUNT_SLOTS)
    .flatMap((a): PValue[] => {
      const [mode, account] = vpkPs(a.index);
      const line = layout.family === 'gxp' ? 0 : 31;
      return [
        { id: mode, value: line, comment: `VPK ${a.index}: line of account ${a.index} (mode ${line})` },
        { id: account, value: a.index - 1 },
      ];
    });
  const keys = v.keys
    .map((k) => ({ ...k, vpk: v.lineKeyCount + k.index }))
    .filter((k) => k.vpk <= MAX_VPK)
    .flatMap((k): PValue[] => {
      const [mode, account, name, value] = vpkPs(k.vpk);
      const fixed = layout.family === 'gxp' && k.vpk <= layout.fixed;
      const code = (k.type === 'speed_dial' ? 0 : 1) + (fixed ? 10 : 0);
      const legend = fixed ? '10 speed dial, 11 BLF' : '0 speed dial, 1 BLF';
      return [
        {
          id: mode,
          value: code,
          comment: `VPK ${k.vpk}: ${KEY_NAMES[k.type]} (mode ${legend}), account, description, value`,
        },
        { id: account, value: 0 },
        { id: name, value: k.label },
        { id: value, value: k.value },
      ];
    });
  return [...lines, ...keys];
}
