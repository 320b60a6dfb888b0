import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { specCopy } from '../helpers/cli.js';
import { writeDtmfPcap } from './harness/dtmf-pcap.js';
import { LiveSwitch, PHONES } from './harness/live-switch.js';
import { dial, type Phone, phone } from './harness/phone.js';
import { sleep } from './harness/proc.js';
import { byeFromSwitch, eventually, roomMembers } from './harness/rooms.js';
import { skipLive } from './harness/tools.js';

/**
 * Conference rooms on the real FreeSWITCH. PINs are sent as RFC 2833 telephone-events (what the
 * phones pbxc provisions send, and what the call scenario's SDP offers): one generated pcap per call
 * holds every digit (sipp plays one pcap per action, and its shipped pcaps hold one digit each).
 * SIP INFO is no option: sofia ignores INFO DTMF on a channel not set up for it (no liberal-dtmf).
 *
 * The example's room 605 (PIN 4321, moderator PIN 9876) plus, in this test's copy of the spec, a
 * room 651 that waits for its moderator (PIN 1357, moderator PIN 2468).
 */
const skip = skipLive('conference');
const ABC = 'abc-company';
const ROOM_605 = '605-abc-company';
const ROOM_651 = '651-abc-company';

describe.skipIf(skip)('live: conference rooms on mod_conference', () => {
  let live: LiveSwitch;
  const ph: Record<string, Phone> = {};
  let loadErrors: string[] = [];
  const pcap = (name: string, entries: string[], gapMs?: number) =>
    writeDtmfPcap(join(live.root, `${name}.pcap`), entries, gapMs ? { gapMs } : {});
  /** The digits start 1.5 s after the answer (after the PIN prompt tone), as a person would press them. */
  const LEAD = { mediaDelayMs: 1500 } as const;

  beforeAll(async () => {
    const spec = specCopy({
      'tenants/abc-company.yaml': (t) =>
        t
          .replace(
            '  - { range: "600-609", use: groups }',
            '  - { range: "600-609", use: groups }\n  - { range: "650-659", use: groups }',
          )
          .replace(
            'conferences:\n',
            'conferences:\n  - { number: "651", name: Board call, pin: "1357", moderator_pin: "2468", wait_for_moderator: true }\n',
          ),
    });
    live = await LiveSwitch.start({ spec, sounds: true });
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
    const three = await eventually(
      async () => (await roomMembers(live, '606-abc-company')).length === 3,
      7000,
    );
    const seen = await roomMembers(live, '606-abc-company');
    const results = await Promise.all(calls);
    expect(seen).toHaveLength(3);
    expect(three).toBe(true);
    for (const r of results) expect(r.successful).toBe(1);
  }, 30_000);

  it('members have the room keys: # leaves the room (the caller-controls group exists)', async () => {
    const mark = live.mark();
    const started = Date.now();
    const r = await dial(live, ph['103']!, '606', {
      holdMs: 15_000,
      ...LEAD,
      pcap: pcap('leave', ['#']),
      timeoutS: 25,
    });
    expect(byeFromSwitch(r), 'the switch hangs up after #').toBeDefined();
    expect(Date.now() - started).toBeLessThan(10_000);
    // mod_conference logs an error at every join when the profile's key group is missing.
    expect(live.errors(mark).filter((l) => /conference/i.test(l))).toEqual([]);
  }, 30_000);

  it('PIN room 605: the PIN and the moderator PIN join, a wrong PIN three times is refused', async () => {
    const hold = 14_000;
    const pin = dial(live, ph['101']!, '605', {
      holdMs: hold,
      ...LEAD,
      pcap: pcap('pin', ['4321']),
      timeoutS: 30,
    });
    const mod = dial(live, ph['102']!, '605', {
      holdMs: hold,
      ...LEAD,
      pcap: pcap('mod', ['9876']),
      timeoutS: 30,
    });
    // Three wrong 4-digit entries, each after the bad-PIN tone: mod_conference gives up after the
    // third (pin-retries 3). Waiting for its 10 s digit timeouts instead would take over 30 s.
    const wrongStart = Date.now();
    const wrong = dial(live, ph['103']!, '605', {
      holdMs: 40_000,
      ...LEAD,
      pcap: pcap('wrong', ['1111', '2222', '3333'], 2500),
      timeoutS: 50,
    });
    const both = await eventually(async () => (await roomMembers(live, ROOM_605)).length === 2, 10_000);
    const seen = await roomMembers(live, ROOM_605);
    const [rPin, rMod, rWrong] = await Promise.all([pin, mod, wrong]);
    const wrongMs = Date.now() - wrongStart;

    expect(both, `members of ${ROOM_605}: ${JSON.stringify(seen)}`).toBe(true);
    expect(seen.map((m) => m.caller).sort()).toEqual(['101', '102']);
    // The moderator PIN makes its caller the moderator; the plain PIN does not.
    expect(seen.find((m) => m.caller === '102')?.flags).toMatch(/moderator/);
    expect(seen.find((m) => m.caller === '101')?.flags).not.toMatch(/moderator/);
    // The two admitted callers stayed until they hung up themselves.
    expect(byeFromSwitch(rPin)).toBeUndefined();
    expect(byeFromSwitch(rMod)).toBeUndefined();
    // The wrong PIN: answered (the PIN prompt), never a member, hung up by the switch after the
    // three wrong entries, long before its own 40 s hold and before three digit timeouts.
    expect(rWrong.successful + rWrong.failed).toBe(1);
    expect(byeFromSwitch(rWrong), 'the switch hangs up on the wrong PIN').toBeDefined();
    expect(wrongMs).toBeLessThan(25_000);
  }, 60_000);

  it('room 651 waits for its moderator: members hear hold music until the moderator PIN joins', async () => {
    const member = dial(live, ph['104']!, '651', {
      holdMs: 16_000,
      ...LEAD,
      pcap: pcap('wait-member', ['1357']),
      timeoutS: 30,
    });
    const joined = await eventually(async () => (await roomMembers(live, ROOM_651)).length === 1, 10_000);
    await sleep(1000);
    // A room waiting for its moderator carries wait_mod and plays its hold music to the members.
    const waiting = await live.fsCli('conference list');
    const waitingLine = waiting.split('\n').find((l) => l.includes(ROOM_651)) ?? '';
    const moderator = dial(live, ph['101']!, '651', {
      holdMs: 8000,
      ...LEAD,
      pcap: pcap('wait-moderator', ['2468']),
      timeoutS: 30,
    });
    const withMod = await eventually(async () => (await roomMembers(live, ROOM_651)).length === 2, 10_000);
    await sleep(500);
    const after = await live.fsCli('conference list');
    const afterLine = after.split('\n').find((l) => l.includes(ROOM_651)) ?? '';
    const seen = await roomMembers(live, ROOM_651);
    await Promise.all([member, moderator]);

    expect(joined).toBe(true);
    expect(waitingLine).toMatch(/wait_mod/);
    expect(waitingLine).toMatch(/\b1 member/);
    expect(withMod, `members of ${ROOM_651}: ${JSON.stringify(seen)}`).toBe(true);
    expect(afterLine).not.toMatch(/wait_mod/);
    expect(seen.find((m) => m.caller === '101')?.flags).toMatch(/moderator/);
  }, 60_000);

  it('logged no conference error in the whole run', () => {
    expect(live.errors().filter((l) => /conference/i.test(l))).toEqual([]);
  });
});
