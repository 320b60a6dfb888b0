import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveSwitch, PHONES } from './harness/live-switch.js';
import { dial, invites, listen, type Phone, phone } from './harness/phone.js';
import { eventually } from './harness/rooms.js';
import { skipLive } from './harness/tools.js';

/**
 * Call queues on the real mod_callcenter, with the example spec's queue 607 (Support): agents 102
 * (level 1) and 103 (level 2), max_wait 20 s, on_timeout the ring group 600 (101, 102, 103).
 */
const skip = skipLive('queues');
const ABC = 'abc-company';
const DOMAIN = 'abc.voice.example.net';
const QUEUE = `607@${DOMAIN}`;

describe.skipIf(skip)('live: call queues on mod_callcenter', () => {
  let live: LiveSwitch;
  const ph: Record<string, Phone> = {};
  let loadErrors: string[] = [];
  const status = async (ext: string) =>
    (await live.fsCli(`callcenter_config agent get status ${ext}@${DOMAIN}`)).trim();
  /** Callers in the queue without an agent yet (mod_callcenter's member rows: Waiting, or Trying an agent). */
  const members = async () =>
    (await live.fsCli(`callcenter_config queue list members ${QUEUE}`))
      .split('\n')
      .filter((l) => l.startsWith(`${QUEUE}|`) && /\|(?:Waiting|Trying)\|/.test(l));

  beforeAll(async () => {
    live = await LiveSwitch.start({ sounds: true });
    loadErrors = live.configWarnings();
    let i = 0;
    for (const ext of ['101', '102', '103', '104']) ph[ext] = await phone(live, ABC, ext, PHONES[i++]!);
  }, 120_000);
  afterAll(async () => {
    await live?.stop();
  }, 60_000);

  it('loads mod_callcenter with the queues, agents and tiers of the spec', async () => {
    expect(loadErrors.filter((l) => /callcenter/i.test(l))).toEqual([]);
    expect(await live.fsCli('module_exists mod_callcenter')).toContain('true');
    const tiers = await live.fsCli('callcenter_config tier list');
    expect(tiers).toContain(`${QUEUE}|102@${DOMAIN}`);
    expect(tiers).toContain(`${QUEUE}|103@${DOMAIN}`);
    // A new agent starts logged out: nobody takes queue calls before logging in.
    expect(await status('102')).toBe('Logged Out');
  });

  it('an agent logs in with the feature code (*50)', async () => {
    const r = await dial(live, ph['102']!, '*50', { holdMs: 3000 });
    expect(r.statuses).toContain(200);
    expect(await eventually(async () => (await status('102')) === 'Available', 3000)).toBe(true);
  }, 30_000);

  it('a caller waits with music; the logged-in agent 102 gets the call', async () => {
    const agent = await listen(live, ph['102']!, 'uas-answer', { ringMs: 2500, timeoutS: 25 });
    const call = dial(live, ph['104']!, '607', { holdMs: 8000, timeoutS: 30 });
    // While 102's phone rings the caller is in the queue (answered, hearing the hold music).
    const waiting = await eventually(async () => (await members()).length === 1, 2500);
    const listed = await live.fsCli(`callcenter_config queue list members ${QUEUE}`);
    const seen = await agent.done;
    const r = await call;
    expect(waiting, `the caller waits in 607 while the agent rings:\n${listed}`).toBe(true);
    expect(r.statuses).toContain(200);
    expect(invites(seen)).toHaveLength(1);
    expect(invites(seen)[0]!.header('From')).toContain('104');
  }, 45_000);

  it('an agent on break (*52) is not offered the call; after max_wait the caller goes to on_timeout (ring group 600)', async () => {
    const r = await dial(live, ph['102']!, '*52', { holdMs: 3000 });
    expect(r.statuses).toContain(200);
    expect(await eventually(async () => (await status('102')) === 'On Break', 3000)).toBe(true);
    // Wrap-up of the previous call (5 s) is over by now; 102 must stay silent for the whole wait.
    const onBreak = await listen(live, ph['102']!, 'uas-answer', { ringMs: 30_000, timeoutS: 32 });
    // 101 is a member of ring group 600, the queue's on_timeout: it rings only when the caller leaves.
    const exit = await listen(live, ph['101']!, 'uas-answer', { ringMs: 500, timeoutS: 40 });
    const start = Date.now();
    const call = dial(live, ph['104']!, '607', { holdMs: 26_000, timeoutS: 40 });
    const exitSeen = await exit.done;
    await call;
    const breakSeen = await onBreak.stop();
    const exitInvite = invites(exitSeen)[0];
    expect(exitInvite, 'on_timeout (ring group 600) rings 101').toBeDefined();
    // max_wait is 20 s: the caller left the queue then, not before.
    expect(exitInvite!.time - start).toBeGreaterThanOrEqual(19_000);
    // The ring group rings 102 as well once the caller has left; the queue never offered it before.
    const offered = invites(breakSeen).filter((m) => m.time < exitInvite!.time - 1000);
    expect(offered).toHaveLength(0);
  }, 60_000);
});
