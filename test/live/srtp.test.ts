import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { specCopy } from '../helpers/cli.js';
import { LiveSwitch, PHONES } from './harness/live-switch.js';
import { invites, listen, PCAP, type Phone, phone } from './harness/phone.js';
import { SCENARIO_DIR, type SipMessage, type SippResult } from './harness/sipp.js';
import { skipLive } from './harness/tools.js';

/**
 * Issue 18 §2 "TLS without SRTP", live: phones on tls get SRTP (provisioning.srtp auto), and the
 * real FreeSWITCH running the rendered tree must speak it with them. The example spec with
 * `sip_transport: tls`: 101–104 are lines on the abc-company desk phones (SRTP required); 105 is
 * added without a phone (no SRTP). sipp plays the phones, with SDES (a=crypto) in its SDP.
 */
const skip = skipLive('srtp');

const DOMAIN = 'abc.voice.example.net';
/** An SDES key (30 bytes of key + salt, base64): sipp only carries it, nothing decrypts. */
const KEY = Buffer.alloc(30, 7).toString('base64');
const PLAIN_MEDIA = 'm=audio [media_port] RTP/AVP 8 101';

/** call.xml / uas-answer.xml with an SRTP offer or answer instead of plain RTP, and no RTP played. */
function srtpScenario(dir: string, name: 'call' | 'uas-answer', profile: 'RTP/SAVP' | 'RTP/AVP'): string {
  const text = readFileSync(join(SCENARIO_DIR, `${name}.xml`), 'utf8');
  if (!text.includes(PLAIN_MEDIA)) throw new Error(`${name}.xml: no "${PLAIN_MEDIA}" line to replace`);
  const out = join(dir, `${name}-${profile.replace('/', '-').toLowerCase()}.xml`);
  writeFileSync(
    out,
    text
      .replaceAll(
        PLAIN_MEDIA,
        `m=audio [media_port] ${profile} 8 101\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${KEY}`,
      )
      // Plain RTP from a pcap would only make the switch's SRTP unprotect complain.
      .replace('<nop><action><exec play_pcap_audio="[pcap]"/></action></nop>', ''),
  );
  return out;
}

/** The first audio media line, the crypto attributes of the SDP, and every media line. */
function sdpOf(m: SipMessage): { media: string; crypto: string[]; mediaLines: string[] } {
  const lines = m.text.split(/\r?\n/);
  const mediaLines = lines.filter((l) => l.startsWith('m='));
  return {
    media: mediaLines.find((l) => l.startsWith('m=audio')) ?? '',
    crypto: lines.filter((l) => l.startsWith('a=crypto:')),
    mediaLines,
  };
}

/** The 200 OK to the caller's (last) INVITE. */
function answerTo(r: SippResult): SipMessage | undefined {
  return r.messages.filter((m) => m.status === 200 && /INVITE/.test(m.header('CSeq') ?? '')).at(-1);
}

describe.skipIf(skip)('live: SRTP for phones on tls', () => {
  let live: LiveSwitch;
  let p101: Phone;
  let p105: Phone;
  beforeAll(async () => {
    const spec = specCopy({
      'platform.yaml': (t) => t.replace('admin_password: auto', 'admin_password: auto\n  sip_transport: tls'),
      'tenants/abc-company.yaml': (t) =>
        t.replace(
          '  - { number: "104", name: Warehouse, voicemail: true }',
          '  - { number: "104", name: Warehouse, voicemail: true }\n  - { number: "105", name: Spare, voicemail: false }',
        ),
    });
    live = await LiveSwitch.start({ spec, certs: true });
    p101 = await phone(live, 'abc-company', '101', PHONES[0]!);
    p105 = await phone(live, 'abc-company', '105', PHONES[1]!);
  }, 120_000);
  afterAll(async () => {
    await live?.stop();
  }, 30_000);

  /** `from` calls `to` with the given call scenario; `to` answers with `answer`. */
  async function call(from: Phone, to: Phone, scenario: string, answer: string) {
    const uas = await listen(live, to, answer);
    const caller = await live.sipp(scenario, {
      from: from.address,
      service: to.extension,
      keys: {
        to_user: to.extension,
        caller: from.extension,
        from_domain: DOMAIN,
        domain: DOMAIN,
        pcap: PCAP.audio,
      },
      template: { hold_ms: 1000, media_delay_ms: 1 },
      auth: { username: from.extension, password: from.password },
      timeoutS: 20,
    });
    return { caller, callee: await uas.done };
  }

  it('a call to an extension on an SRTP phone offers SAVP with SDES crypto; the phone answers it', async () => {
    const { caller, callee } = await call(
      p105,
      p101,
      'call',
      srtpScenario(live.root, 'uas-answer', 'RTP/SAVP'),
    );
    const [invite] = invites(callee);
    expect(invite, 'the SRTP phone got an INVITE').toBeDefined();
    const offer = sdpOf(invite!);
    expect(offer.media).toMatch(/^m=audio \d+ RTP\/SAVP /);
    expect(offer.crypto.length).toBeGreaterThan(0);
    // The suite every SRTP desk phone has is among those offered.
    expect(offer.crypto.join('\n')).toMatch(/AES_CM_128_HMAC_SHA1_80 inline:/);
    // "optional" (the extension may also ring devices without SRTP): a second, plain RTP/AVP audio
    // line follows the secure one, which a phone without SRTP can take instead.
    expect(offer.mediaLines).toHaveLength(2);
    expect(offer.mediaLines[1]).toMatch(/^m=audio \d+ RTP\/AVP /);
    expect(caller.statuses.at(-1), 'the call was answered end to end').toBe(200);
  });

  it('a call from an SRTP phone offering SAVP and crypto is answered with crypto', async () => {
    const { caller, callee } = await call(
      p101,
      p105,
      srtpScenario(live.root, 'call', 'RTP/SAVP'),
      'uas-answer',
    );
    const ok = answerTo(caller);
    expect(ok, `the SRTP caller got a 200 (${caller.statuses.join(',')})`).toBeDefined();
    const answer = sdpOf(ok!);
    expect(answer.media).toMatch(/^m=audio \d+ RTP\/SAVP /);
    expect(answer.crypto).toHaveLength(1);
    expect(answer.crypto[0]).toMatch(/^a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:/);
    // ...and the plain extension on the other side is offered plain RTP.
    const offer = sdpOf(invites(callee)[0]!);
    expect(offer.media).toMatch(/^m=audio \d+ RTP\/AVP /);
    expect(offer.crypto).toEqual([]);
  });

  it('an extension without an SRTP phone is not offered SAVP or crypto', async () => {
    const { callee } = await call(p101, p105, 'call', 'uas-answer');
    const offer = sdpOf(invites(callee)[0]!);
    expect(offer.media).toMatch(/^m=audio \d+ RTP\/AVP /);
    expect(offer.crypto).toEqual([]);
  });

  it('the calls leave no SRTP or crypto complaint in the log', () => {
    // (This spec's trunks have no carriers here: their registration failures are not this test's.)
    expect(live.configWarnings().filter((l) => /srtp|crypto|savp|secure/i.test(l))).toEqual([]);
  });
});
