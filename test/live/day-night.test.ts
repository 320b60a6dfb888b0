import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARRIERS, type ExampleNode, startExampleNode } from './harness/example-node.js';
import { PHONES } from './harness/live-switch.js';
import { dial, inbound, invites, listenReady, type Phone, phone } from './harness/phone.js';
import { sleep } from './harness/proc.js';
import { skipLive } from './harness/tools.js';

const skip = skipLive('day-night');

/** Wed 2026-12-02 07:30 UTC = 08:30 in Berlin: xynap's office-hours (08:00-17:00) are open. */
const WORKDAY = '2026-12-02 07:30:00';
const SUPPORT_DID = '+4934556643321';
const CALLER = '+4930555000';

describe.skipIf(skip)('live: day/night override of a schedule (mod_db node state)', () => {
  let node: ExampleNode;
  const ph: Record<string, Phone> = {};

  async function messages(): Promise<number> {
    const dir = join(node.live.fsDir('storage'), 'voicemail/default', 'sip.xynap.tech', '1000');
    return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.wav')).length : 0;
  }

  /** A carrier call to the support DID: which of the group's phones rang, and new voicemail messages. */
  async function callSupport(): Promise<{ rang: number; voicemails: number }> {
    const before = await messages();
    const ring = await Promise.all([
      listenReady(node.live, ph['1000']!, 'uas-answer', { timeoutS: 10 }),
      listenReady(node.live, ph['1001']!, 'uas-answer', { timeoutS: 10, ringMs: 15_000 }),
    ]);
    const r = await inbound(node.live, CARRIERS.telekom, SUPPORT_DID, CALLER, { holdMs: 7500 });
    expect(r.statuses).toContain(200);
    const rang = (await Promise.all(ring.map((x) => x.done))).reduce((n, s) => n + invites(s).length, 0);
    // voicemail writes the message as the call ends: give it a moment.
    for (let i = 0; i < 20 && (await messages()) === before; i++) await sleep(250);
    return { rang, voicemails: (await messages()) - before };
  }

  async function override(digits: string): Promise<string> {
    const r = await dial(node.live, ph['1000']!, digits, { holdMs: 1500 });
    expect(r.statuses).toContain(200);
    return stored();
  }

  /** The override row in mod_db ("" when none: the db API answers "-ERR no reply"). */
  async function stored(): Promise<string> {
    const out = (await node.live.fsCli('db select/xynap-daynight/office-hours')).trim();
    return out.startsWith('-ERR') ? '' : out;
  }

  beforeAll(async () => {
    node = await startExampleNode({ faketime: WORKDAY });
    ph['1000'] = await phone(node.live, 'xynap', '1000', PHONES[0]!);
    ph['1001'] = await phone(node.live, 'xynap', '1001', PHONES[1]!);
  }, 120_000);
  afterAll(async () => {
    await node?.stop();
  }, 60_000);

  it('automatic: during office hours the support DID rings group 21', async () => {
    expect(await node.live.fsCli('strftime %Y-%m-%d %H')).toMatch(/^2026-12-02 07/);
    const r = await callSupport();
    expect(r.rang).toBeGreaterThan(0);
    expect(r.voicemails).toBe(0);
  }, 40_000);

  it('*312 forces the schedule closed: the call goes to voicemail 1000 in open hours, nothing rings', async () => {
    expect(await override('*312')).toBe('closed');
    const r = await callSupport();
    expect(r.rang).toBe(0);
    expect(r.voicemails).toBe(1);
  }, 40_000);

  it('the override survives reloadxml (node state, not configuration)', async () => {
    expect(await node.live.fsCli('reloadxml')).toContain('+OK');
    expect(await stored()).toBe('closed');
    const r = await callSupport();
    expect(r.rang).toBe(0);
    expect(r.voicemails).toBe(1);
  }, 40_000);

  it('*310 returns to automatic: the group rings again', async () => {
    expect(await override('*310')).toBe('');
    const r = await callSupport();
    expect(r.rang).toBeGreaterThan(0);
    expect(r.voicemails).toBe(0);
  }, 40_000);

  it('*31 alone toggles: automatic → forced closed → automatic', async () => {
    expect(await override('*31')).toBe('closed');
    expect(await override('*31')).toBe('');
  }, 40_000);
});
