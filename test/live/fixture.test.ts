import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveSwitch, PHONES, STRANGER } from './harness/live-switch.js';
import { dial, inbound, invites, listenReady, PCAP, type Phone, phone, register } from './harness/phone.js';
import { sleep, until } from './harness/proc.js';
import type { SippRun } from './harness/sipp.js';
import { skipLive } from './harness/tools.js';

const skip = skipLive('fixture');
const SPEC = fileURLToPath(new URL('../fixtures/specs/live', import.meta.url));

/** The registering provider (outside every whitelist), the IP carrier, and the SIP URI target. */
const PROVIDER = '198.51.100.70';
const CARRIER = '192.0.2.33';
const PARTNER = '192.0.2.34';

describe.skipIf(skip)(
  'live: the live fixture spec (DID targets, registering trunk, registration interval, NAT keep-alive)',
  () => {
    let live: LiveSwitch;
    let provider: SippRun;
    let carrier: SippRun;
    const ph: Record<string, Phone> = {};

    beforeAll(async () => {
      live = await LiveSwitch.start({
        spec: SPEC,
        sounds: true,
        secrets: { 'muster-sipgate': 'provider-secret' },
        addresses: [PROVIDER, CARRIER, PARTNER],
        beforeStart: (l) => {
          provider = l.sippStart('carrier', {
            from: PROVIDER,
            port: 5060,
            uas: true,
            calls: 100,
            timeoutS: 200,
          });
          carrier = l.sippStart('carrier', {
            from: CARRIER,
            port: 5060,
            uas: true,
            calls: 100,
            timeoutS: 200,
          });
        },
      });
      ph['300'] = await phone(live, 'muster', '300', PHONES[0]!);
      ph['301'] = await phone(live, 'muster', '301', PHONES[1]!);
      ph['302'] = await phone(live, 'muster', '302', PHONES[2]!);
    }, 90_000);
    afterAll(async () => {
      await provider?.stop();
      await carrier?.stop();
      await live?.stop();
    }, 60_000);

    it('the registering trunk registers with its provider', async () => {
      await until('gateway muster-sipgate REGED', 15_000, async () =>
        /^State\s+REGED/m.test(await live.fsCli('sofia status gateway muster-sipgate')) ? true : undefined,
      );
    });

    // The phone registered just before (beforeAll): its MWI NOTIFY can reach its UAS first. It used to
    // take the UAS's only call (sipp -m 1), so the INVITE found no phone and went to voicemail.
    it('a call over the registration (to the registered contact, from the registrar in inbound_from) reaches its DID', async () => {
      const uas = await listenReady(live, ph['300']!);
      const r = await inbound(live, PROVIDER, '+4930900000', '+4989123456', {
        requestUser: 'gw+muster-sipgate',
      });
      expect(r.statuses).toContain(200);
      expect(invites(await uas.done)).toHaveLength(1);
    });

    it('refuses the same call from anyone else (403): the ACL is what makes the trunk safe', async () => {
      const r = await inbound(live, STRANGER, '+4930900000', '+4989123456', {
        requestUser: 'gw+muster-sipgate',
      });
      expect(r.statuses).toEqual([403]);
    });

    it('DID to a ring group rings its members', async () => {
      const m = await Promise.all([
        listenReady(live, ph['300']!),
        listenReady(live, ph['301']!, 'uas-answer', { ringMs: 15_000 }),
      ]);
      const r = await inbound(live, CARRIER, '+4930900004', '+4989123456');
      expect(r.statuses).toContain(200);
      for (const s of await Promise.all(m.map((x) => x.done))) expect(invites(s)).toHaveLength(1);
    });

    it('DID to a voicemail box records a message for it', async () => {
      const dir = join(live.fsDir('storage'), 'voicemail/default/sip.muster.example/301');
      const quiet = await listenReady(live, ph['301']!, 'uas-answer', { timeoutS: 9 });
      const r = await inbound(live, CARRIER, '+4930900001', '+4989123456', { holdMs: 7500 });
      expect(r.statuses).toContain(200);
      expect(invites(await quiet.done)).toHaveLength(0);
      await sleep(500);
      expect(existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.wav')) : []).toHaveLength(1);
    }, 20_000);

    it('DID to an external number goes out on the route in E.164 with the trunk caller ID', async () => {
      const seenBefore = invites(await carrier.stop()).length;
      carrier = live.sippStart('carrier', {
        from: CARRIER,
        port: 5060,
        uas: true,
        calls: 100,
        timeoutS: 200,
      });
      await live.bound(CARRIER, 5060);
      expect(seenBefore).toBe(0);
      const r = await inbound(live, CARRIER, '+4930900002', '+4989123456');
      expect(r.statuses).toContain(200);
      const out = invites(await carrier.stop());
      carrier = live.sippStart('carrier', {
        from: CARRIER,
        port: 5060,
        uas: true,
        calls: 100,
        timeoutS: 200,
      });
      expect(out).toHaveLength(1);
      expect(out[0]!.firstLine).toMatch(/^INVITE sip:\+4940123456@192\.0\.2\.33/);
      expect(out[0]!.header('From')).toMatch(/sip:\+4930900000@/);
    });

    it('DID to a SIP URI bridges to exactly that URI', async () => {
      const partner = live.sippStart('uas-answer', { from: PARTNER, port: 5060, uas: true, timeoutS: 10 });
      await live.bound(PARTNER, 5060);
      const r = await inbound(live, CARRIER, '+4930900003', '+4989123456');
      expect(r.statuses).toContain(200);
      const seen = invites(await partner.done);
      expect(seen).toHaveLength(1);
      expect(seen[0]!.firstLine).toMatch(/^INVITE sip:desk@192\.0\.2\.34:5060/);
    });

    it('grants the registration interval of sip.registration (60 s ± 15 s of jitter) whatever the phone asks', async () => {
      const { result } = await register(live, 'muster', '300', PHONES[0]!, {
        expires: 3600,
        contactPort: ph['300']!.contactPort,
      });
      const ok = result.messages.find((m) => m.status === 200)!;
      // 60 s, spread by sip-expires-max-deviation (a quarter) so phones do not refresh in step.
      const granted = Number(/expires=(\d+)/.exec(ok.header('Contact') ?? '')?.[1]);
      expect(granted).toBeGreaterThanOrEqual(45);
      expect(granted).toBeLessThanOrEqual(75);
    });

    it('keeps a phone behind NAT reachable: OPTIONS every keepalive (5 s) to its public address', async () => {
      const port = live.port();
      const { result } = await register(live, 'muster', '301', PHONES[3]!, {
        contactHost: '192.168.1.50',
        contactPort: port,
        port,
      });
      expect(result.statuses.at(-1)).toBe(200);
      const pinged = live.sippStart('carrier', { from: PHONES[3]!, port, uas: true, calls: 2, timeoutS: 16 });
      const seen = await pinged.done;
      expect(seen.requests.filter((m) => m.method === 'OPTIONS').length).toBeGreaterThanOrEqual(1);
      // This second registration of 301 goes again (else a group call would find two contacts).
      await register(live, 'muster', '301', PHONES[3]!, {
        contactHost: '192.168.1.50',
        contactPort: port,
        port,
        expires: 0,
      });
    }, 25_000);

    it('locale: German ringback (425 Hz) while the group rings for a trunk caller; hold music from local_stream', async () => {
      const m = await Promise.all([
        listenReady(live, ph['300']!, 'uas-answer', { ringMs: 3000 }),
        listenReady(live, ph['301']!, 'uas-answer', { ringMs: 15_000 }),
      ]);
      const call = inbound(live, CARRIER, '+4930900004', '+4989123456');
      await sleep(1200);
      const uuid = (await live.fsCli('show channels as delim |'))
        .split('\n')
        .find((l) => l.includes('+4989123456'))
        ?.split('|')[0];
      expect(uuid).toBeTruthy();
      expect((await live.fsCli(`uuid_getvar ${uuid} ringback`)).trim()).toBe('%(1000,4000,425)');
      expect((await call).statuses).toContain(200);
      await Promise.all(m.map((x) => x.done));
      expect(await live.fsCli('global_getvar hold_music')).toMatch(/^local_stream:\/\/moh/);
      expect(await live.fsCli('local_stream show moh')).toMatch(/music\/8000/);
    }, 25_000);

    it('locale: German numbers read by mod_say_de (this build has it); prompts fall back to English', async () => {
      // This build ships mod_say_de, so vars.xml's start-up check selects it; FreeSWITCH publishes no
      // German sound package, so the prompts fall back to English (PBX3103 says so at validate).
      expect((await live.fsCli('global_getvar pbxc_say_de')).trim()).toBe('de');
      expect((await live.fsCli('global_getvar pbxc_prompts_de')).trim()).toBe('en/us/callie');
      expect(await live.fsCli('module_exists mod_say_de')).toMatch(/true/);
      // The say interface is registered and the tenant language's phrases use it.
      expect(await live.fsCli('show say')).toMatch(/^say,de,mod_say_de$/m);
      const lang = await live.fsCli('xml_locate languages language name de');
      expect(lang).toMatch(/<language name="de" say-module="de"/);
    });

    it('busy, caller not answered: 486 at once, no tone from the switch (the carrier plays its own)', async () => {
      const busy = await listenReady(live, ph['302']!, 'uas-busy');
      const r = await inbound(live, CARRIER, '+4930900006', '+4989123456');
      expect(invites(await busy.done)).toHaveLength(1);
      expect(r.statuses).toEqual([486]);
      const sent = r.messages.find((m) => m.direction === 'sent' && m.method === 'INVITE')!;
      const final = r.messages.find((m) => m.direction === 'received' && m.status === 486)!;
      expect(final.time - sent.time).toBeLessThan(2_000);
      expect(r.messages.filter((m) => m.status === 183 || m.status === 200)).toEqual([]);
    });

    it('busy, caller answered by the IVR: the German busy tone (425 Hz, 0.48 s on/off) for a few cadences, then USER_BUSY', async () => {
      const busy = await listenReady(live, ph['302']!, 'uas-busy');
      const call = inbound(live, CARRIER, '+4930900005', '+4989123457', {
        pcap: PCAP.dtmf('2'),
        mediaDelayMs: 1500,
        holdMs: 15_000,
        timeoutS: 25,
      });
      // What the caller's channel plays once the IVR's option 2 found 302 busy.
      const playing = await until(
        'the caller channel plays the busy tone',
        12_000,
        async () => {
          const line = (await live.fsCli('show channels as delim |'))
            .split('\n')
            .find((l) => l.includes('+4989123457'));
          const uuid = line?.split('|')[0];
          if (!uuid) return undefined;
          const data = (await live.fsCli(`uuid_getvar ${uuid} current_application_data`)).trim();
          return data.startsWith('tone_stream://') ? data : undefined;
        },
        100,
      );
      expect(playing).toBe('tone_stream://L=4;%(480,480,425)');
      const r = await call;
      expect(invites(await busy.done)).toHaveLength(1);
      const answered = r.messages.find((m) => m.direction === 'received' && m.status === 200)!;
      const bye = r.messages.find(
        (m) => m.direction === 'received' && m.status === undefined && m.method === 'BYE',
      );
      expect(bye, 'the switch hangs up after the tone').toBeDefined();
      // DTMF after 1.5 s, then about 3.8 s of tone: the switch ends the call, long before hold_ms.
      expect(bye!.time - answered.time).toBeGreaterThan(4_000);
      expect(bye!.time - answered.time).toBeLessThan(10_000);
      expect(bye!.header('Reason') ?? '').toMatch(/cause=17\b/);
    }, 30_000);

    it('hangs up a call whose media stopped (media_timeout: 5 min, on hold 30 min)', async () => {
      // The tree's values, global variables every channel reads (not sofia's deprecated profile
      // parameters rtp-timeout-sec / rtp-hold-timeout-sec).
      expect((await live.fsCli('global_getvar media_timeout')).trim()).toBe('300000');
      expect((await live.fsCli('global_getvar media_hold_timeout')).trim()).toBe('1800000');
      // The same mechanism, shortened to 2 s for this one call: the phone calls the echo test,
      // sends a moment of RTP (a DTMF digit) and then nothing; the switch must hang up.
      await live.fsCli('global_setvar media_timeout=2000');
      try {
        const r = await dial(live, ph['300']!, '*9196', {
          pcap: PCAP.dtmf('5'),
          holdMs: 15_000,
          timeoutS: 25,
        });
        const answered = r.messages.find((m) => m.direction === 'received' && m.status === 200)!;
        const bye = r.messages.find(
          (m) => m.direction === 'received' && m.status === undefined && m.method === 'BYE',
        );
        expect(answered).toBeDefined();
        expect(bye, 'the switch hung up the silent call').toBeDefined();
        expect(bye!.time - answered.time).toBeLessThan(8_000);
      } finally {
        await live.fsCli('global_setvar media_timeout=300000');
      }
    }, 30_000);

    it('writes no [ERR]/[CRIT] and no WARNING line caused by the configuration', () => {
      expect(live.configWarnings()).toEqual([]);
    });
  },
);
