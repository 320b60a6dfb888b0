import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARRIERS, type ExampleNode, startExampleNode } from './harness/example-node.js';
import { type LiveSwitch, PHONES, STRANGER } from './harness/live-switch.js';
import {
  dial,
  inbound,
  invites,
  listenReady,
  PCAP,
  type Phone,
  phone,
  register,
  unregister,
} from './harness/phone.js';
import { sleep } from './harness/proc.js';
import { skipLive } from './harness/tools.js';

const skip = skipLive('calls');

const { telekom: TELEKOM, gamma: GAMMA, twilio: TWILIO } = CARRIERS;

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
  let node: ExampleNode;
  let live: LiveSwitch;
  const ph: Record<string, Phone> = {};
  let loadErrors: string[] = [];
  const carrierInvites = (name: 'twilio' | 'backup' | 'gamma') => node.carrierInvites(name);

  beforeAll(async () => {
    node = await startExampleNode();
    live = node.live;
    loadErrors = live.configWarnings();
    let i = 0;
    for (const [tenant, ext] of EXTENSIONS)
      ph[ext] = await phone(live, tenant, ext, PHONES[i++ % PHONES.length]!);
  }, 120_000);
  afterAll(async () => {
    await node?.stop();
  }, 60_000);

  it('internal call: 101 rings 102, which answers', async () => {
    const uas = await listenReady(live, ph['102']!);
    const r = await dial(live, ph['101']!, '102');
    const seen = await uas.done;
    expect(r.statuses).toContain(200);
    expect(invites(seen)).toHaveLength(1);
    expect(invites(seen)[0]!.header('From')).toContain('101');
  });

  it('ring group simultaneous (600): every member rings at once, the first to answer gets it', async () => {
    const answer = await listenReady(live, ph['102']!, 'uas-answer', { ringMs: 500 });
    const ringing = await listenReady(live, ph['103']!, 'uas-answer', { ringMs: LONG_RING });
    const caller = await listenReady(live, ph['101']!, 'uas-answer', { ringMs: LONG_RING });
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
    const first = await listenReady(live, ph['1001']!, 'uas-busy');
    const second = await listenReady(live, ph['1000']!);
    const r = await dial(live, ph['1013']!, '22');
    const [a, b] = await Promise.all([first.done, second.done]);
    expect(r.statuses).toContain(200);
    expect(invites(a)).toHaveLength(1);
    expect(invites(b)).toHaveLength(1);
    expect(invites(a)[0]!.time).toBeLessThan(invites(b)[0]!.time);
  });

  it('ring group enterprise (700): both members ring at once', async () => {
    const a = await listenReady(live, ph['200']!, 'uas-answer', { ringMs: 500 });
    const b = await listenReady(live, ph['204']!, 'uas-answer', { ringMs: LONG_RING });
    const r = await dial(live, ph['203']!, '700');
    const [sa, sb] = await Promise.all([a.done, b.done]);
    expect(r.statuses).toContain(200);
    expect(invites(sa)).toHaveLength(1);
    expect(invites(sb)).toHaveLength(1);
    expect(Math.abs(invites(sa)[0]!.time - invites(sb)[0]!.time)).toBeLessThan(400);
  });

  it('ring group rollover (701): 201 busy rolls over to 250', async () => {
    const a = await listenReady(live, ph['201']!, 'uas-busy');
    const b = await listenReady(live, ph['250']!);
    const c = await listenReady(live, ph['251']!, 'uas-answer', { timeoutS: 4 });
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
          async (e) => [e, await listenReady(live, ph[e]!, 'uas-answer', { timeoutS: 4 })] as const,
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

  it('a member registered on two devices rings on both, in a simultaneous (600) and a sequence (22) group', async () => {
    // FreeSWITCH rings only the first registration of a user/ leg inside a `,` or `|` bridge list;
    // the groups must not use one (ring-groups.ts).
    const desk = ph['103']!;
    const soft = (await register(live, ABC, '103', PHONES[(EXTENSIONS.length + 1) % PHONES.length]!)).phone;
    const hunted = ph['1001']!;
    const hunted2 = (await register(live, XYNAP, '1001', PHONES[(EXTENSIONS.length + 2) % PHONES.length]!))
      .phone;
    try {
      const others = await Promise.all(
        [ph['101']!, ph['102']!].map((p) => listenReady(live, p, 'uas-answer', { ringMs: LONG_RING })),
      );
      const a = await listenReady(live, desk, 'uas-answer', { ringMs: LONG_RING });
      const b = await listenReady(live, soft, 'uas-answer', { ringMs: 500 });
      const r = await dial(live, ph['104']!, '600');
      const [sa, sb] = await Promise.all([a.done, b.done]);
      await Promise.all(others.map((o) => o.done));
      expect(r.statuses).toContain(200);
      expect(invites(sa)).toHaveLength(1);
      expect(invites(sb)).toHaveLength(1);

      const c = await listenReady(live, hunted, 'uas-answer', { ringMs: LONG_RING });
      const d = await listenReady(live, hunted2, 'uas-answer', { ringMs: 500 });
      const next = await listenReady(live, ph['1000']!, 'uas-answer', { timeoutS: 4 });
      const r2 = await dial(live, ph['1013']!, '22');
      const [sc, sd, sn] = await Promise.all([c.done, d.done, next.done]);
      expect(r2.statuses).toContain(200);
      expect(invites(sc)).toHaveLength(1);
      expect(invites(sd)).toHaveLength(1);
      expect(invites(sn)).toHaveLength(0);
    } finally {
      await unregister(live, soft);
      await unregister(live, hunted2);
    }
  }, 60_000);

  it('voicemail deposit: 102 is busy, the caller leaves a message, the file appears in storage', async () => {
    const dir = join(live.fsDir('storage'), 'voicemail/default/abc.voice.example.net/102');
    const busy = await listenReady(live, ph['102']!, 'uas-busy');
    const r = await dial(live, ph['101']!, '102', { holdMs: 7000 });
    await busy.done;
    expect(r.statuses).toContain(200);
    await sleep(500);
    expect(existsSync(dir) ? readdirSync(dir).filter((f) => /^msg_.*\.wav$/.test(f)) : []).toHaveLength(1);
  }, 30_000);

  // --- trunks: inbound -----------------------------------------------------------------------

  it('trunk inbound: a DID to an extension rings it (twilio → +12125550101 → 101)', async () => {
    const uas = await listenReady(live, ph['101']!);
    const r = await inbound(live, TWILIO, '+12125550101', '+12025550123');
    const seen = await uas.done;
    expect(r.statuses).toContain(200);
    expect(invites(seen)).toHaveLength(1);
    expect(invites(seen)[0]!.header('From')).toContain('+12025550123');
  });

  it('trunk inbound: a DID to a ring group rings every member (+12125550100 → 600)', async () => {
    const members = await Promise.all(
      ['101', '102', '103'].map((e, i) =>
        listenReady(live, ph[e]!, 'uas-answer', { ringMs: i === 0 ? 300 : LONG_RING }),
      ),
    );
    const r = await inbound(live, TWILIO, '+12125550100', '+12025550123');
    const seen = await Promise.all(members.map((m) => m.done));
    expect(r.statuses).toContain(200);
    for (const s of seen) expect(invites(s)).toHaveLength(1);
  });

  it('trunk inbound: national number form of a DID (0345… from the telekom range) reaches its line', async () => {
    const uas = await listenReady(live, ph['1010']!);
    const r = await inbound(live, TELEKOM, '034556643310', '+4930555000');
    expect(r.statuses).toContain(200);
    expect(invites(await uas.done)).toHaveLength(1);
  });

  it('trunk inbound: IVR option by DTMF (RFC 2833): 0 → 1000, 1 → ring group 21', async () => {
    const op = await listenReady(live, ph['1000']!);
    const r0 = await inbound(live, TELEKOM, '+4934556643378', '+4930555000', {
      pcap: PCAP.dtmf('0'),
      mediaDelayMs: 1500,
      holdMs: 4000,
    });
    expect(r0.statuses).toContain(200);
    expect(invites(await op.done)).toHaveLength(1);
    const group = await Promise.all([
      listenReady(live, ph['1000']!, 'uas-answer', { ringMs: LONG_RING }),
      listenReady(live, ph['1001']!),
    ]);
    const r1 = await inbound(live, TELEKOM, '+4934556643378', '+4930555000', {
      pcap: PCAP.dtmf('1'),
      mediaDelayMs: 1500,
      holdMs: 4000,
    });
    expect(r1.statuses).toContain(200);
    for (const g of await Promise.all(group.map((x) => x.done))) expect(invites(g)).toHaveLength(1);
  }, 30_000);

  it("refuses INVITEs from outside every trunk's inbound_from (403), nothing rings", async () => {
    const uas = await listenReady(live, ph['101']!, 'uas-answer', { timeoutS: 3 });
    const r = await inbound(live, STRANGER, '+12125550101', '+12025550123');
    expect(r.statuses).toEqual([403]);
    expect(invites(await uas.done)).toHaveLength(0);
    expect(live.log()).toContain(`IP ${STRANGER} Rejected by acl "trunks"`);
  });

  it('call filters: a blacklisted caller is rejected, a whitelisted one passes, a nuisance goes to voicemail', async () => {
    const line = await listenReady(live, ph['1010']!, 'uas-answer', { timeoutS: 3 });
    const spam = await inbound(live, TELEKOM, '+4934556643310', '+491761234567');
    expect(spam.statuses.at(-1)).toBeGreaterThanOrEqual(400);
    expect(invites(await line.done)).toHaveLength(0);
    // Bluebird: +4487* is hung up (answered, then cleared), but +448712345* is whitelisted.
    const billing = await listenReady(live, ph['204']!);
    const partner = await inbound(live, GAMMA, '+442079460101', '+448712345000');
    expect(partner.statuses).toContain(200);
    expect(invites(await billing.done)).toHaveLength(1);
    const billing2 = await listenReady(live, ph['204']!, 'uas-answer', { timeoutS: 3 });
    const withheld = await inbound(live, GAMMA, '+442079460101', '+448799999999', { holdMs: 3000 });
    expect(invites(await billing2.done)).toHaveLength(0);
    expect(withheld.messages.some((m) => m.direction === 'received' && m.method === 'BYE')).toBe(true);
    const nuisanceDir = join(live.fsDir('storage'), 'voicemail/default/pbx.bluebird-dental.example/204');
    const billing3 = await listenReady(live, ph['204']!, 'uas-answer', { timeoutS: 3 });
    const nuisance = await inbound(live, GAMMA, '+442079460101', '+447700900999', { holdMs: 7500 });
    expect(nuisance.statuses).toContain(200);
    expect(invites(await billing3.done)).toHaveLength(0);
    await sleep(500);
    expect(readdirSync(nuisanceDir).filter((f) => f.endsWith('.wav')).length).toBeGreaterThan(0);
  }, 40_000);

  // --- trunks: outbound ----------------------------------------------------------------------

  it('outbound: national dialling becomes E.164 on the right trunk with the line caller ID', async () => {
    await carrierInvites('twilio');
    const r = await dial(live, ph['101']!, '12125550199');
    expect(r.statuses).toContain(200);
    const tw = await carrierInvites('twilio');
    expect(tw).toHaveLength(1);
    expect(tw[0]!.firstLine).toMatch(/^INVITE sip:\+12125550199@abc-company\.pstn\.twilio\.com/);
    // No line of its own: the trunk's caller ID.
    expect(tw[0]!.header('From')).toMatch(/sip:\+12125550100@/);

    await carrierInvites('backup');
    const m = await dial(live, ph['201']!, '07700900555');
    expect(m.statuses).toContain(200);
    const bk = await carrierInvites('backup');
    expect(bk).toHaveLength(1);
    expect(bk[0]!.firstLine).toMatch(/^INVITE sip:\+447700900555@192\.0\.2\.20/);
    expect(bk[0]!.header('From')).toMatch(/sip:\+442079460160@/);

    await carrierInvites('gamma');
    const g = await dial(live, ph['201']!, '02079460999');
    expect(g.statuses).toContain(200);
    const gm = await carrierInvites('gamma');
    expect(gm).toHaveLength(1);
    expect(gm[0]!.firstLine).toMatch(/^INVITE sip:\+442079460999@sip\.gamma-trunk\.example\.net:5070/);
    expect(gm[0]!.header('From')).toMatch(/sip:\+442079460161@/);
  }, 40_000);

  it('toll restriction: 204 may not call UK mobiles or abroad, 201 may; nothing reaches a carrier', async () => {
    await carrierInvites('backup');
    await carrierInvites('gamma');
    const mobile = await dial(live, ph['204']!, '07700900555');
    const abroad = await dial(live, ph['204']!, '0033123456789');
    expect(mobile.statuses.at(-1)).toBeGreaterThanOrEqual(400);
    expect(abroad.statuses.at(-1)).toBeGreaterThanOrEqual(400);
    expect(await carrierInvites('backup')).toHaveLength(0);
    expect(await carrierInvites('gamma')).toHaveLength(0);
    const ok = await dial(live, ph['201']!, '0033123456789');
    expect(ok.statuses).toContain(200);
    const gm = await carrierInvites('gamma');
    expect(gm[0]!.firstLine).toMatch(/^INVITE sip:\+33123456789@/);
    // By number type (route uk-premium: libphonenumber's premium rate numbers of GB, only 201).
    const premium = await dial(live, ph['204']!, '09098790000');
    expect(premium.statuses.at(-1)).toBeGreaterThanOrEqual(400);
    expect(await carrierInvites('gamma')).toHaveLength(0);
    const paid = await dial(live, ph['201']!, '09098790000');
    expect(paid.statuses).toContain(200);
    const pm = await carrierInvites('gamma');
    expect(pm).toHaveLength(1);
    expect(pm[0]!.firstLine).toMatch(/^INVITE sip:\+449098790000@/);
  }, 40_000);

  it('emergency numbers go out untouched on the emergency route, whatever the toll restriction', async () => {
    await carrierInvites('gamma');
    const r = await dial(live, ph['204']!, '999');
    expect(r.statuses).toContain(200);
    const gm = await carrierInvites('gamma');
    expect(gm).toHaveLength(1);
    expect(gm[0]!.firstLine).toMatch(/^INVITE sip:999@/);
    // 112 too (bluebird's second emergency number), from the same toll-restricted phone: emergency
    // routing comes before every internal number and rewrite in the dialplan.
    const eu = await dial(live, ph['204']!, '112');
    expect(eu.statuses).toContain(200);
    const gm112 = await carrierInvites('gamma');
    expect(gm112).toHaveLength(1);
    expect(gm112[0]!.firstLine).toMatch(/^INVITE sip:112@sip\.gamma-trunk\.example\.net/);
    await carrierInvites('twilio');
    const us = await dial(live, ph['103']!, '911');
    expect(us.statuses).toContain(200);
    const tw = await carrierInvites('twilio');
    expect(tw[0]!.firstLine).toMatch(/^INVITE sip:911@/);
  }, 30_000);

  // --- feature codes ------------------------------------------------------------------------

  it('DND on (*78) sends callers to voicemail without ringing; off (*79) rings again', async () => {
    expect((await dial(live, ph['102']!, '*78')).statuses).toContain(200);
    const quiet = await listenReady(live, ph['102']!, 'uas-answer', { timeoutS: 3 });
    const r = await dial(live, ph['101']!, '102', { holdMs: 500 });
    expect(r.statuses).toContain(200);
    expect(invites(await quiet.done)).toHaveLength(0);
    expect((await dial(live, ph['102']!, '*79')).statuses).toContain(200);
    const rings = await listenReady(live, ph['102']!);
    await dial(live, ph['101']!, '102');
    expect(invites(await rings.done)).toHaveLength(1);
  }, 30_000);

  it('call forward on (*72<number>) rings the target instead; off (*73) rings the phone again', async () => {
    expect((await dial(live, ph['102']!, '*72103')).statuses).toContain(200);
    const target = await listenReady(live, ph['103']!);
    const own = await listenReady(live, ph['102']!, 'uas-answer', { timeoutS: 3 });
    expect((await dial(live, ph['101']!, '102')).statuses).toContain(200);
    expect(invites(await target.done)).toHaveLength(1);
    expect(invites(await own.done)).toHaveLength(0);
    expect((await dial(live, ph['102']!, '*73')).statuses).toContain(200);
    const back = await listenReady(live, ph['102']!);
    await dial(live, ph['101']!, '102');
    expect(invites(await back.done)).toHaveLength(1);
  }, 30_000);

  it('park (*6000) holds the caller on the first slot; *6001 retrieves it', async () => {
    const parked = live.sipp('call', {
      from: ph['104']!.address,
      service: '*6000',
      keys: {
        to_user: '*6000',
        caller: '104',
        from_domain: ph['104']!.domain,
        domain: ph['104']!.domain,
        pcap: PCAP.audio,
      },
      template: { hold_ms: 8000 },
      auth: { username: '104', password: ph['104']!.password },
    });
    await sleep(2000);
    expect(await live.fsCli('valet_info')).toMatch(/6001/);
    const r = await dial(live, ph['101']!, '*6001', { holdMs: 1500 });
    expect(r.statuses).toContain(200);
    expect(await live.fsCli('valet_info')).not.toMatch(/<extension[^>]*>6001</);
    expect((await parked).statuses).toContain(200);
  }, 30_000);

  it('directed pickup (**103) answers a call ringing at 103; group pickup (*8) one ringing in the group', async () => {
    const ringing = await listenReady(live, ph['103']!, 'uas-answer', { ringMs: LONG_RING });
    const call = dial(live, ph['104']!, '103', { holdMs: 2000 });
    await sleep(1000);
    const pick = await dial(live, ph['101']!, '**103', { holdMs: 1000 });
    expect(pick.statuses).toContain(200);
    expect((await call).statuses).toContain(200);
    expect((await ringing.done).requests.map((m) => m.method)).toContain('CANCEL');

    const ringing2 = await listenReady(live, ph['103']!, 'uas-answer', { ringMs: LONG_RING });
    const call2 = dial(live, ph['104']!, '103', { holdMs: 2000 });
    await sleep(1000);
    const pick2 = await dial(live, ph['102']!, '*8', { holdMs: 1000 });
    expect(pick2.statuses).toContain(200);
    expect((await call2).statuses).toContain(200);
    expect((await ringing2.done).requests.map((m) => m.method)).toContain('CANCEL');
  }, 30_000);

  it('echo test (*9196) answers', async () => {
    const r = await dial(live, ph['101']!, '*9196', { holdMs: 500 });
    expect(r.statuses.slice(0, 2)).toEqual([407, 200]);
  });

  it('the TLS trunk (telekom) registers over TLS when the node has its certificate', async () => {
    expect(node.telekomSeen().some((l) => l.startsWith('REGISTER sip:reg.sip-trunk.telekom.de'))).toBe(true);
    expect(await live.fsCli('sofia status gateway xynap-telekom')).toMatch(/State\s+REGED/);
  });

  it('writes no [ERR]/[CRIT] and no WARNING line caused by the configuration, at load or during the calls', () => {
    expect(loadErrors).toEqual([]);
    expect(live.configWarnings()).toEqual([]);
  });
});
