import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { wav } from '../media/wav-bytes.js';
import { writeDtmfPcap } from './harness/dtmf-pcap.js';
import { callerChannel, heard, idle, isTone, reaches, SOX } from './harness/heard.js';
import { LiveSwitch, PHONES } from './harness/live-switch.js';
import { dial, inbound, invites, listen, type Phone, phone } from './harness/phone.js';
import { byeFromSwitch, eventually, roomMembers } from './harness/rooms.js';
import { skipLive } from './harness/tools.js';

/**
 * The acceptance scenario on the real FreeSWITCH, with a spec of its own (not the example):
 * one tenant with a queue (two agents: one logs in, one takes a break; max wait → an overflow ring
 * group), a conference room with a PIN and a moderator PIN, a paging group, and a DID whose
 * schedule is always open until its override code forces it closed. A caller for each, and what
 * each reaches: which phone rings, which room admits whom, which headers a paged phone gets, and
 * (recorded and measured, harness/heard.ts) what a caller hears: the tenant's hold music (1000 Hz)
 * in the queue, the mailbox's greeting from media (1500 Hz) when closed.
 */
const skip = skipLive('scenario', [SOX]);
const T = 'acme';
const DOMAIN = 'acme.scenario.example.net';
const QUEUE = `700@${DOMAIN}`;
const ROOM = `705-${T}`;
const DID = '+4930123456';
const CARRIER = '192.0.2.17';
const OUTSIDE = '+4930555000';
const MOH_HZ = 1000;
const GREETING_HZ = 1500;
const MAX_WAIT_S = 12;

const PLATFORM = `# yaml-language-server: $schema=schema/platform.schema.json
platform: live-scenario
sip:
  ports: { udp: 5060, tcp: 5060, tls: 5061, wss: 7443 }
  rtp: { from: 16384, to: 32768 }
  codecs: [PCMA, PCMU]
firewall:
  whitelists:
    office: ["203.0.113.0/24"]
    carrier: ["192.0.2.16/28"]
  admin_access: [office]
  fail2ban:
    ignore: [office, carrier]
`;

const TENANT = `# yaml-language-server: $schema=../schema/tenant.schema.json
tenant: ${T}
name: Acme Scenario
domain: ${DOMAIN}
timezone: Europe/Berlin
language: en
dialing: { country_code: "49", national_prefix: "0", international_prefix: "00", emergency: ["112"] }
number_plan:
  - { range: "200-209", use: extensions }
  - { range: "700-719", use: groups }
extensions:
  - { number: "201", name: Agent Anna, voicemail: false }
  - { number: "202", name: Agent Ben, voicemail: false }
  - { number: "203", name: Reception, voicemail: true, voicemail_greeting: after-hours }
  - { number: "204", name: Caller Carla, voicemail: false }
  - { number: "205", name: Caller Dan, voicemail: false }
ring_groups:
  - { number: "710", name: Overflow, strategy: simultaneous, ring_timeout: 20, members: ["203"] }
queues:
  - number: "700"
    name: Help desk
    strategy: longest-idle-agent
    agents: [{ extension: "201" }, { extension: "202" }]
    max_wait: ${MAX_WAIT_S}
    agent_timeout: 8
    wrap_up: 2
    on_timeout: { ring_group: "710" }
conferences:
  - { number: "705", name: Board, pin: "2580", moderator_pin: "1470" }
paging_groups:
  - { number: "706", name: Floor, members: ["201", "202"] }
music_on_hold: tune
trunks:
  - { id: carrier, host: sip.carrier.example.net, transport: udp, register: false, inbound_from: [carrier], caller_id: "${DID}" }
dids:
  - { number: "${DID}", name: Main, trunk: carrier, schedule: hours, to: { queue: "700" }, closed: { voicemail: "203" } }
schedules:
  - id: hours
    override_code: "*33"
    open: [{ days: mon-sun, from: "00:00", to: "24:00" }]
`;

/** The scenario's spec folder: platform, the tenant, its two media files (tones, so a test can hear them). */
function writeScenarioSpec(): string {
  const spec = join(tempDir('pbxc-scenario-'), 'spec');
  mkdirSync(join(spec, 'tenants'), { recursive: true });
  mkdirSync(join(spec, 'media', T), { recursive: true });
  writeFileSync(join(spec, 'platform.yaml'), PLATFORM);
  writeFileSync(join(spec, 'tenants', `${T}.yaml`), TENANT);
  writeFileSync(join(spec, 'media', T, 'tune.wav'), wav({ seconds: 20, tone: MOH_HZ }));
  writeFileSync(join(spec, 'media', T, 'after-hours.wav'), wav({ seconds: 5, tone: GREETING_HZ }));
  return spec;
}

describe.skipIf(skip)('live: the scenario spec (queue, conference, paging, forced-closed schedule)', () => {
  let live: LiveSwitch;
  const ph: Record<string, Phone> = {};
  const status = async (ext: string) =>
    (await live.fsCli(`callcenter_config agent get status ${ext}@${DOMAIN}`)).trim();
  /** A feature code from an agent's phone, and the agent state it leads to. */
  async function agentCode(ext: string, code: string, want: string): Promise<void> {
    const r = await dial(live, ph[ext]!, code, { holdMs: 2000 });
    expect(r.statuses).toContain(200);
    expect(await eventually(async () => (await status(ext)) === want, 3000), `${ext} → ${want}`).toBe(true);
  }

  beforeAll(async () => {
    live = await LiveSwitch.start({
      spec: writeScenarioSpec(),
      sounds: true,
      addresses: [CARRIER],
      hosts: { 'sip.carrier.example.net': CARRIER },
    });
    let i = 0;
    for (const ext of ['201', '202', '203', '204', '205']) ph[ext] = await phone(live, T, ext, PHONES[i++]!);
  }, 120_000);
  afterAll(async () => {
    await live?.stop();
  }, 60_000);
  beforeEach(async () => {
    await idle(live);
  }, 15_000);

  it('queue: 201 logs in, 202 logs in and takes a break; a caller hears the hold music and only 201 rings', async () => {
    await agentCode('201', '*50', 'Available');
    await agentCode('202', '*50', 'Available');
    await agentCode('202', '*52', 'On Break');
    const anna = await listen(live, ph['201']!, 'uas-answer', { ringMs: 4000, timeoutS: 25 });
    const ben = await listen(live, ph['202']!, 'uas-answer', { ringMs: 20_000, timeoutS: 25 });
    const call = dial(live, ph['204']!, '700', { holdMs: 10_000, timeoutS: 25 });
    const c = await callerChannel(live, '204');
    expect(await reaches(live, c.uuid, 'callcenter', 5_000), 'the caller waits in queue 700').toBeDefined();
    // While 201's phone rings (4 s before it answers) the caller hears the tenant's music.
    const music = await heard(live, c.uuid, 2_000);
    const annaSeen = await anna.done;
    const r = await call;
    const benSeen = await ben.stop();
    expect(r.statuses).toContain(200);
    expect(isTone(music, MOH_HZ), `the tenant's hold music: ${JSON.stringify(music)}`).toBe(true);
    expect(invites(annaSeen)).toHaveLength(1);
    expect(invites(annaSeen)[0]!.header('From')).toContain('204');
    expect(invites(benSeen), 'the agent on break is never offered the call').toHaveLength(0);
  }, 60_000);

  it(`queue: with nobody available the caller leaves after max_wait (${MAX_WAIT_S} s) for the overflow group 710`, async () => {
    await agentCode('201', '*51', 'Logged Out');
    const agents = await Promise.all(
      ['201', '202'].map((e) => listen(live, ph[e]!, 'uas-answer', { ringMs: 30_000, timeoutS: 30 })),
    );
    const reception = await listen(live, ph['203']!, 'uas-answer', { ringMs: 500, timeoutS: 30 });
    const start = Date.now();
    const call = dial(live, ph['205']!, '700', { holdMs: MAX_WAIT_S * 1000 + 6000, timeoutS: 35 });
    const seen = await reception.done;
    await call;
    const agentSeen = await Promise.all(agents.map((a) => a.stop()));
    const overflow = invites(seen)[0];
    expect(overflow, 'ring group 710 rings 203').toBeDefined();
    expect(overflow!.header('From')).toContain('205');
    expect(overflow!.time - start).toBeGreaterThanOrEqual(MAX_WAIT_S * 1000 - 1000);
    expect(overflow!.time - start).toBeLessThan(MAX_WAIT_S * 1000 + 6000);
    for (const s of agentSeen) expect(invites(s)).toHaveLength(0);
    const members = await live.fsCli(`callcenter_config queue list members ${QUEUE}`);
    expect(members.split('\n').filter((l) => /\|(?:Waiting|Trying)\|/.test(l))).toEqual([]);
  }, 60_000);

  it('conference 705: the PIN joins, the moderator PIN joins as moderator, a wrong PIN is refused', async () => {
    const pcap = (name: string, entries: string[], gapMs?: number) =>
      writeDtmfPcap(join(live.root, `${name}.pcap`), entries, gapMs ? { gapMs } : {});
    const lead = { mediaDelayMs: 1500 };
    const member = dial(live, ph['201']!, '705', {
      holdMs: 12_000,
      ...lead,
      pcap: pcap('pin', ['2580']),
      timeoutS: 30,
    });
    const mod = dial(live, ph['202']!, '705', {
      holdMs: 12_000,
      ...lead,
      pcap: pcap('mod', ['1470']),
      timeoutS: 30,
    });
    const wrongStart = Date.now();
    const wrong = dial(live, ph['204']!, '705', {
      holdMs: 40_000,
      ...lead,
      pcap: pcap('wrong', ['1111', '2222', '3333'], 2500),
      timeoutS: 50,
    });
    const both = await eventually(async () => (await roomMembers(live, ROOM)).length === 2, 10_000);
    const seen = await roomMembers(live, ROOM);
    const [rMember, rMod, rWrong] = await Promise.all([member, mod, wrong]);
    expect(both, JSON.stringify(seen)).toBe(true);
    expect(seen.map((m) => m.caller).sort()).toEqual(['201', '202']);
    expect(seen.find((m) => m.caller === '202')?.flags).toMatch(/moderator/);
    expect(seen.find((m) => m.caller === '201')?.flags).not.toMatch(/moderator/);
    expect(byeFromSwitch(rMember)).toBeUndefined();
    expect(byeFromSwitch(rMod)).toBeUndefined();
    expect(byeFromSwitch(rWrong), 'the switch hangs up on the wrong PIN').toBeDefined();
    expect(Date.now() - wrongStart).toBeLessThan(25_000);
  }, 60_000);

  it('paging 706: both members get an INVITE with the auto-answer headers; the pager is not paged', async () => {
    const members = await Promise.all(['201', '202'].map((e) => listen(live, ph[e]!)));
    const pager = await listen(live, ph['204']!, 'uas-answer', { timeoutS: 8 });
    const r = await dial(live, ph['204']!, '706', { holdMs: 4000 });
    const seen = await Promise.all(members.map((m) => m.done));
    const pagerSeen = await pager.stop();
    expect(r.statuses).toContain(200);
    for (const s of seen) {
      const inv = invites(s);
      expect(inv).toHaveLength(1);
      expect(inv[0]!.header('Alert-Info') ?? '').toContain('info=alert-autoanswer');
      expect(inv[0]!.header('Call-Info') ?? '').toMatch(/answer-after=0/);
    }
    expect(invites(pagerSeen)).toHaveLength(0);
  }, 40_000);

  it('schedule: the DID reaches the queue; forced closed with *332 it reaches voicemail 203 with its greeting; *330 restores', async () => {
    const open = inbound(live, CARRIER, DID, OUTSIDE, { holdMs: 4000 });
    const c1 = await callerChannel(live, OUTSIDE);
    const toQueue = await reaches(live, c1.uuid, 'callcenter', 6_000);
    await open;
    expect(toQueue, 'open (automatic): the DID reaches queue 700').toBeDefined();

    await idle(live);
    const r = await dial(live, ph['203']!, '*332', { holdMs: 1500 });
    expect(r.statuses).toContain(200);
    expect((await live.fsCli('db select/acme-daynight/hours')).trim()).toBe('closed');
    const agent = await listen(live, ph['201']!, 'uas-answer', { ringMs: 10_000, timeoutS: 15 });
    await agentCode('201', '*50', 'Available');
    const closed = inbound(live, CARRIER, DID, OUTSIDE, { holdMs: 8000, timeoutS: 20 });
    const c2 = await callerChannel(live, OUTSIDE, [c1.uuid]);
    const toVoicemail = await reaches(live, c2.uuid, 'voicemail', 8_000);
    const greeting = await heard(live, c2.uuid, 2_000);
    await closed;
    const agentSeen = await agent.stop();
    expect(toVoicemail, 'forced closed: voicemail 203').toBeDefined();
    expect(isTone(greeting, GREETING_HZ), `203's greeting: ${JSON.stringify(greeting)}`).toBe(true);
    expect(invites(agentSeen), 'the logged-in agent is not offered a closed-hours call').toHaveLength(0);

    await idle(live);
    const back = await dial(live, ph['203']!, '*330', { holdMs: 1500 });
    expect(back.statuses).toContain(200);
    expect((await live.fsCli('db select/acme-daynight/hours')).trim()).toMatch(/^-ERR|^$/);
  }, 90_000);

  it('logged no error line', () => {
    expect(live.errors().filter((l) => !/sip\.carrier\.example\.net|gateway/i.test(l))).toEqual([]);
  });
});
