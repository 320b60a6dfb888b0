import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveSwitch, PHONES } from './harness/live-switch.js';
import { dial, PCAP, type Phone, phone } from './harness/phone.js';
import { sleep } from './harness/proc.js';
import { skipLive } from './harness/tools.js';

const skip = skipLive('conference');
const ABC = 'abc-company';

/** Members of a room as `conference <room> list` prints them (one line per member, `;`-separated). */
async function members(live: LiveSwitch, room: string): Promise<string[]> {
  const out = await live.fsCli(`conference ${room} list`);
  return out.split('\n').filter((l) => /^\d+;/.test(l.trim()));
}

async function until(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await sleep(250);
  }
  return false;
}

describe.skipIf(skip)('live: conference rooms on mod_conference', () => {
  let live: LiveSwitch;
  const ph: Record<string, Phone> = {};
  let loadErrors: string[] = [];

  beforeAll(async () => {
    live = await LiveSwitch.start({ sounds: true });
    loadErrors = live.configWarnings();
    let i = 0;
    for (const ext of ['101', '102', '103', '104']) ph[ext] = await phone(live, ABC, ext, PHONES[i++]!);
  }, 120_000);
  afterAll(async () => {
    await live?.stop();
  }, 60_000);

  it('loads mod_conference and its profiles without a warning', async () => {
    // Only the conference's own lines: the bare switch (no certificates, no carriers) logs others.
    expect(loadErrors.filter((l) => /conference/i.test(l))).toEqual([]);
    expect(await live.fsCli('module_exists mod_conference')).toContain('true');
  });

  it('three callers meet in the open room 606', async () => {
    const calls = ['101', '102', '103'].map((ext) => dial(live, ph[ext]!, '606', { holdMs: 8000 }));
    const three = await until(async () => (await members(live, '606-abc-company')).length === 3, 7000);
    const seen = await members(live, '606-abc-company');
    const results = await Promise.all(calls);
    expect(seen).toHaveLength(3);
    expect(three).toBe(true);
    for (const r of results) expect(r.successful).toBe(1);
  }, 30_000);

  it('a caller with the wrong PIN for room 605 is never admitted and is hung up', async () => {
    // The caller answers the PIN prompt with a wrong digit (RFC 2833) and then nothing.
    const call = dial(live, ph['104']!, '605', {
      holdMs: 50_000,
      pcap: PCAP.dtmf('1'),
      mediaDelayMs: 500,
      timeoutS: 60,
    });
    await sleep(4000);
    // In the PIN prompt, not in the room: the room does not exist yet, or has no member.
    const during = await members(live, '605-abc-company');
    const r = await call;
    expect(during).toEqual([]);
    // Three failed PIN attempts: mod_conference hangs up long before the caller would (50 s).
    const bye = r.messages.find((m) => m.method === 'BYE' && m.direction === 'received');
    expect(r.successful + r.failed).toBe(1);
    expect(bye, 'the switch sends BYE after the failed PIN attempts').toBeDefined();
  }, 70_000);
});
