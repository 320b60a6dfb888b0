import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { specCopy } from '../helpers/cli.js';
import { wav } from '../media/wav-bytes.js';
import { LiveSwitch, PHONES } from './harness/live-switch.js';
import { dial, type Phone, phone } from './harness/phone.js';
import { skipLive } from './harness/tools.js';

const skip = skipLive('announcements');
const ABC = 'abc-company';
const SECONDS = 3;

/**
 * Announcements and hang-ups on the real FreeSWITCH: the example's closed line (alias 199: the
 * announcement "closed", then hang up NORMAL_CLEARING) with a 3-second recording, and an alias that
 * only hangs up with USER_BUSY.
 */
describe.skipIf(skip)('live: {announcement, then: {hangup}} and {hangup}', () => {
  let live: LiveSwitch;
  let caller: Phone;

  beforeAll(async () => {
    const spec = specCopy({
      'tenants/abc-company.yaml': (t) =>
        t.replace(
          '  - { number: "199",',
          '  - { number: "198", name: Busy line, to: { hangup: USER_BUSY } }\n  - { number: "199",',
        ),
    });
    // A recording of exactly SECONDS (silence still streams RTP at 8 kHz).
    writeFileSync(join(spec, 'media/abc-company/closed.wav'), wav({ seconds: SECONDS }));
    live = await LiveSwitch.start({ spec, sounds: true });
    caller = await phone(live, ABC, '101', PHONES[0]!);
  }, 120_000);
  afterAll(async () => {
    await live?.stop();
  }, 60_000);

  it('the closed line answers, plays the file for its length, then hangs up with NORMAL_CLEARING', async () => {
    const mark = live.mark();
    // The caller would stay 20 s: the switch ends the call after the announcement.
    const r = await dial(live, caller, '199', { holdMs: 20_000, timeoutS: 40 });
    const ok = r.messages.find(
      (m) => m.status === 200 && m.method === 'INVITE' && m.direction === 'received',
    );
    const bye = r.messages.find((m) => m.method === 'BYE' && m.direction === 'received');
    expect(ok, 'answered').toBeDefined();
    expect(bye, 'the switch hangs up').toBeDefined();
    const played = (bye!.time - ok!.time) / 1000;
    // At least the file's length (a missing file would end the call at once), and the switch, not
    // the caller (who holds 20 s), ends it. On a quiet machine it is the length plus ~0.3 s; a loaded
    // one stretches the stream (6.9 s for 3 s measured in a full parallel suite).
    expect(played).toBeGreaterThanOrEqual(SECONDS);
    expect(played).toBeLessThan(SECONDS + 10);
    expect(bye!.header('Reason') ?? '').toMatch(/cause=16\b/);
    expect(live.errors(mark).filter((l) => /closed\.wav|playback|file/i.test(l))).toEqual([]);
  }, 60_000);

  it("a hang-up destination before an answer refuses with the cause's SIP response (USER_BUSY → 486)", async () => {
    const r = await dial(live, caller, '198', { timeoutS: 20 });
    expect(r.statuses).toContain(486);
    expect(r.messages.some((m) => m.status === 200 && m.method === 'INVITE')).toBe(false);
  }, 30_000);
});
