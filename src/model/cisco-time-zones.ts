import type { DstRule, ZoneInfo } from '../emit/phones/time-zone.js';

/**
 * Cisco 79x0 time zones. SIP firmware 8.x reads a name from Cisco's fixed zone list in <timeZone>
 * and applies that zone's own DST rule ("Standard/Daylight" names change to summer time, the others
 * never do); 7.x reads an abbreviation in time_zone and takes DST from the dst_* fields pbxc writes.
 *
 * A name is used only where its offset AND its DST behaviour match the tenant's zone (in the
 * reference year): a "/Daylight" name for a zone without DST, or with another rule (Chile, Egypt,
 * Israel, Iran since 2022), would put the clock an hour off for half the year. No match: validation
 * warns (PBX3402) and the phone keeps UTC.
 *
 * Sources (names checked one by one, each in at least two):
 *  - wazo-platform/wazo-provd-plugins, plugins/wazo-cisco-sip/common/common.py (_ZONE_MAP: Cisco's
 *    list with the Olson zone each stands for, commented entries included);
 *  - VoIP-Domain/voipdomain, Cisco 79xx/78xx auto-provisioning (the same names by UTC offset);
 *  - CUCM-exported SEP<mac>.cnf.xml files in public repositories ("W. Europe Standard/Daylight Time",
 *    "US Eastern Standard Time", "Eastern Standard/Daylight Time" in FusionPBX's cisco/79x1 template).
 * Deliberately not used: "China Standard/Daylight Time" (China has no DST; Wazo avoids it too, and
 * uses Taipei for UTC+8), "Iran Standard/Daylight Time" (Iran dropped DST in 2022), "E. South
 * America Standard/Daylight Time" (Brazil dropped DST in 2019), "Mid-Atlantic Standard/Daylight
 * Time" (a DST rule no current zone uses), "W. Central Africa Standard Time" (a Windows name that
 * is not on Cisco's list).
 */

/** DST rules as "month, week (5 = last), weekday" of the start and the end. */
type RuleFamily = 'us' | 'eu' | 'au' | 'nz';

const FAMILIES: Readonly<Record<RuleFamily, { readonly start: Key; readonly end: Key }>> = {
  // USA and Canada since 2007: second Sunday of March to first Sunday of November.
  us: { start: [3, 2, 0], end: [11, 1, 0] },
  // EU, UK, Azores: last Sunday of March to last Sunday of October.
  eu: { start: [3, 5, 0], end: [10, 5, 0] },
  // South-east Australia: first Sunday of October to first Sunday of April.
  au: { start: [10, 1, 0], end: [4, 1, 0] },
  // New Zealand: last Sunday of September to first Sunday of April.
  nz: { start: [9, 5, 0], end: [4, 1, 0] },
};
type Key = readonly [month: number, week: number, weekday: number];

interface CiscoOffset {
  /** Name for a zone without DST at this standard offset. */
  readonly standard?: string;
  /** Names for zones with DST at this offset, by the DST rule the name carries. */
  readonly dst?: Partial<Record<RuleFamily, string>>;
}

/** By standard UTC offset in minutes. */
const ZONES: Readonly<Record<number, CiscoOffset>> = {
  [-720]: { standard: 'Dateline Standard Time' },
  [-660]: { standard: 'Samoa Standard Time' },
  [-600]: { standard: 'Hawaiian Standard Time' },
  [-540]: { dst: { us: 'Alaskan Standard/Daylight Time' } },
  [-480]: { dst: { us: 'Pacific Standard/Daylight Time' } },
  [-420]: { standard: 'US Mountain Standard Time', dst: { us: 'Mountain Standard/Daylight Time' } },
  [-360]: { standard: 'Canada Central Standard Time', dst: { us: 'Central Standard/Daylight Time' } },
  [-300]: { standard: 'SA Pacific Standard Time', dst: { us: 'Eastern Standard/Daylight Time' } },
  [-240]: { standard: 'SA Western Standard Time', dst: { us: 'Atlantic Standard/Daylight Time' } },
  [-210]: { dst: { us: 'Newfoundland Standard/Daylight Time' } },
  [-180]: { standard: 'SA Eastern Standard Time' },
  [-60]: { dst: { eu: 'Azores Standard/Daylight Time' } },
  0: { standard: 'Greenwich Standard Time', dst: { eu: 'GMT Standard/Daylight Time' } },
  60: { dst: { eu: 'W. Europe Standard/Daylight Time' } },
  120: { standard: 'South Africa Standard Time', dst: { eu: 'E. Europe Standard/Daylight Time' } },
  180: { standard: 'Saudi Arabia Standard Time' },
  240: { standard: 'Arabian Standard Time' },
  270: { standard: 'Afghanistan Standard Time' },
  300: { standard: 'West Asia Standard Time' },
  330: { standard: 'India Standard Time' },
  360: { standard: 'Central Asia Standard Time' },
  420: { standard: 'SE Asia Standard Time' },
  480: { standard: 'Taipei Standard Time' },
  540: { standard: 'Tokyo Standard Time' },
  570: { standard: 'AUS Central Standard Time', dst: { au: 'Cen. Australia Standard/Daylight Time' } },
  600: { standard: 'West Pacific Standard Time', dst: { au: 'AUS Eastern Standard/Daylight Time' } },
  660: { standard: 'Central Pacific Standard Time' },
  720: { standard: 'Fiji Standard Time', dst: { nz: 'New Zealand Standard/Daylight Time' } },
};

/**
 * SIP 7.x time_zone abbreviations by standard offset (DST comes from the dst_* fields). "EST" is
 * what FusionPBX's cisco/7940 SIPDefault.cnf and Elastix's Cisco SIPDefault template write, "CST"
 * what provisioner/Provisioner's cisco/sip79xx SIPDefault.cnf writes; the others follow the same
 * scheme and are not confirmed by a second source.
 */
const ABBREVIATIONS: Readonly<Record<number, string>> = {
  [-600]: 'HST',
  [-540]: 'AKST',
  [-480]: 'PST',
  [-420]: 'MST',
  [-360]: 'CST',
  [-300]: 'EST',
  [-240]: 'AST',
  0: 'GMT',
  60: 'CET',
  120: 'EET',
  180: 'MSK',
};

const same = (r: DstRule, k: Key) => r.month === k[0] && r.week === k[1] && r.weekday === k[2];

/** The DST rule family of a zone's rule, or undefined for a rule Cisco's names do not carry. */
export function dstFamily(dst: NonNullable<ZoneInfo['dst']>): RuleFamily | undefined {
  if (dst.saveMinutes !== 60) return undefined;
  for (const [family, { start, end }] of Object.entries(FAMILIES) as [
    RuleFamily,
    (typeof FAMILIES)['us'],
  ][]) {
    if (same(dst.start, start) && same(dst.end, end)) return family;
  }
  return undefined;
}

/** SIP 8.x <timeZone> name of a zone, or undefined where Cisco's list has none that keeps its time. */
export function ciscoZoneName(info: ZoneInfo): string | undefined {
  const zone = ZONES[info.offsetMinutes];
  if (!zone) return undefined;
  if (!info.dst) return zone.standard;
  const family = dstFamily(info.dst);
  return family ? zone.dst?.[family] : undefined;
}

/** SIP 7.x time_zone abbreviation of a zone's standard offset, or undefined. */
export function ciscoZoneAbbrev(info: ZoneInfo): string | undefined {
  return ABBREVIATIONS[info.offsetMinutes];
}

/** Where a Cisco phone has no setting for the zone: the UTC zone it keeps. */
export const CISCO_UTC = { xml: 'Greenwich Standard Time', abbrev: 'GMT' } as const;
