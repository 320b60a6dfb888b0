import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE_PATHS } from '../../src/model/node-paths.js';
import { LiveSwitch, PHONES } from './harness/live-switch.js';
import { dial, invites, listen, type Phone, phone } from './harness/phone.js';
import { skipLive } from './harness/tools.js';

/**
 * The generic extension block with registered phones (example tenant bluebird-dental): a busy and an
 * unanswered extension forward as their directory user says, DND sends callers to voicemail without
 * ringing, and recording follows the callee's setting.
 *
 * 200 Reception: on_busy → group 700, on_no_answer after 15 s → group 700 (members 200, 204).
 * 201 Dr O'Brien: voicemail, record. 204 Billing: voicemail. 250: nothing.
 */
const skip = skipLive('lean-forwards');
const TENANT = 'bluebird-dental';
const DOMAIN = 'pbx.bluebird-dental.example';

describe.skipIf(skip)('live: forwards, DND and recording from the directory', () => {
  let live: LiveSwitch;
  const p: Record<string, Phone> = {};

  beforeAll(async () => {
    live = await LiveSwitch.start({});
    let i = 0;
    for (const ext of ['200', '201', '204', '250']) p[ext] = await phone(live, TENANT, ext, PHONES[i++]!);
  }, 120_000);
  afterAll(async () => {
    await live?.stop();
  }, 30_000);

  it('busy: 486 from 200 forwards to its ring group, where 204 answers', async () => {
    const busy = await listen(live, p['200']!, 'uas-busy', { calls: 2, timeoutS: 15 });
    const answer = await listen(live, p['204']!);
    const r = await dial(live, p['250']!, '200');
    const seen204 = await answer.done;
    await busy.stop();
    expect(r.statuses).toContain(200);
    expect(invites(seen204)).toHaveLength(1);
  });

  it('no answer: after its 15 s 200 forwards to its ring group, where 204 answers', async () => {
    const ringing = await listen(live, p['200']!, 'uas-answer', { ringMs: 40_000, timeoutS: 45, calls: 2 });
    const answer = await listen(live, p['204']!, 'uas-answer', { timeoutS: 40 });
    const started = Date.now();
    const r = await dial(live, p['250']!, '200', { timeoutS: 40 });
    const seen204 = await answer.done;
    await ringing.stop();
    expect(r.statuses).toContain(200);
    expect(invites(seen204)).toHaveLength(1);
    // pbxc_ring_seconds of 200 is 15: the forward did not come earlier.
    expect(Date.now() - started).toBeGreaterThan(14_000);
  }, 60_000);

  it('DND (*78) sends callers to voicemail without ringing; *79 rings again', async () => {
    expect((await dial(live, p['204']!, '*78')).statuses).toContain(200);
    expect((await live.fsCli(`db select/${TENANT}-dnd/204`)).trim()).toBe('true');
    const idle = await listen(live, p['204']!, 'uas-answer', { timeoutS: 6 });
    const toVoicemail = await dial(live, p['250']!, '204', { holdMs: 1500 });
    const seen = await idle.done;
    expect(toVoicemail.statuses).toContain(200);
    expect(invites(seen)).toHaveLength(0);
    expect((await dial(live, p['204']!, '*79')).statuses).toContain(200);
    const back = await listen(live, p['204']!);
    await dial(live, p['250']!, '204');
    expect(invites(await back.done)).toHaveLength(1);
  }, 40_000);

  it('records calls to an extension with record: true, not to others', async () => {
    const dir = join(live.nodePath(NODE_PATHS.freeswitchRecordings), DOMAIN);
    const count = () =>
      existsSync(dir)
        ? readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.wav')).length
        : 0;
    const plain = await listen(live, p['204']!);
    await dial(live, p['250']!, '204', { holdMs: 1000 });
    await plain.done;
    expect(count()).toBe(0);
    const recorded = await listen(live, p['201']!);
    const r = await dial(live, p['250']!, '201', { holdMs: 1500 });
    await recorded.done;
    expect(r.statuses).toContain(200);
    expect(count()).toBe(1);
  }, 30_000);
});
