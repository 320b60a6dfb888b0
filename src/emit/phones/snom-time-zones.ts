/**
 * Snom's <timezone> codes: a country code plus the standard offset ("GER+1",
 * Portugal "PRT-0" as in the phone's own time-zone list), the form Wazo's
 * wazo-snom plugin writes (country from the locale, offset from the zone). Snom then applies that
 * country's DST rule itself. Zones not listed get no code: the phone uses utc_offset and the
 * explicit dst rule pbxc writes next to it.
 */
const CODES: Readonly<Record<string, string>> = {
  'Europe/Berlin': 'GER+1',
  'Europe/Vienna': 'AUT+1',
  'Europe/Zurich': 'CHE+1',
  'Europe/Paris': 'FRA+1',
  'Europe/Brussels': 'BEL+1',
  'Europe/Amsterdam': 'NLD+1',
  'Europe/Luxembourg': 'LUX+1',
  'Europe/Rome': 'ITA+1',
  'Europe/Madrid': 'ESP+1',
  'Europe/Copenhagen': 'DNK+1',
  'Europe/Oslo': 'NOR+1',
  'Europe/Stockholm': 'SWE+1',
  'Europe/Warsaw': 'POL+1',
  'Europe/Prague': 'CZE+1',
  'Europe/Budapest': 'HUN+1',
  'Europe/London': 'GBR-0',
  'Europe/Dublin': 'IRL-0',
  'Europe/Lisbon': 'PRT-0',
  'Europe/Helsinki': 'FIN+2',
  'Europe/Athens': 'GRC+2',
  'Europe/Istanbul': 'TUR+3',
  'Europe/Moscow': 'RUS+3',
  'America/New_York': 'USA-5',
  'America/Chicago': 'USA-6',
  'America/Denver': 'USA-7',
  'America/Los_Angeles': 'USA-8',
  'America/Anchorage': 'USA-9',
  'Pacific/Honolulu': 'USA-10',
};

/** The Snom timezone code of an IANA zone, or undefined where pbxc knows none. */
export function snomTimeZone(zone: string): string | undefined {
  return CODES[zone];
}
