import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveSwitch, PHONES } from './harness/live-switch.js';
import { register } from './harness/phone.js';
import { sleep } from './harness/proc.js';
import { skipLive } from './harness/tools.js';

/**
 * Tenants are isolated at registration: two tenants' extension 300 registering from one address and
 * port (a Ringotel server, a shared NAT) have the same Contact text. With multiple-registrations
 * "contact", FreeSWITCH deletes every registration with that contact whatever its domain
 * (sofia_reg.c: "delete from sip_registrations where contact=..."), so the second REGISTER silently
 * unregistered the first tenant's phone ("true" means "contact" too, sofia.c). pbxc sets "call-id": a
 * binding is replaced only by its own dialog.
 */
const skip = skipLive('registration-isolation');
const FIXTURE = fileURLToPath(new URL('../fixtures/specs/live', import.meta.url));

const SECOND = `# yaml-language-server: $schema=../schema/tenant.schema.json
tenant: zweite
name: Zweite GmbH
domain: sip.zweite.example
timezone: Europe/Berlin
language: en
dialing: { country_code: "49", national_prefix: "0", international_prefix: "00", emergency: ["110", "112"] }
number_plan:
  - { range: "300-399", use: extensions }
extensions:
  - { number: "300", name: Zweite Zentrale, voicemail: false }
`;

describe.skipIf(skip)('live: registrations of one tenant never remove another tenant’s', () => {
  let live: LiveSwitch;
  let spec: string;
  beforeAll(async () => {
    spec = mkdtempSync(join(tmpdir(), 'pbxc-iso-'));
    cpSync(FIXTURE, spec, { recursive: true });
    writeFileSync(join(spec, 'tenants/zweite.yaml'), SECOND);
    live = await LiveSwitch.start({ spec, secrets: { 'muster-sipgate': 'provider-secret' } });
  }, 90_000);
  afterAll(async () => {
    await live?.stop();
    if (spec) rmSync(spec, { recursive: true, force: true });
  }, 30_000);

  const contact = async (user: string) => (await live.fsCli(`sofia_contact internal/${user}`)).trim();

  it('300@muster and 300@zweite from one address and port both stay registered, also on refresh', async () => {
    const port = 5090;
    const a = await register(live, 'muster', '300', PHONES[3]!, { contactPort: port });
    expect(a.result.statuses.at(-1)).toBe(200);
    const b = await register(live, 'zweite', '300', PHONES[3]!, { contactPort: port });
    expect(b.result.statuses.at(-1)).toBe(200);
    // Identical Contact text, two domains: both bindings are there.
    expect(await contact('300@sip.muster.example')).toContain(`@${PHONES[3]}:${port}`);
    expect(await contact('300@sip.zweite.example')).toContain(`@${PHONES[3]}:${port}`);
    // The other tenant refreshing (a new REGISTER dialog from the same contact) removes nothing either.
    await register(live, 'zweite', '300', PHONES[3]!, { contactPort: port });
    // sofia deletes the replaced rows through its SQL queue: give it time to run.
    await sleep(1500);
    expect(await contact('300@sip.muster.example')).toContain(`@${PHONES[3]}:${port}`);
    const regs = await live.fsCli('sofia status profile internal reg');
    expect(regs).toMatch(/300@sip\.muster\.example/);
    expect(regs).toMatch(/300@sip\.zweite\.example/);
  });
});
