/**
 * Cisco 79x0 time zones: the Windows-style names SIP firmware 8.x reads in <timeZone> ("/Daylight"
 * where the zone changes to summer time) and the abbreviations 7.x reads in time_zone, by standard
 * UTC offset in minutes. A zone whose offset is not here has no Cisco name: validation warns
 * (PBX3402) and the phone keeps UTC.
 */
interface CiscoZone {
  /** Name with daylight saving (the phone applies its DST rule) and without. */
  readonly dst: string;
  readonly standard: string;
  /** SIP 7.x abbreviation, where that firmware has one. */
  readonly abbrev?: string;
}

const ZONES: Readonly<Record<number, CiscoZone>> = {
  [-720]: { dst: 'Dateline Standard Time', standard: 'Dateline Standard Time' },
  [-660]: { dst: 'Samoa Standard Time', standard: 'Samoa Standard Time' },
  [-600]: { dst: 'Hawaiian Standard Time', standard: 'Hawaiian Standard Time', abbrev: 'HST' },
  [-540]: {
    dst: 'Alaskan Standard/Daylight Time',
    standard: 'Alaskan Standard/Daylight Time',
    abbrev: 'AKST',
  },
  [-480]: {
    dst: 'Pacific Standard/Daylight Time',
    standard: 'Pacific Standard/Daylight Time',
    abbrev: 'PST',
  },
  [-420]: { dst: 'Mountain Standard/Daylight Time', standard: 'US Mountain Standard Time', abbrev: 'MST' },
  [-360]: { dst: 'Central Standard/Daylight Time', standard: 'Canada Central Standard Time', abbrev: 'CST' },
  [-300]: { dst: 'Eastern Standard/Daylight Time', standard: 'SA Pacific Standard Time', abbrev: 'EST' },
  [-240]: { dst: 'Atlantic Standard/Daylight Time', standard: 'SA Western Standard Time', abbrev: 'AST' },
  [-210]: { dst: 'Newfoundland Standard/Daylight Time', standard: 'Newfoundland Standard/Daylight Time' },
  [-180]: { dst: 'E. South America Standard/Daylight Time', standard: 'SA Eastern Standard Time' },
  [-120]: { dst: 'Mid-Atlantic Standard/Daylight Time', standard: 'Mid-Atlantic Standard/Daylight Time' },
  [-60]: { dst: 'Azores Standard/Daylight Time', standard: 'Azores Standard/Daylight Time' },
  0: { dst: 'GMT Standard/Daylight Time', standard: 'Greenwich Standard Time', abbrev: 'GMT' },
  60: { dst: 'W. Europe Standard/Daylight Time', standard: 'W. Central Africa Standard Time', abbrev: 'CET' },
  120: { dst: 'E. Europe Standard/Daylight Time', standard: 'South Africa Standard Time', abbrev: 'EET' },
  180: { dst: 'Russian Standard/Daylight Time', standard: 'Saudi Arabia Standard Time', abbrev: 'MSK' },
  210: { dst: 'Iran Standard/Daylight Time', standard: 'Iran Standard/Daylight Time' },
  240: { dst: 'Arabian Standard Time', standard: 'Arabian Standard Time' },
  270: { dst: 'Afghanistan Standard Time', standard: 'Afghanistan Standard Time' },
  300: { dst: 'West Asia Standard Time', standard: 'West Asia Standard Time' },
  330: { dst: 'India Standard Time', standard: 'India Standard Time' },
  360: { dst: 'Central Asia Standard Time', standard: 'Central Asia Standard Time' },
  420: { dst: 'SE Asia Standard Time', standard: 'SE Asia Standard Time' },
  480: { dst: 'China Standard/Daylight Time', standard: 'China Standard/Daylight Time' },
  540: { dst: 'Tokyo Standard Time', standard: 'Tokyo Standard Time' },
  570: { dst: 'Cen. Australia Standard/Daylight Time', standard: 'AUS Central Standard Time' },
  600: { dst: 'AUS Eastern Standard/Daylight Time', standard: 'E. Australia Standard Time' },
  660: { dst: 'Central Pacific Standard Time', standard: 'Central Pacific Standard Time' },
  720: { dst: 'New Zealand Standard/Daylight Time', standard: 'Fiji Standard Time' },
};

export interface CiscoTimeZone {
  readonly xml: string;
  /** undefined: SIP 7.x has no abbreviation for this offset. */
  readonly abbrev?: string;
}

/** The Cisco zone of a standard offset (minutes east of UTC), or undefined where Cisco has none. */
export function ciscoTimeZone(offsetMinutes: number, hasDst: boolean): CiscoTimeZone | undefined {
  const zone = ZONES[offsetMinutes];
  if (!zone) return undefined;
  return { xml: hasDst ? zone.dst : zone.standard, ...(zone.abbrev ? { abbrev: zone.abbrev } : {}) };
}

/** Where a Cisco phone has no setting for the zone: the UTC zone it keeps. */
export const CISCO_UTC: CiscoTimeZone = { xml: 'Greenwich Standard Time', abbrev: 'GMT' };
