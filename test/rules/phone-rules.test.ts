import { describe, expect, it } from 'vitest';
import { brief, checkMutated, type Mutation } from './mutate.js';

const P = 'platform.yaml';
const A = 'tenants/abc-company.yaml';

/** [what, mutations, the diagnostics expected as "file:line CODE message"]. */
const CASES: [string, Mutation[], ...string[]][] = [
  [
    'a 10-minute check interval is clamped for the vendors that accept no less than an hour',
    [{ file: P, from: 'update_interval_minutes: 60', to: 'update_interval_minutes: 10' }],
    'platform.yaml:41 PBX3400 provisioning.update_interval_minutes of 10 minutes does not fit Fanvil phones (FlashInterval: 1-720 hours); they get 60 minutes',
    'platform.yaml:41 PBX3400 provisioning.update_interval_minutes of 10 minutes does not fit Grandstream phones (P193: 60-86400 minutes); they get 60 minutes',
    'platform.yaml:41 PBX3400 provisioning.update_interval_minutes of 10 minutes does not fit Polycom phones (prov.polling.period: 3600-2592000 seconds); they get 60 minutes',
  ],
  [
    'registration expiry and keep-alive outside Grandstream ranges',
    [{ file: P, from: 'sip:\n', to: 'sip:\n  registration: { expires: 90, keepalive: 200 }\n' }],
    'platform.yaml:5 PBX3400 sip.registration.expires of 90 s does not fit Grandstream phones (P32: 1-64800 minutes); they get 120 s',
    'platform.yaml:5 PBX3400 sip.registration.keepalive of 200 s does not fit Grandstream phones (P84: 10-160 seconds); they get 160 s',
  ],
  [
    'keep-alive off is never clamped',
    [{ file: P, from: 'sip:\n', to: 'sip:\n  registration: { keepalive: 0 }\n' }],
  ],
  [
    'Cisco 79x0 without a TFTP allow-list',
    [{ file: P, from: '  tftp: { allow: [office] }', to: '' }],
    'tenants/abc-company.yaml:60 PBX3401 Cisco 79x0 phones fetch their files, SIP passwords included, over TFTP without authentication; provisioning.tftp.allow is not set, so any address may read them',
  ],
  [
    'a TFTP allow-list naming an unknown whitelist',
    [{ file: P, from: 'tftp: { allow: [office] }', to: 'tftp: { allow: [offise] }' }],
    'platform.yaml:43 PBX3040 whitelist "offise" in provisioning.tftp.allow of the platform is not defined in platform firewall.whitelists (did you mean "office"?)',
  ],
  [
    'MACs in every accepted form',
    [
      { file: A, from: '"00:04:13:2A:BB:01"', to: '"00-04-13-2a-bb-01"' },
      { file: A, from: '"64:16:7F:01:02:03"', to: '"6416.7f01.0203"' },
      { file: A, from: '"00:0B:82:11:22:33"', to: '000b82112233' },
    ],
  ],
  [
    'the same MAC in two forms is a duplicate, reported at the second, with the vendor check on the normalized MAC',
    [{ file: A, from: '"64:16:7F:01:02:03"', to: '"0004.132a.bb01"' }],
    'tenants/abc-company.yaml:57 PBX3060 MAC 00:04:13:2A:BB:01 of device "Jane" in tenant abc-company is already used by device "John" (at 56:12)',
    'tenants/abc-company.yaml:57 PBX3063 device "Jane": MAC 00:04:13:2A:BB:01 has the vendor prefix of Snom, not Polycom',
  ],
  [
    'mixed separators are not a MAC',
    [{ file: A, from: '"64:16:7F:01:02:03"', to: '"64:16-7F:01:02:03"' }],
    'tenants/abc-company.yaml:57 PBX2005 devices[2].mac "64:16-7F:01:02:03" is not valid: MAC address: 805ec01a0003, 80-5E-C0-1A-00-03, 80:5e:c0:1a:00:03 or 805e.c01a.0003 (any case); pbxc normalizes it.',
  ],
];

describe('phone rules on the example spec', () => {
  it.each(CASES)('%s', async (_what, mutations, ...expected) => {
    expect((await checkMutated(...mutations)).map(brief)).toEqual(expected);
  });
});
