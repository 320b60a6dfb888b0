import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveSwitch, PHONES } from './harness/live-switch.js';
import { dial, type Phone, phone } from './harness/phone.js';
import { sleep } from './harness/proc.js';
import type { SippResult } from './harness/sipp.js';
import { skipLive } from './harness/tools.js';

/**
 * BLF initial state: a phone that subscribes to a day/night override or a queue agent AFTER the
 * state was set gets a NOTIFY with that state at once (the PRESENCE_PROBE hook, presence-probe.ts),
 * with no further change. Example spec: xynap's office-hours override *31, abc-company's queue 607
 * with agents 102 and 103.
 */
const skip = skipLive('blf-probe');
const XYNAP = 'sip.xynap.tech';
const ABC = 'abc.voice.example.net';

/** The dialog states of every NOTIFY body (dialog-info), in order. */
function dialogStates(r: SippResult): string[] {
  return r.requests
    .filter((m) => m.method === 'NOTIFY')
    .flatMap((m) => [...m.text.matchAll(/<state[^>]*>([a-z]+)<\/state>/g)].map((x) => x[1]!));
}

/** The pidf basic states (open/closed) of every NOTIFY body, in order. */
function basicStates(r: SippResult): string[] {
  return r.requests
    .filter((m) => m.method === 'NOTIFY')
    .flatMap((m) => [...m.text.matchAll(/<basic>([a-z]+)<\/basic>/g)].map((x) => x[1]!));
}

describe.skipIf(skip)('live: BLF keys get the current state when they subscribe (PRESENCE_PROBE)', () => {
  let live: LiveSwitch;
  const ph: Record<string, Phone> = {};

  async function subscribe(
    p: Phone,
    toUser: string,
    domain: string,
    event: 'dialog' | 'presence' = 'dialog',
  ) {
    const r = await live.sipp('subscribe', {
      from: p.address,
      keys: {
        user: p.extension,
        from_domain: p.domain,
        domain,
        to_user: toUser,
        event,
        accept: event === 'dialog' ? 'application/dialog-info+xml' : 'application/pidf+xml',
        expires: 120,
      },
      template: { quiet_ms: 4000 },
      auth: { username: p.extension, password: p.password },
      timeoutS: 30,
    });
    return r;
  }
  const show = (r: SippResult) =>
    `statuses ${r.statuses.join(',')}\n${r.requests.map((m) => m.text).join('\n----\n')}\n${r.errors}`;
  /** The switch accepted the subscription (200 or 202). */
  const expectAccepted = (r: SippResult) =>
    expect(
      r.statuses.some((s) => s === 200 || s === 202),
      show(r),
    ).toBe(true);

  beforeAll(async () => {
    live = await LiveSwitch.start({ sounds: true });
    ph['1000'] = await phone(live, 'xynap', '1000', PHONES[0]!);
    ph['1001'] = await phone(live, 'xynap', '1001', PHONES[1]!);
    ph['102'] = await phone(live, 'abc-company', '102', PHONES[2]!);
    ph['103'] = await phone(live, 'abc-company', '103', PHONES[3]!);
  }, 120_000);
  afterAll(async () => {
    await live?.stop();
  }, 60_000);

  it('a day/night key subscribing after *312 sees the override active (confirmed), no change needed', async () => {
    const d = await dial(live, ph['1000']!, '*312', { holdMs: 1500 });
    expect(d.statuses).toContain(200);
    expect((await live.fsCli('db select/xynap-daynight/office-hours')).trim()).toBe('closed');
    await sleep(500);
    const mark = live.mark();
    const r = await subscribe(ph['1001']!, '*31', XYNAP);
    expectAccepted(r);
    expect(dialogStates(r).at(-1), show(r)).toBe('confirmed');
    // The hook ran without a Lua error (the node's other errors are its unreachable trunks).
    expect(live.errors(mark).filter((l) => /lua/i.test(l))).toEqual([]);
  }, 60_000);

  it("a phone of another tenant never gets xynap's override state from a probe", async () => {
    // xynap is forced closed here (the test above). The switch accepts the subscription (sofia
    // checks the subscriber's own credentials): only the hook's domain rule keeps the state from it.
    const r = await subscribe(ph['102']!, '*31', XYNAP);
    expectAccepted(r);
    expect(dialogStates(r), show(r)).not.toContain('confirmed');
  }, 60_000);

  it('after *310 (automatic) a new subscription sees the key dark (terminated or no dialog)', async () => {
    const d = await dial(live, ph['1000']!, '*310', { holdMs: 1500 });
    expect(d.statuses).toContain(200);
    const r = await subscribe(ph['1001']!, '*31', XYNAP);
    expectAccepted(r);
    expect(dialogStates(r), show(r)).not.toContain('confirmed');
  }, 60_000);

  it('a queue_agent key subscribing after *50 sees the agent logged in; a logged-out agent stays dark', async () => {
    const d = await dial(live, ph['102']!, '*50', { holdMs: 1500 });
    expect(d.statuses).toContain(200);
    expect((await live.fsCli(`callcenter_config agent get status 102@${ABC}`)).trim()).toBe('Available');
    await sleep(500);
    const r = await subscribe(ph['103']!, 'agent+102', ABC);
    expectAccepted(r);
    expect(dialogStates(r).at(-1), show(r)).toBe('confirmed');
    const out = await subscribe(ph['102']!, 'agent+103', ABC);
    expect((await live.fsCli(`callcenter_config agent get status 103@${ABC}`)).trim()).toBe('Logged Out');
    expect(dialogStates(out), show(out)).not.toContain('confirmed');
  }, 90_000);

  it('a presence (pidf) subscription to the logged-in agent shows it busy (open, on the phone)', async () => {
    const r = await subscribe(ph['103']!, 'agent+102', ABC, 'presence');
    expectAccepted(r);
    const last = r.requests.filter((m) => m.method === 'NOTIFY' && /<presence/.test(m.text)).at(-1);
    expect(last?.text, show(r)).toMatch(/on-the-phone/);
    expect(basicStates(r).at(-1), show(r)).toBe('open');
  }, 60_000);

  it('conference room and park slot keys are answered by mod_conference / mod_valet_parking themselves', async () => {
    // An idle room and an empty slot: the module's own answer is a dialog in state terminated (with
    // nobody answering the probe the NOTIFY would carry no dialog at all).
    for (const id of ['conf+605-abc-company', 'park+6001']) {
      const r = await subscribe(ph['103']!, id, ABC);
      expectAccepted(r);
      expect(dialogStates(r).at(-1), `${id}\n${show(r)}`).toBe('terminated');
    }
  }, 60_000);
});
