import { describe, expect, it } from 'vitest';
import { zoneInfo } from '../../src/emit/phones/time-zone.js';
import { ciscoZoneAbbrev, ciscoZoneName, dstFamily } from '../../src/model/cisco-time-zones.js';

/**
 * Cisco 79x0 SIP 8.x <timeZone> names. Sources for every expected name:
 *  W = wazo-platform/wazo-provd-plugins plugins/wazo-cisco-sip/common/common.py (_ZONE_MAP),
 *  V = VoIP-Domain/voipdomain Cisco auto-provisioning (names by UTC offset),
 *  F = FusionPBX resources/templates/provision/cisco/79x1/SEP{$mac}.cnf.xml ("Eastern Standard/Daylight Time"),
 *  C = CUCM-exported SEP<mac>.cnf.xml files ("W. Europe Standard/Daylight Time").
 * A "/Daylight" name makes the phone apply that zone's own DST rule, so it is only right for a zone
 * with the same rule; zones with another rule, or none where Cisco only has a DST name, get none.
 */
describe('Cisco 8.x zone names by offset and DST rule', () => {
  const cases: readonly [zone: string, name: string | undefined, sources: string][] = [
    ['Pacific/Honolulu', 'Hawaiian Standard Time', 'W V'],
    ['America/Anchorage', 'Alaskan Standard/Daylight Time', 'W V'],
    ['America/Los_Angeles', 'Pacific Standard/Daylight Time', 'W V'],
    ['America/Denver', 'Mountain Standard/Daylight Time', 'W V'],
    ['America/Phoenix', 'US Mountain Standard Time', 'W V'],
    ['America/Chicago', 'Central Standard/Daylight Time', 'W V'],
    ['America/Regina', 'Canada Central Standard Time', 'W V'],
    ['America/New_York', 'Eastern Standard/Daylight Time', 'W V F'],
    ['America/Bogota', 'SA Pacific Standard Time', 'W V'],
    ['America/Halifax', 'Atlantic Standard/Daylight Time', 'W V'],
    ['America/Caracas', 'SA Western Standard Time', 'W V'],
    ['America/St_Johns', 'Newfoundland Standard/Daylight Time', 'W V'],
    ['America/Sao_Paulo', 'SA Eastern Standard Time', 'W V (Brazil has had no DST since 2019)'],
    ['Atlantic/Azores', 'Azores Standard/Daylight Time', 'W V'],
    ['Europe/London', 'GMT Standard/Daylight Time', 'W V'],
    ['Europe/Lisbon', 'GMT Standard/Daylight Time', 'W V'],
    ['Africa/Abidjan', 'Greenwich Standard Time', 'W V'],
    ['Europe/Berlin', 'W. Europe Standard/Daylight Time', 'W C V'],
    ['Europe/Paris', 'W. Europe Standard/Daylight Time', 'W C V'],
    ['Europe/Athens', 'E. Europe Standard/Daylight Time', 'W V'],
    ['Africa/Johannesburg', 'South Africa Standard Time', 'W V'],
    ['Europe/Moscow', 'Saudi Arabia Standard Time', 'W V (UTC+3 without DST, as Moscow since 2014)'],
    ['Asia/Riyadh', 'Saudi Arabia Standard Time', 'W V'],
    ['Asia/Dubai', 'Arabian Standard Time', 'W V'],
    ['Asia/Kabul', 'Afghanistan Standard Time', 'W V'],
    ['Asia/Karachi', 'West Asia Standard Time', 'W V'],
    ['Asia/Calcutta', 'India Standard Time', 'W V'],
    ['Asia/Dhaka', 'Central Asia Standard Time', 'W V'],
    ['Asia/Bangkok', 'SE Asia Standard Time', 'W V'],
    ['Asia/Shanghai', 'Taipei Standard Time', 'W V (the China name carries a DST rule China lacks)'],
    ['Asia/Tokyo', 'Tokyo Standard Time', 'W V'],
    ['Australia/Darwin', 'AUS Central Standard Time', 'W V'],
    ['Australia/Adelaide', 'Cen. Australia Standard/Daylight Time', 'W V'],
    ['Australia/Brisbane', 'West Pacific Standard Time', 'W V (no DST in Queensland)'],
    ['Australia/Sydney', 'AUS Eastern Standard/Daylight Time', 'W V'],
    ['Australia/Hobart', 'AUS Eastern Standard/Daylight Time', 'W V (same rule as Sydney)'],
    ['Pacific/Guadalcanal', 'Central Pacific Standard Time', 'W V'],
    ['Pacific/Fiji', 'Fiji Standard Time', 'W V'],
    ['Pacific/Auckland', 'New Zealand Standard/Daylight Time', 'W V'],
    // No Cisco name keeps these zones' time (warned as PBX3402):
    ['Africa/Lagos', undefined, 'UTC+1 without DST: every Cisco +1 name has EU DST'],
    ['Atlantic/Cape_Verde', undefined, 'UTC-1 without DST: only the Azores DST name'],
    ['America/Santiago', undefined, 'Chile DST (September to April) is no Cisco rule'],
    ['Africa/Cairo', undefined, 'Egypt DST (April to October, Fridays/Thursdays)'],
    ['Asia/Jerusalem', undefined, 'Israel DST starts on a Friday'],
    ['Asia/Tehran', undefined, 'Iran: no DST since 2022, Cisco only has the DST name'],
    ['Asia/Kathmandu', undefined, 'UTC+5:45 is not on the list'],
    ['Pacific/Tongatapu', undefined, 'UTC+13 is not on the list'],
  ];
  it.each(cases)('%s → %s', (zone, name) => {
    expect(ciscoZoneName(zoneInfo(zone))).toBe(name);
  });

  it('DST rules are recognised by month, week and weekday', () => {
    expect(dstFamily(zoneInfo('America/Toronto').dst!)).toBe('us');
    expect(dstFamily(zoneInfo('Europe/Dublin').dst!)).toBe('eu');
    expect(dstFamily(zoneInfo('Europe/Chisinau').dst!)).toBe('eu');
    expect(dstFamily(zoneInfo('Australia/Melbourne').dst!)).toBe('au');
    expect(dstFamily(zoneInfo('Pacific/Auckland').dst!)).toBe('nz');
    expect(dstFamily(zoneInfo('America/Santiago').dst!)).toBeUndefined();
    // Lord Howe saves 30 minutes: no Cisco rule does.
    expect(dstFamily(zoneInfo('Australia/Lord_Howe').dst!)).toBeUndefined();
  });
});

describe('Cisco 7.x abbreviations', () => {
  it('by standard offset ("EST": FusionPBX cisco/7940 and Elastix SIPDefault; "CST": Provisioner sip79xx)', () => {
    expect(ciscoZoneAbbrev(zoneInfo('America/New_York'))).toBe('EST');
    expect(ciscoZoneAbbrev(zoneInfo('America/Chicago'))).toBe('CST');
    expect(ciscoZoneAbbrev(zoneInfo('Europe/Berlin'))).toBe('CET');
    expect(ciscoZoneAbbrev(zoneInfo('Asia/Tokyo'))).toBeUndefined();
  });
});
