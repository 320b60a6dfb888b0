import { describe, expect, it } from 'vitest';
import { isIanaZone } from '../../src/model/schedule-time.js';

describe('isIanaZone', () => {
  it('knows current tzdb names that ICU answers with their old spelling', () => {
    // Node's ICU resolves these to Asia/Calcutta, Asia/Katmandu, Europe/Kiev, Asia/Saigon.
    for (const zone of [
      'Asia/Kolkata',
      'Asia/Kathmandu',
      'Europe/Kyiv',
      'Asia/Ho_Chi_Minh',
      'Europe/Berlin',
      'UTC',
    ])
      expect(isIanaZone(zone), zone).toBe(true);
  });

  it('refuses names tzdb does not spell that way, and unknown ones', () => {
    for (const zone of [
      'europe/berlin',
      'EUROPE/BERLIN',
      'asia/kolkata',
      'Europe/Munich',
      'Mars/Olympus',
      '',
      'Europe/',
    ])
      expect(isIanaZone(zone), zone).toBe(false);
  });
});
