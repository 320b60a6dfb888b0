import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { offsetMinutes, posixTz, REFERENCE_YEAR } from '../../src/model/posix-tz.js';

/** Zones of the example spec and a few hard cases: southern hemisphere, half hours, no DST. */
const PINNED: Record<string, string> = {
  'Europe/Berlin': 'CET-1CEST,M3.5.0/2,M10.5.0/3',
  'Europe/London': 'GMT0BST,M3.5.0/1,M10.5.0/2',
  'America/New_York': 'EST5EDT,M3.2.0/2,M11.1.0/2',
  'Australia/Sydney': '<+10>-10<+11>,M10.1.0/2,M4.1.0/3',
  'Asia/Kolkata': '<+0530>-5:30',
  'America/St_Johns': '<-0330>3:30<-0230>,M3.2.0/2,M11.1.0/2',
  UTC: 'UTC0',
};

/** UTC offsets glibc computes for a POSIX TZ string (the real evaluator, via date(1)). */
function glibcOffsets(tz: string, instants: readonly number[]): number[] {
  const out = execFileSync('date', ['-f', '-', '+%z'], {
    input: instants.map((t) => `@${Math.floor(t / 1000)}`).join('\n'),
    env: { TZ: tz, PATH: process.env.PATH },
  }).toString();
  return out
    .trim()
    .split('\n')
    .map((z) => {
      const sign = z.startsWith('-') ? -1 : 1;
      return sign * (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5)));
    });
}

describe('posixTz: IANA zone → POSIX TZ for timezones.conf', () => {
  it('derives the pinned strings', () => {
    for (const [zone, tz] of Object.entries(PINNED)) expect(posixTz(zone), zone).toBe(tz);
  });

  it('gives the offsets of the tz database at every hour of the reference year and the next', () => {
    const start = Date.UTC(REFERENCE_YEAR, 0, 1);
    const instants = Array.from({ length: 2 * 365 * 24 }, (_, i) => start + i * 3_600_000 + 1_800_000);
    for (const zone of Object.keys(PINNED)) {
      const expected = instants.map((t) => offsetMinutes(zone, t));
      expect(glibcOffsets(posixTz(zone), instants), zone).toEqual(expected);
    }
  });

  it('does not depend on the clock', () => {
    expect(posixTz('Europe/Berlin')).toBe(posixTz('Europe/Berlin', REFERENCE_YEAR));
  });
});
