import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainCall } from '../../src/explain/index.js';
import type { Outcome } from '../../src/explain/types.js';
import { loadModel } from '../../src/load-model.js';
import type { Model } from '../../src/model/types.js';
import { specCopy } from '../helpers/cli.js';
import { LiveSwitch, PHONES } from './harness/live-switch.js';
import { dial, inbound, invites, listen, type Phone, phone } from './harness/phone.js';
import { FAKETIME_LIB, skipLive } from './harness/tools.js';

/**
 * `pbxc explain` says where a call goes; the real switch, running the rendered example tree, must
 * do exactly that. The clock is fixed (libfaketime) at a Wednesday when xynap (Berlin, 13:45) is
 * open and bluebird-dental (London, 12:45) is closed for lunch.
 */
const skip = skipLive('explain', [FAKETIME_LIB]);
const NOW = '2026-12-02 12:45:00';
const TELEKOM = '192.0.2.17';
const TWILIO = '192.0.2.66';

describe.skipIf(skip)('live: the switch does what explain says', () => {
  let live: LiveSwitch;
  let model: Model;
  const phones: Record<string, Phone> = {};

  const explain = (tenant: string, number: string, from?: string): Outcome => {
    const r = explainCall(model, {
      tenant,
      number,
      at: { kind: 'instant', date: new Date(`${NOW.replace(' ', 'T')}Z`) },
      ...(from ? { from } : {}),
      caller: '+4930999888',
    });
    if ('error' in r) throw new Error(r.error);
    return r.explanation.outcome;
  };

  beforeAll(async () => {
    // The carrier by address: sofia resolves host names itself, past the namespace's hosts file.
    const spec = specCopy({
      'tenants/abc-company.yaml': (t) => t.replace('host: abc-company.pstn.twilio.com', `host: "${TWILIO}"`),
    });
    model = (await loadModel(spec)).model!;
    live = await LiveSwitch.start({ spec, faketime: NOW, addresses: [TELEKOM, TWILIO] });
    let i = 0;
    for (const [tenant, ext] of [
      ['xynap', '1000'],
      ['xynap', '1001'],
      ['xynap', '1010'],
      ['abc-company', '101'],
    ] as const)
      phones[ext] = await phone(live, tenant, ext, PHONES[i++]!);
  }, 120_000);
  afterAll(async () => {
    await live?.stop();
  }, 30_000);

  it('an open DID rings the ring group explain names, on every member', async () => {
    const outcome = explain('xynap', '+4934556643321');
    expect(outcome).toEqual({
      kind: 'ring_group',
      number: '21',
      members: ['1000', '1001'],
      ringSeconds: 30,
      upToSeconds: 30,
    });
    const rung = await Promise.all(['1000', '1001'].map((m) => listen(live, phones[m]!)));
    const r = await inbound(live, TELEKOM, '+4934556643321', '+4930999888');
    const seen = await Promise.all(rung.map((u) => u.done));
    expect(r.statuses).toContain(200);
    for (const s of seen) expect(invites(s)).toHaveLength(1);
  });

  it('a closed DID goes to the voicemail box explain names, and no phone rings', async () => {
    expect(explain('bluebird-dental', '+442079460100')).toEqual({ kind: 'voicemail', box: '200' });
    const since = live.mark();
    const rung = await listen(live, phones['1000']!, 'uas-answer', { timeoutS: 6 });
    const r = await inbound(live, TELEKOM, '+442079460100', '+4930999888', { holdMs: 3000 });
    expect(r.statuses).toContain(200);
    // mod_voicemail answered for box 200: it keeps that box's messages under storage/voicemail.
    const domain = model.tenants.find((t) => t.id === 'bluebird-dental')!.domain;
    const box = join(live.fsDir('storage'), 'voicemail', 'default', domain, '200');
    expect(existsSync(box) || live.log().slice(since).includes(`/${domain}/200/`), box).toBe(true);
    expect(invites(await rung.stop())).toHaveLength(0);
  });

  it('an outbound call leaves on the trunk with the number and caller ID explain names', async () => {
    const outcome = explain('abc-company', '12125551234', '101');
    expect(outcome).toEqual({
      kind: 'trunk',
      trunk: 'twilio',
      number: '+12125551234',
      callerId: '+12125550100',
    });
    const carrier = live.sippStart('carrier', {
      from: TWILIO,
      port: 5060,
      uas: true,
      calls: 1,
      timeoutS: 20,
    });
    const r = await dial(live, phones['101']!, '12125551234');
    const seen = await carrier.done;
    expect(r.statuses).toContain(200);
    const invite = invites(seen)[0]!;
    expect(invite.firstLine).toMatch(/^INVITE sip:\+12125551234@/);
    expect(invite.header('From')).toContain('+12125550100');
  });

  it('a call explain says toll restriction blocks is rejected and never reaches a trunk', async () => {
    expect(explain('xynap', '00441234567', '1010')).toEqual({
      kind: 'rejected',
      reason: 'toll restriction of route international',
    });
    const r = await dial(live, phones['1010']!, '00441234567');
    expect(r.statuses).not.toContain(200);
    expect(r.statuses.at(-1)).toBe(603);
  });
});
