import { describe, expect, it } from 'vitest';
import { brief, checkMutated, type Mutation } from './mutate.js';

const X = 'tenants/xynap.yaml';
const A = 'tenants/abc-company.yaml';

/** [what, mutations, the diagnostics expected as "file:line CODE message"]. */
const CASES: [string, Mutation[], ...string[]][] = [
  [
    'GXP2170 keys share its 48 VPKs with the lines (it has no MPK block): one line and 48 keys are too many',
    [
      {
        file: A,
        from: 'lines: ["104"] }',
        to: `lines: ["104"], keys: [${Array.from({ length: 48 }, () => '{ type: blf, extension: "101" }').join(', ')}] }`,
      },
    ],
    'tenants/abc-company.yaml:58 PBX3064 device "Warehouse" of tenant abc-company: 1 line and 48 keys exceed the 48 keys (shared with the lines) of a Grandstream GXP2170',
  ],
  [
    'ring group member that is not an extension',
    [{ file: X, from: 'members: ["1000", "1001"]', to: 'members: ["1000", "1099"]' }],
    'tenants/xynap.yaml:45 PBX3012 ring group 21 member "1099" is not an extension of tenant xynap',
  ],
  [
    'ring group member listed twice',
    [{ file: X, from: 'members: ["1001", "1000"]', to: 'members: ["1001", "1001"]' }],
    'tenants/xynap.yaml:51 PBX3013 ring group 22 of tenant xynap lists member "1001" twice (first at 51:15)',
  ],
  [
    'extension outside the number plan',
    [
      {
        file: X,
        from: '{ number: "1013", name: Line Extension 4 }',
        to: '{ number: "2013", name: Line Extension 4 }',
      },
    ],
    'tenants/xynap.yaml:36 PBX3001 extension number "2013" is not in a number plan entry for extensions/lines/webrtc of tenant xynap',
    'tenants/xynap.yaml:103 PBX3010 line +4934556643313: extension "1013" is not an extension of tenant xynap',
  ],
  [
    'ring group number used by an extension',
    [{ file: X, from: 'number: "23"', to: 'number: "1000"' }],
    'tenants/xynap.yaml:53 PBX3001 ring group number "1000" is not in a number plan entry for groups of tenant xynap',
    'tenants/xynap.yaml:53 PBX3002 ring group "1000" of tenant xynap is already used by extension 1000 (at 20:13)',
  ],
  [
    'voicemail destination of an extension without voicemail',
    [{ file: X, from: 'on_no_answer: { voicemail: "1000" }', to: 'on_no_answer: { voicemail: "1010" }' }],
    'tenants/xynap.yaml:46 PBX3011 ring group 21 on_no_answer: extension 1010 of tenant xynap has voicemail off, so it has no voicemail box',
  ],
  [
    'IVR option to a missing ring group',
    [{ file: X, from: '"2": { ring_group: "22" }', to: '"2": { ring_group: "29" }' }],
    'tenants/xynap.yaml:66 PBX3010 IVR main option 2: ring group "29" is not a ring group of tenant xynap',
  ],
  [
    'DID with a schedule but no closed destination',
    [{ file: X, from: '    closed: { voicemail: "1000" }\n', to: '' }],
    'tenants/xynap.yaml:91 PBX3021 DID +4934556643321 of tenant xynap has a schedule but no "closed" destination',
  ],
  [
    'line whose DID routes elsewhere',
    [
      {
        file: X,
        from: '{ extension: "1010", did: "+4934556643310"',
        to: '{ extension: "1010", did: "+4934556643321"',
      },
    ],
    'tenants/xynap.yaml:94 PBX3024 DID +4934556643310 of tenant xynap has no "to", so it must be the line of exactly one extension; it is the line of no extension',
    'tenants/xynap.yaml:100 PBX3023 line of extension 1010 uses DID +4934556643321 of tenant xynap, which routes to ring group 21, not to that extension',
  ],
  [
    'schedule closing before it opens',
    [{ file: X, from: 'from: "08:00", to: "17:00"', to: 'from: "18:00", to: "17:00"' }],
    'tenants/xynap.yaml:73 PBX3030 schedule office-hours of tenant xynap: closes at 17:00, not after it opens at 18:00',
  ],
  [
    'timezone that is not an IANA zone',
    [{ file: A, from: 'timezone: America/New_York', to: 'timezone: America/Springfield' }],
    'tenants/abc-company.yaml:5 PBX3031 timezone "America/Springfield" of tenant abc-company is not an IANA time zone',
  ],
  [
    'whitelist call filter with an action',
    [{ file: X, from: 'pattern: "+4930123456*" }', to: 'pattern: "+4930123456*", action: reject }' }],
    'tenants/xynap.yaml:107 PBX3032 call filter "Partner" of tenant xynap: action "reject" only applies to blacklists',
  ],
  [
    'route through a missing trunk',
    [
      {
        file: A,
        from: '{ name: nanp, prefixes: ["+1"], trunk: twilio }',
        to: '{ name: nanp, prefixes: ["+1"], trunk: twillio }',
      },
    ],
    'tenants/abc-company.yaml:40 PBX3050 outbound route nanp: trunk "twillio" is not a trunk of tenant abc-company',
  ],
  [
    'DID declared by two tenants',
    [{ file: A, from: '"+12125550101"', to: '"+4934556643378"' }],
    'tenants/abc-company.yaml:36 PBX3020 DID +4934556643378 is already defined by tenant xynap (at spec/tenants/xynap.yaml:87:15)',
    'tenants/xynap.yaml:87 PBX3020 DID +4934556643378 is already defined by tenant abc-company (at spec/tenants/abc-company.yaml:36:15)',
  ],
  [
    'two tenants with one domain',
    [{ file: X, from: 'domain: sip.xynap.tech', to: 'domain: abc.voice.example.net' }],
    'tenants/xynap.yaml:4 PBX3071 domain abc.voice.example.net is already used by tenant abc-company (at spec/tenants/abc-company.yaml:4:9)',
  ],
];

describe('tenant rules on the contract document', () => {
  it.each(CASES)('%s', async (_what, mutations, ...want) => {
    const diagnostics = await checkMutated(...mutations);
    expect(diagnostics.map(brief)).toEqual(want);
  });
});
