import { describe, expect, it } from 'vitest';
import { regionOfCallingCode, zoneSuggestion, zonesOfRegion } from '../../src/rules/zone-hint.js';
import { run, specCopy } from '../helpers/cli.js';

const ALL = Intl.supportedValuesOf('timeZone');

describe('time-zone suggestions by the tenant country', () => {
  it.each([
    ['Europe/Munich', '49', 'Europe/Berlin'],
    ['Europe/Hamburg', '49', 'Europe/Berlin'],
    ['Europe/Berln', '49', 'Europe/Berlin'],
    ['Europe/Salzburg', '43', 'Europe/Vienna'],
    ['Europe/Geneva', '41', 'Europe/Zurich'],
    ['Europe/Manchester', '44', 'Europe/London'],
    ['Europe/Lisbn', '351', 'Europe/Lisbon'],
    ['America/Dallas', '1', undefined], // many zones: no guess rather than a wrong one
    ['Europe/Berln', undefined, 'Europe/Berlin'], // no country: the nearest spelling
  ])('%s (+%s) → %s', (zone, code, expected) => {
    expect(zoneSuggestion(zone, code, ALL)).toBe(expected);
  });

  it('reads countries from libphonenumber and zones from Intl', () => {
    expect(regionOfCallingCode('49')).toBe('DE');
    expect(regionOfCallingCode('44')).toBe('GB');
    expect(regionOfCallingCode('999')).toBeUndefined();
    expect(regionOfCallingCode('__proto__')).toBeUndefined();
    expect(zonesOfRegion('DE')[0]).toBe('Europe/Berlin');
  });

  it('validate says "did you mean Europe/Berlin" for Europe/Munich in a German tenant', async () => {
    const spec = specCopy({
      'tenants/xynap.yaml': (t) => t.replace('timezone: Europe/Berlin', 'timezone: Europe/Munich'),
    });
    const r = await run(['validate', '--spec', spec]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /PBX3031: timezone "Europe\/Munich" of tenant xynap is not an IANA time zone \(did you mean "Europe\/Berlin"\?\)/,
    );
  });
});
