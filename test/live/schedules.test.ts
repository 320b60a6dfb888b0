import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARRIERS, type ExampleNode, startExampleNode } from './harness/example-node.js';
import { PHONES } from './harness/live-switch.js';
import { inbound, invites, listenReady, type Phone, phone } from './harness/phone.js';
import { skipLive } from './harness/tools.js';

const skip = skipLive('schedules');

/**
 * Two switches under libfaketime (their clock runs on from the instant), the host clock in UTC:
 * - Wed 2026-12-02 07:30 UTC = 08:30 in Berlin (xynap office-hours open: 08:00-17:00), 07:30 in
 *   London (bluebird surgery-hours closed: opens 08:30). In UTC xynap would still be closed.
 * - Thu 2026-12-24 10:00 UTC = 11:00 in Berlin, a xynap holiday (closed); 10:00 in London, surgery open.
 */
const WORKDAY = '2026-12-02 07:30:00';
const HOLIDAY = '2026-12-24 10:00:00';

async function messages(node: ExampleNode, domain: string, box: string): Promise<number> {
  const dir = join(node.live.fsDir('storage'), 'voicemail/default', domain, box);
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.wav')).length : 0;
}

describe.skipIf(skip)('live: schedules in the tenant time zone (faketime)', () => {
  const nodes: Record<string, ExampleNode> = {};
  const phones: Record<string, Record<string, Phone>> = { workday: {}, holiday: {} };

  beforeAll(async () => {
    const [w, h] = await Promise.all([
      startExampleNode({ faketime: WORKDAY }),
      startExampleNode({ faketime: HOLIDAY }),
    ]);
    nodes.workday = w;
    nodes.holiday = h;
    for (const [key, node] of Object.entries(nodes)) {
      phones[key]!['1000'] = await phone(node.live, 'xynap', '1000', PHONES[0]!);
      phones[key]!['1001'] = await phone(node.live, 'xynap', '1001', PHONES[1]!);
      phones[key]!['201'] = await phone(node.live, 'bluebird-dental', '201', PHONES[2]!);
    }
  }, 120_000);
  afterAll(async () => {
    await Promise.all(Object.values(nodes).map((n) => n.stop()));
  }, 60_000);

  it('the switch clock is the chosen instant', async () => {
    // 'strftime' formats FreeSWITCH's own clock, which libfaketime moved.
    expect(await nodes.workday!.live.fsCli('strftime %Y-%m-%d %H')).toMatch(/^2026-12-02 07/);
  });

  it('Wednesday 08:30 Berlin: the support DID is open and rings group 21', async () => {
    const { live } = nodes.workday!;
    const ring = await Promise.all([
      listenReady(live, phones.workday!['1000']!),
      listenReady(live, phones.workday!['1001']!, 'uas-answer', { ringMs: 15_000 }),
    ]);
    const r = await inbound(live, CARRIERS.telekom, '+4934556643321', '+4930555000');
    expect(r.statuses).toContain(200);
    for (const s of await Promise.all(ring.map((x) => x.done))) expect(invites(s)).toHaveLength(1);
  });

  it('Wednesday 07:30 London: the surgery is closed, the main number goes to voicemail 200', async () => {
    const node = nodes.workday!;
    const before = await messages(node, 'pbx.bluebird-dental.example', '200');
    const r = await inbound(node.live, CARRIERS.gamma, '+442079460100', '+447700900111', { holdMs: 7500 });
    expect(r.statuses).toContain(200);
    expect(await messages(node, 'pbx.bluebird-dental.example', '200')).toBe(before + 1);
  }, 20_000);

  it('24 December (holiday in Berlin): the support DID is closed and goes to voicemail 1000, nothing rings', async () => {
    const node = nodes.holiday!;
    const quiet = await listenReady(node.live, phones.holiday!['1000']!, 'uas-answer', { timeoutS: 9 });
    const r = await inbound(node.live, CARRIERS.telekom, '+4934556643321', '+4930555000', { holdMs: 7500 });
    expect(r.statuses).toContain(200);
    expect(invites(await quiet.done)).toHaveLength(0);
    expect(await messages(node, 'sip.xynap.tech', '1000')).toBe(1);
  }, 20_000);

  it('24 December 10:00 London: the surgery is open, the main number reaches the IVR (option 1 → group 700)', async () => {
    const node = nodes.holiday!;
    const r = await inbound(node.live, CARRIERS.gamma, '+442079460100', '+447700900111', { holdMs: 2000 });
    expect(r.statuses).toContain(200);
    // The IVR answers and keeps the line (no voicemail file for box 200).
    expect(await messages(node, 'pbx.bluebird-dental.example', '200')).toBe(0);
  });

  it('no time zone error (or any other [ERR] or WARNING the config causes) while loading and walking the time conditions', () => {
    for (const node of Object.values(nodes)) {
      expect(node.live.configWarnings()).toEqual([]);
      expect(node.live.log()).not.toMatch(/Timezone .* not found/);
    }
  });
});
