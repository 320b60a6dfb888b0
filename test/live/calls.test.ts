import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveSwitch, PHONES, STRANGER } from './harness/live-switch.js';
import { dial, inbound, invites, listen, type Phone, phone } from './harness/phone.js';
import { skipLive } from './harness/tools.js';

const skip = skipLive('calls');

/** Carriers in the namespace, inside their trunks' inbound_from ranges; trunk hosts resolve to them. */
const TELEKOM = '192.0.2.17';
const GAMMA = '192.0.2.18';
const BACKUP = '192.0.2.20';
const TWILIO = '192.0.2.66';

describe.skipIf(skip)('live: calls on the rendered example tree', () => {
  let live: LiveSwitch;
  const phones: Record<string, Phone> = {};
  let carriers: { backup: ReturnType<LiveSwitch['sippStart']>; twilio: ReturnType<LiveSwitch['sippStart']> };

  beforeAll(async () => {
    live = await LiveSwitch.start({
      addresses: [TELEKOM, GAMMA, BACKUP, TWILIO],
      hosts: {
        'reg.sip-trunk.telekom.de': TELEKOM,
        'sip.gamma-trunk.example.net': GAMMA,
        'abc-company.pstn.twilio.com': TWILIO,
      },
    });
    let i = 0;
    for (const [tenant, ext] of [
      ['abc-company', '101'],
      ['abc-company', '102'],
      ['abc-company', '103'],
      ['xynap', '1000'],
      ['xynap', '1001'],
    ] as const) {
      phones[`${ext}`] = await phone(live, tenant, ext, PHONES[i++ % PHONES.length]!);
    }
  }, 120_000);
  afterAll(async () => {
    await live?.stop();
  }, 30_000);

  it('internal call: 101 rings 102, which answers', async () => {
    const uas = listen(live, phones['102']!);
    const r = await dial(live, phones['101']!, '102');
    const seen = await uas.done;
    expect(r.statuses).toContain(200);
    expect(invites(seen)).toHaveLength(1);
    expect(invites(seen)[0]!.header('From')).toContain('101');
  });
});
