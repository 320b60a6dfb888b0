import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveSwitch, PHONES, STRANGER } from './harness/live-switch.js';
import { dial, inbound, invites, listen, PCAP, type Phone, phone } from './harness/phone.js';
import { sleep } from './harness/proc.js';
import type { SippRun } from './harness/sipp.js';
import { skipLive } from './harness/tools.js';

const skip = skipLive('calls');

/** Carriers in the namespace, inside their trunks' inbound_from ranges; trunk hosts resolve to them. */
const TELEKOM = '192.0.2.17';
const GAMMA = '192.0.2.18';
const BACKUP = '192.0.2.20';
const TWILIO = '192.0.2.66';

const ABC = 'abc-company';
const XYNAP = 'xynap';
const BLUEBIRD = 'bluebird-dental';

const EXTENSIONS: readonly (readonly [string, string])[] = [
  [ABC, '101'],
  [ABC, '102'],
  [ABC, '103'],
  [ABC, '104'],
  [XYNAP, '1000'],
  [XYNAP, '1001'],
  [XYNAP, '1010'],
  [XYNAP, '1011'],
  [XYNAP, '1012'],
  [XYNAP, '1013'],
  [BLUEBIRD, '200'],
  [BLUEBIRD, '201'],
  [BLUEBIRD, '203'],
  [BLUEBIRD, '204'],
  [BLUEBIRD, '250'],
  [BLUEBIRD, '251'],
];

const LONG_RING = 15_000;

describe.skipIf(skip)('live: calls on the rendered example tree', () => {
  let live: LiveSwitch;
  const ph: Record<string, Phone> = {};
  const carriers: Record<string, SippRun> = {};
  let loadErrors: string[] = [];

  /** The carrier's INVITEs so far: stop it, read them, start a fresh one. */
  async function carrierInvites(name: 'twilio' | 'backup' | 'gamma') {
    const seen = await carriers[name]!.stop();
    carriers[name] = startCarrier(name);
    return invites(seen);
  }

  function startCarrier(name: 'twilio' | 'backup' | 'gamma'): SippRun {
    const at = { twilio: [TWILIO, 5060], backup: [BACKUP, 5060], gamma: [GAMMA, 5070] } as const;
    const [from, port] = at[name];
    return live.sippStart('carrier', {
      from,
      port,
      uas: true,
      calls: 1000,
      timeoutS: 240,
      transport: name === 'gamma' ? 't1' : 'u1',
    });
  }

  beforeAll(async () => {
    live = await LiveSwitch.start({
      addresses: [TELEKOM, GAMMA, BACKUP, TWILIO],
      hosts: {
        'reg.sip-trunk.telekom.de': TELEKOM,
        'sip.gamma-trunk.example.net': GAMMA,
        'abc-company.pstn.twilio.com': TWILIO,
      },
    });
    loadErrors = live.errors();
    for (const name of ['twilio', 'backup', 'gamma'] as const) carriers[name] = startCarrier(name);
    let i = 0;
    for (const [tenant, ext] of EXTENSIONS)
      ph[ext] = await phone(live, tenant, ext, PHONES[i++ % PHONES.length]!);
  }, 120_000);
  afterAll(async () => {
    for (const c of Object.values(carriers)) await c.stop();
    await live?.stop();
  }, 60_000);

  it('internal call: 101 rings 102, which answers', async () => {
    const uas = await listen(live, ph['102']!);
    const r = await dial(live, ph['101']!, '102');
    const seen = await uas.done;
    expect(r.statuses).toContain(200);
    expect(invites(seen)).toHaveLength(1);
    expect(invites(seen)[0]!.header('From')).toContain('101');
  });

  it('ring group simultaneous (600): every member rings at once, the first to answer gets it', async () => {
    const answer = await listen(live, ph['102']!, 'uas-answer', { ringMs: 500 });
    const ringing = await listen(live, ph['103']!, 'uas-answer', { ringMs: LONG_RING });
    const caller = await listen(live, ph['101']!, 'uas-answer', { ringMs: LONG_RING });
    const r = await dial(live, ph['104']!, '600');
    const [a, b, c] = await Promise.all([answer.done, ringing.done, caller.done]);
    expect(r.statuses).toContain(200);
    expect(invites(a)).toHaveLength(1);
    expect(invites(b)).toHaveLength(1);
    expect(invites(c)).toHaveLength(1);
    expect(Math.abs(invites(a)[0]!.time - invites(b)[0]!.time)).toBeLessThan(400);
    // The others stop ringing when one answers.
    expect(b.requests.map((m) => m.method)).toContain('CANCEL');
  });

  it('ring group sequence (22): 1001 first, busy, then 1000 answers', async () => {
    const first = await listen(live, ph['1001']!, 'uas-busy');
    const second = await listen(live, ph['1000']!);
    const r = await dial(live, ph['1013']!, '22');
    const [a, b] = await Promise.all([first.done, second.done]);
    expect(r.statuses).toContain(200);
    expect(invites(a)).toHaveLength(1);
    expect(invites(b)).toHaveLength(1);
    expect(invites(a)[0]!.time).toBeLessThan(invites(b)[0]!.time);
  });

  it('ring group enterprise (700): both members ring at once', async () => {
    const a = await listen(live, ph['200']!, 'uas-answer', { ringMs: 500 });
    const b = await listen(live, ph['204']!, 'uas-answer', { ringMs: LONG_RING });
    const r = await dial(live, ph['203']!, '700');
    const [sa, sb] = await Promise.all([a.done, b.done]);
    expect(r.statuses).toContain(200);
    expect(invites(sa)).toHaveLength(1);
    expect(invites(sb)).toHaveLength(1);
    expect(Math.abs(invites(sa)[0]!.time - invites(sb)[0]!.time)).toBeLessThan(400);
  });

  it('ring group rollover (701): 201 busy rolls over to 250', async () => {
    const a = await listen(live, ph['201']!, 'uas-busy');
    const b = await listen(live, ph['250']!);
    const c = await listen(live, ph['251']!, 'uas-answer', { timeoutS: 4 });
    const r = await dial(live, ph['203']!, '701');
    const [sa, sb, sc] = await Promise.all([a.done, b.done, c.done]);
    expect(r.statuses).toContain(200);
    expect(invites(sa)).toHaveLength(1);
    expect(invites(sb)).toHaveLength(1);
    expect(invites(sc)).toHaveLength(0);
    expect(invites(sa)[0]!.time).toBeLessThan(invites(sb)[0]!.time);
  });

  it('ring group random (23): one member at a time, not always the same one first', async () => {
    const firsts = new Set<string>();
    for (let i = 0; i < 8 && firsts.size < 2; i++) {
      const uas = await Promise.all(
        ['1010', '1011', '1012'].map(
          async (e) => [e, await listen(live, ph[e]!, 'uas-answer', { timeoutS: 4 })] as const,
        ),
      );
      const r = await dial(live, ph['1013']!, '23');
      expect(r.statuses).toContain(200);
      const seen = await Promise.all(uas.map(async ([e, u]) => [e, await u.done] as const));
      const rang = seen.filter(([, s]) => invites(s).length > 0);
      expect(rang).toHaveLength(1);
      firsts.add(rang[0]![0]);
    }
    expect(firsts.size).toBeGreaterThan(1);
  }, 60_000);

  it('voicemail deposit: 102 is busy, the caller leaves a message, the file appears in storage', async () => {
    const dir = join(live.fsDir('storage'), 'voicemail/default/abc.voice.example.net/102');
    const busy = await listen(live, ph['102']!, 'uas-busy');
    const r = await dial(live, ph['101']!, '102', { holdMs: 7000 });
    await busy.done;
    expect(r.statuses).toContain(200);
    await sleep(500);
    expect(existsSync(dir) ? readdirSync(dir).filter((f) => /^msg_.*\.wav$/.test(f)) : []).toHaveLength(1);
  }, 30_000);
});
