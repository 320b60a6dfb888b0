import { describe, expect, it } from 'vitest';
import { brief, checkMutated, type Mutation } from './mutate.js';

const P = 'platform.yaml';
const X = 'tenants/xynap.yaml';
const A = 'tenants/abc-company.yaml';

/** [what, mutations, the codes expected with their file and line]. */
const CASES: [string, Mutation[], ...string[]][] = [
  ['tls on the tcp port', [{ file: P, from: 'tls: 5061', to: 'tls: 5060' }], 'platform.yaml:5 PBX3044'],
  [
    'RTP below 1024',
    [{ file: P, from: 'rtp: { from: 16384', to: 'rtp: { from: 80' }],
    'platform.yaml:6 PBX3045',
  ],
  [
    'RTP over the SIP ports',
    [{ file: P, from: 'rtp: { from: 16384', to: 'rtp: { from: 5000' }],
    'platform.yaml:6 PBX3049',
  ],
  ['environment without nodes', [{ file: P, from: 'nodes: 1', to: 'nodes: 0' }], 'platform.yaml:47 PBX3046'],
  [
    'bad whitelist entry',
    [{ file: P, from: '"198.51.100.20"', to: '"198.51.100.256"' }],
    'platform.yaml:28 PBX3042',
  ],
  [
    'host bits in a CIDR',
    [{ file: P, from: '"192.0.2.16/28"', to: '"192.0.2.17/28"' }],
    'platform.yaml:29 WARN PBX3043',
  ],
  [
    'admin_access names no whitelist',
    [{ file: P, from: 'admin_access: [office]', to: 'admin_access: [ofice]' }],
    'platform.yaml:32 PBX3040',
  ],
  [
    'Ringotel whitelist in a trunk ACL',
    [
      {
        file: A,
        from: 'inbound_from: [twilio-signalling]',
        to: 'inbound_from: [twilio-signalling, ringotel-us]',
      },
    ],
    'tenants/abc-company.yaml:31 PBX3041',
  ],
  [
    'tenant feature code on a platform one',
    [{ file: A, from: 'park: "*6000"', to: 'park: "*97"' }],
    'tenants/abc-company.yaml:43 PBX3004',
  ],
  [
    'code starting with the directed pickup prefix',
    [{ file: X, from: '{ number: "*99"', to: '{ number: "**99"' }],
    'tenants/xynap.yaml:110 PBX3004',
  ],
  [
    'alias inside the park slots',
    [{ file: X, from: '{ number: "*99"', to: '{ number: "*5950"' }],
    'tenants/xynap.yaml:110 PBX3004',
  ],
  [
    'one MAC in two tenants, whatever its case',
    [{ file: A, from: '"00:04:13:2A:BB:01"', to: '"00:15:65:4a:10:00"' }],
    'tenants/abc-company.yaml:56 WARN PBX3063',
    'tenants/xynap.yaml:119 PBX3060',
  ],
  [
    'unsupported model',
    [{ file: A, from: 'model: VVX450', to: 'model: VVX999' }],
    'tenants/abc-company.yaml:57 PBX3061',
  ],
  [
    'Cisco without firmware',
    [{ file: A, from: 'firmware: "8.x", ', to: '' }],
    'tenants/abc-company.yaml:60 PBX3062',
  ],
  [
    'MAC of another vendor',
    [{ file: A, from: '"0C:38:3E:44:55:66"', to: '"00:04:13:44:55:66"' }],
    'tenants/abc-company.yaml:59 WARN PBX3063',
  ],
  [
    'park key outside the slots',
    [{ file: A, from: 'slot: "*6001"', to: 'slot: "*5901"' }],
    'tenants/abc-company.yaml:55 PBX3065',
  ],
  [
    'Ringotel user that is not an extension',
    [{ file: A, from: 'users: ["101", "102"]', to: 'users: ["101", "199"]' }],
    'tenants/abc-company.yaml:67 PBX3080',
  ],
];

describe('platform, security and device rules on the contract document', () => {
  it.each(CASES)('%s', async (_what, mutations, ...want) => {
    const diagnostics = await checkMutated(...mutations);
    const got = diagnostics.map((d) => {
      const [where = ''] = brief(d).split(' ');
      return `${where} ${d.severity === 'warning' ? 'WARN ' : ''}${d.code}`;
    });
    expect(got, diagnostics.map(brief).join('\n')).toEqual(want);
  });
});
