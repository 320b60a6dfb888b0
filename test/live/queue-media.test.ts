import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { specCopy } from '../helpers/cli.js';
import { wav } from '../media/wav-bytes.js';
import { callerChannel, channels, heard, idle, isTone, reaches, SOX } from './harness/heard.js';
import { LiveSwitch, PHONES } from './harness/live-switch.js';
import { dial, listen, type Phone, phone } from './harness/phone.js';
import { eventually } from './harness/rooms.js';
import { skipLive } from './harness/tools.js';

/**
 * What callers hear and where they go, on the real FreeSWITCH, measured on the audio itself: the
 * switch records what it sends to the caller (harness/heard.ts) and sox names the pitch.
 *
 * The example spec, with its media replaced by tones: the tenant's music on hold (shared `hold`)
 * is 1000 Hz, 101's voicemail greeting (`john-greeting`) 1500 Hz; the platform's default hold
 * music and every stock prompt are silent stand-ins. Queue 607 (Support: default music, nobody
 * logged in, no no-agent limit) and 608 (Sales: max_callers lowered to 1, no_agent_timeout 10,
 * on_timeout voicemail 101), and the open conference room 606. No agent logs in in this file.
 */
const skip = skipLive('queue-media', [SOX]);
const ABC = 'abc-company';
const DOMAIN = 'abc.voice.example.net';
const MOH_HZ = 1000;
const GREETING_HZ = 1500;

describe.skipIf(skip)(
  'live: queue limits, voicemail greeting and music on hold, by what callers hear',
  () => {
    let live: LiveSwitch;
    const ph: Record<string, Phone> = {};

    beforeAll(async () => {
      const spec = specCopy({
        'tenants/abc-company.yaml': (t) => t.replace('    max_callers: 5\n', '    max_callers: 1\n'),
      });
      writeFileSync(join(spec, 'media/shared/hold.wav'), wav({ seconds: 20, tone: MOH_HZ }));
      writeFileSync(
        join(spec, 'media/abc-company/john-greeting.wav'),
        wav({ seconds: 5, tone: GREETING_HZ }),
      );
      live = await LiveSwitch.start({ spec, sounds: true });
      // Callers only: 101 and 102 stay unregistered (their calls go to voicemail) until a test registers one.
      ph['103'] = await phone(live, ABC, '103', PHONES[2]!);
      ph['104'] = await phone(live, ABC, '104', PHONES[3]!);
    }, 120_000);
    afterAll(async () => {
      await live?.stop();
    }, 60_000);
    beforeEach(async () => {
      await idle(live);
    }, 15_000);

    /** 104 dials `number`; once its channel runs `application`, what it hears for `ms`. */
    async function hearsAt(number: string, application: string, ms = 3_000, except: string[] = []) {
      const call = dial(live, ph['104']!, number, { holdMs: ms + 5_000, timeoutS: 20 });
      const c = await callerChannel(live, '104', except);
      const reached = await reaches(live, c.uuid, application, 8_000);
      const h = reached === undefined ? undefined : await heard(live, c.uuid, ms);
      await call;
      expect(reached, `${number} runs ${application}`).toBeDefined();
      return { heard: h!, uuid: c.uuid };
    }

    it("a caller waiting in a queue with default music hears the tenant's music on hold, not the platform's", async () => {
      const h = (await hearsAt('607', 'callcenter')).heard;
      expect(isTone(h, MOH_HZ), `the caller hears the 1000 Hz hold music: ${JSON.stringify(h)}`).toBe(true);
    }, 40_000);

    it("a caller alone in a conference room hears the tenant's music on hold", async () => {
      const h = (await hearsAt('606', 'conference')).heard;
      expect(isTone(h, MOH_HZ), `the room's music while alone: ${JSON.stringify(h)}`).toBe(true);
    }, 40_000);

    it('no agent logged in: the caller leaves the queue after no_agent_timeout (10 s) for on_timeout, voicemail 101 with its greeting', async () => {
      const call = dial(live, ph['103']!, '608', { holdMs: 22_000, timeoutS: 35 });
      const c = await callerChannel(live, '103');
      const start = Date.now();
      expect(await reaches(live, c.uuid, 'callcenter', 5_000), 'the caller enters 608').toBeDefined();
      const left = await reaches(live, c.uuid, 'voicemail', 20_000);
      const waited = Date.now() - start;
      expect(left, 'the caller reaches voicemail 101').toBeDefined();
      // mod_callcenter lets a caller go once no agent existed for 10 s and the caller waited 10 s + 1 s.
      expect(waited).toBeGreaterThanOrEqual(9_500);
      expect(waited).toBeLessThan(15_000);
      const h = await heard(live, c.uuid, 2_000);
      await call;
      expect(isTone(h, GREETING_HZ), `101's greeting plays: ${JSON.stringify(h)}`).toBe(true);
    }, 45_000);

    it('max_callers 1: a second caller while one waits goes straight to on_timeout; the first keeps waiting', async () => {
      const first = dial(live, ph['103']!, '608', { holdMs: 8_000, timeoutS: 20 });
      const c1 = await callerChannel(live, '103');
      expect(
        await reaches(live, c1.uuid, 'callcenter', 5_000),
        'the first caller waits in 608',
      ).toBeDefined();
      const second = dial(live, ph['104']!, '608', { holdMs: 5_000, timeoutS: 20 });
      const c2 = await callerChannel(live, '104');
      const full = await reaches(live, c2.uuid, 'voicemail', 4_000);
      const members = await live.fsCli(`callcenter_config queue list members 608@${DOMAIN}`);
      const firstApp = (await channels(live)).find((r) => r.uuid === c1.uuid)?.application;
      await Promise.all([first, second]);
      expect(full, 'the caller over the limit reaches voicemail 101 at once').toBeDefined();
      expect(firstApp).toBe('callcenter');
      // Waiting (or being offered): the rows of callers who left earlier stay as Abandoned for a while.
      const waiting = members
        .split('\n')
        .filter((l) => l.startsWith(`608@${DOMAIN}|`) && /\|(?:Waiting|Trying)\|/.test(l));
      expect(waiting, members).toHaveLength(1);
    }, 40_000);

    it('a caller reaching a mailbox hears the greeting from media; a box without one does not', async () => {
      // 101 and 102 are not registered: their calls go to voicemail.
      const john = await hearsAt('101', 'voicemail', 2_000);
      expect(isTone(john.heard, GREETING_HZ), `101's greeting: ${JSON.stringify(john.heard)}`).toBe(true);
      const jane = (await hearsAt('102', 'voicemail', 2_000, [john.uuid])).heard;
      expect(isTone(jane, GREETING_HZ), `102 has no greeting of its own: ${JSON.stringify(jane)}`).toBe(
        false,
      );
    }, 45_000);

    it("the tenant phone that answered carries the tenant's hold music: a hold from that side plays it", async () => {
      ph['101'] = await phone(live, ABC, '101', PHONES[0]!);
      const callee = await listen(live, ph['101']!, 'uas-answer', { ringMs: 300, timeoutS: 25 });
      const call = dial(live, ph['104']!, '101', { holdMs: 6_000, timeoutS: 25 });
      const a = await callerChannel(live, '104');
      let b: string | undefined;
      const bridged = await eventually(async () => {
        b = (await channels(live)).find((r) => r.direction === 'outbound' && r.callstate === 'ACTIVE')?.uuid;
        return b !== undefined && (await live.fsCli(`uuid_getvar ${b} bridge_uuid`)).trim() === a.uuid;
      }, 8_000);
      // FreeSWITCH plays, to the held party, the hold_music of the channel that holds (switch_ivr.c
      // switch_ivr_hold, switch_core_media.c on a phone's sendonly re-INVITE): 101's leg must carry
      // the tenant's file, not fall back to the platform's local_stream://moh.
      const music = bridged ? (await live.fsCli(`uuid_getvar ${b} hold_music`)).trim() : '';
      await call;
      await callee.stop();
      expect(bridged, '101 and the caller are bridged').toBe(true);
      expect(music).toMatch(/\/media\/shared\/hold\.wav$/);
    }, 45_000);
  },
);
