import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_CACHE_MS } from '../../src/emit/freeswitch/directory.js';
import { expiresDeviation, MAX_RECV_REQUESTS_PER_SECOND } from '../../src/emit/freeswitch/sip-profiles.js';
import { LiveSwitch, PHONES } from './harness/live-switch.js';
import { register } from './harness/phone.js';
import { sleep } from './harness/proc.js';
import { skipLive } from './harness/tools.js';

/**
 * What the registration storm bench sized (docs/freeswitch.md "Capacity and sizing"), on the real
 * switch: the settings take effect (flood limit, granted expiry with jitter, one cached user per
 * registration). The storm itself runs in `npm run bench:storm`.
 */
const skip = skipLive('storm-settings');
const FIXTURE = new URL('../fixtures/specs/live', import.meta.url).pathname;
/** The live fixture's sip.registration.expires. */
const EXPIRES = 60;
/** sofia's sip-expires-late-margin (default 60, sofia.c): added to the core table's expiry. */
const LATE_MARGIN = 60;

describe.skipIf(skip)('live: sized for a registration storm', () => {
  let live: LiveSwitch;
  beforeAll(async () => {
    live = await LiveSwitch.start({ spec: FIXTURE, secrets: { 'muster-sipgate': 'provider-secret' } });
  }, 90_000);
  afterAll(async () => {
    await live?.stop();
  }, 30_000);

  const registrations = async () =>
    (await live.fsCli('show registrations'))
      .split('\n')
      .filter((l) => /^30[0-2],/.test(l))
      .map((l) => l.split(','));

  it('grants expires ± a quarter, caches each user once, and finds every registration', async () => {
    const status = await live.fsCli('sofia xmlstatus profile internal');
    expect(status).toContain(`<max-recv-rps>${MAX_RECV_REQUESTS_PER_SECOND.internal}</max-recv-rps>`);
    // sofia's registrations are in FreeSWITCH's own file database (they survive a restart).
    const dbFiles = readdirSync(live.fsDir('db'));
    expect(dbFiles).toContain('core.db');
    await live.fsCli('xml_flush_cache');
    const users = ['300', '301', '302'];
    // What sofia granted, from the core table's expiry (epoch seconds) minus now, after each round.
    const granted: number[] = [];
    let port = 5070;
    for (let round = 0; round < 3; round++) {
      for (const u of users) {
        const r = await register(live, 'muster', u, PHONES[round]!, { contactPort: port++, expires: 3600 });
        expect(r.result.statuses.at(-1), u).toBe(200);
      }
      // The core table is written through FreeSWITCH's SQL queue: wait for the round's rows.
      let rows = await registrations();
      for (let i = 0; i < 30 && new Set(rows.map((r) => r[0])).size < users.length; i++) {
        await sleep(100);
        rows = await registrations();
      }
      const now = Date.now() / 1000;
      expect(new Set(rows.map((r) => r[0]))).toEqual(new Set(users));
      granted.push(...rows.map((r) => Number(r[4]) - LATE_MARGIN - now));
    }
    // Every lookup after the first of a user within USER_CACHE_MS came from the cache: 3 entries.
    expect(USER_CACHE_MS).toBeGreaterThan(1000);
    expect((await live.fsCli('xml_flush_cache')).trim()).toBe('+OK cleared 3 entries');
    // 60 ± 15, and not all alike (the phones asked for 3600).
    const d = expiresDeviation(EXPIRES);
    for (const g of granted) {
      expect(g).toBeGreaterThanOrEqual(EXPIRES - d - 3);
      expect(g).toBeLessThanOrEqual(EXPIRES + d + 1);
    }
    expect(new Set(granted.map(Math.round)).size).toBeGreaterThan(1);
    const reg = await live.fsCli('sofia status profile internal reg');
    for (const u of users) expect(reg).toContain(`${u}@sip.muster.example`);
    expect(await live.fsCli('sofia_contact internal/300@sip.muster.example')).toContain('sip:');
  }, 120_000);
});
