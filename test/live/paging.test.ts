import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveSwitch, PHONES } from './harness/live-switch.js';
import { dial, invites, listen, type Phone, phone } from './harness/phone.js';
import { sleep } from './harness/proc.js';
import type { SipMessage } from './harness/sipp.js';
import { skipLive } from './harness/tools.js';

const skip = skipLive('paging');
const ABC = 'abc-company';

/** The auto-answer headers pbxc sends on every paged and intercom leg. */
function autoAnswer(m: SipMessage) {
  return { alertInfo: m.header('Alert-Info') ?? '', callInfo: m.header('Call-Info') ?? '' };
}

describe.skipIf(skip)('live: paging groups and intercom (auto-answer headers)', () => {
  let live: LiveSwitch;
  const ph: Record<string, Phone> = {};
  let loadErrors: string[] = [];

  beforeAll(async () => {
    live = await LiveSwitch.start();
    loadErrors = live.configWarnings();
    let i = 0;
    for (const ext of ['101', '102', '103']) ph[ext] = await phone(live, ABC, ext, PHONES[i++]!);
  }, 120_000);
  afterAll(async () => {
    await live?.stop();
  }, 60_000);

  it('loads the paging conference profile without a warning', async () => {
    expect(loadErrors.filter((l) => /conference|paging/i.test(l))).toEqual([]);
    expect(await live.fsCli('module_exists mod_conference')).toContain('true');
  });

  it('103 pages group 190: 101 and 102 both get an INVITE with the auto-answer headers', async () => {
    const phones = await Promise.all([listen(live, ph['101']!), listen(live, ph['102']!)]);
    const call = dial(live, ph['103']!, '190', { holdMs: 5000 });
    // During the page: the members are in the room muted (one-way), the caller speaks.
    await sleep(3000);
    const members = (await live.fsCli('conference list')).split('\n').filter((l) => /^\d+;/.test(l.trim()));
    const r = await call;
    const seen = await Promise.all(phones.map((p) => p.done));
    expect(r.statuses).toContain(200);
    const flags = (ext: string) =>
      members.find((l) => l.includes(`/${ext}@`) || l.includes(`;${ext};`)) ?? '';
    expect(members).toHaveLength(3);
    expect(flags('101')).not.toMatch(/speak/);
    expect(flags('102')).not.toMatch(/speak/);
    expect(members.filter((l) => /speak/.test(l))).toHaveLength(1);
    for (const s of seen) {
      const inv = invites(s);
      expect(inv).toHaveLength(1);
      const h = autoAnswer(inv[0]!);
      expect(h.alertInfo).toContain('info=alert-autoanswer');
      expect(h.callInfo).toMatch(/^<sip:abc\.voice\.example\.net>;\s*answer-after=0$/);
      // The page shows the group as the caller.
      expect(inv[0]!.header('From') ?? '').toContain('190');
    }
  }, 40_000);

  it('a member who pages the group is not paged themselves', async () => {
    const own = await listen(live, ph['101']!, 'uas-answer', { timeoutS: 8 });
    const other = await listen(live, ph['102']!);
    const r = await dial(live, ph['101']!, '190', { holdMs: 3000 });
    expect(r.statuses).toContain(200);
    expect(invites(await other.done)).toHaveLength(1);
    expect(invites(await own.done)).toHaveLength(0);
  }, 40_000);

  it('103 dials the intercom code *90101: 101 gets the INVITE with the auto-answer headers', async () => {
    const callee = await listen(live, ph['101']!);
    const r = await dial(live, ph['103']!, '*90101', { holdMs: 2000 });
    const inv = invites(await callee.done);
    expect(r.statuses).toContain(200);
    expect(inv).toHaveLength(1);
    expect(inv[0]!.firstLine).toMatch(/^INVITE sip:101@/);
    expect(autoAnswer(inv[0]!).alertInfo).toContain('info=alert-autoanswer');
    expect(autoAnswer(inv[0]!).callInfo).toContain('answer-after=0');
  }, 40_000);

  it('a normal call to 101 carries no auto-answer header', async () => {
    const callee = await listen(live, ph['101']!);
    await dial(live, ph['103']!, '101', { holdMs: 1000 });
    const inv = invites(await callee.done);
    expect(inv).toHaveLength(1);
    expect(inv[0]!.header('Alert-Info') ?? '').not.toContain('autoanswer');
    expect(inv[0]!.header('Call-Info') ?? '').not.toContain('answer-after');
  }, 40_000);
});
