import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExampleNode, startExampleNode } from './harness/example-node.js';
import { type LiveSwitch, PHONES, STRANGER } from './harness/live-switch.js';
import { register } from './harness/phone.js';
import { exec } from './harness/proc.js';
import { FAIL2BAN_REGEX, skipLive } from './harness/tools.js';

const skip = skipLive('registration', [FAIL2BAN_REGEX]);

describe.skipIf(skip)('live: registration on the rendered example tree', () => {
  let node: ExampleNode;
  let live: LiveSwitch;
  beforeAll(async () => {
    node = await startExampleNode();
    live = node.live;
  }, 90_000);
  afterAll(async () => {
    await node?.stop();
  }, 30_000);

  it('registers an extension with its derived password (200) and lists the contact', async () => {
    const { result } = await register(live, 'abc-company', '101', PHONES[0]!);
    expect(result.statuses).toEqual([401, 200]);
    const reg = await live.fsCli('sofia status profile internal reg');
    expect(reg).toContain('101@abc.voice.example.net');
    expect(reg).toContain(`IP:         \t${PHONES[0]}`);
  });

  it('refuses a wrong password with a final 403', async () => {
    const { result } = await register(live, 'abc-company', '102', PHONES[1]!, {
      password: 'not-the-password',
    });
    expect(result.statuses).toEqual([401, 403]);
    expect(await live.fsCli('sofia status profile internal reg')).not.toContain('102@abc.voice.example.net');
  });

  it('refuses an unknown user with 403', async () => {
    const r = await live.sipp('register', {
      from: STRANGER,
      keys: { user: '199', domain: 'abc.voice.example.net', contact_port: 5060, expires: 300 },
      auth: { username: '199', password: 'guess' },
    });
    expect(r.statuses.at(-1)).toBe(403);
  });

  it('refuses a user of one tenant presenting another tenant domain', async () => {
    const c = await live.credentials('abc-company', '101');
    const r = await live.sipp('register', {
      from: STRANGER,
      keys: { user: '101', domain: 'sip.xynap.tech', contact_port: 5060, expires: 300 },
      auth: { username: '101', password: c.password },
    });
    expect(r.statuses.at(-1)).toBe(403);
  });

  it("the repo's fail2ban filter catches both failures in the real log, and no success", async () => {
    const filter = join(live.rendered.dir, 'fail2ban/filter.d/pbxc-freeswitch.conf');
    const r = await exec(FAIL2BAN_REGEX, ['-o', 'ip', live.logFile, filter]);
    expect(r.code).toBe(0);
    const ips = r.stdout.trim().split('\n').filter(Boolean);
    // Wrong password from PHONES[1]; unknown user and foreign domain from STRANGER.
    expect(ips).toContain(PHONES[1]);
    expect(ips).toContain(STRANGER);
    expect(ips).not.toContain(PHONES[0]);
  });

  it('WebRTC: TLS handshake on the WSS port, WebSocket upgrade (sip), REGISTER 401 then 200', async () => {
    const c = await live.credentials('xynap', 'webrtc1');
    const script = new URL('./harness/wss-register.mjs', import.meta.url).pathname;
    // The client holds its WebSocket open for 8 s after the 200 while the registration is
    // looked at: FreeSWITCH drops a WSS registration as soon as its connection closes.
    const running = live.ns.run(process.execPath, [
      script,
      live.pbx,
      '7443',
      c.domain,
      c.username,
      c.password,
      '8000',
    ]);
    let listed = '';
    for (let i = 0; i < 50 && !/webrtc1@sip\.xynap\.tech[\s\S]*WSS/.test(listed); i++) {
      await new Promise((r) => setTimeout(r, 200));
      listed = await live.fsCli('sofia status profile internal reg');
    }
    const r = JSON.parse(await running);
    expect(r.tls.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(r.tls.subject).toBe('pbx.test');
    expect(r.upgrade).toBe(101);
    expect(r.responses).toEqual([401, 200]);
    expect(listed).toMatch(/webrtc1@sip\.xynap\.tech[\s\S]*WSS/);
  });

  it('TLS (SIPS) on 5061 completes a handshake with the installed certificate', async () => {
    const [cmd, args] = live.ns.wrap('/usr/bin/openssl', [
      's_client',
      '-connect',
      `${live.pbx}:5061`,
      '-brief',
    ]);
    const out = await exec(cmd, args, { timeoutMs: 10_000 });
    const r = out.stdout + out.stderr;
    expect(r).toMatch(/CONNECTION ESTABLISHED|Protocol version: TLSv1\.[23]/);
  });
});
