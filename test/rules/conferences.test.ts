import { describe, expect, it } from 'vitest';
import { brief, checkMutated, type Mutation } from './mutate.js';

const A = 'tenants/abc-company.yaml';
const OPEN = '{ number: "606", name: Open room }';
const room = (to: string): Mutation => ({ file: A, from: OPEN, to });

/** [what, mutations, the diagnostics expected as "file:line CODE message"]. */
const CASES: [string, Mutation[], string[]][] = [
  [
    'a room on the ring group number 600',
    [room('{ number: "600", name: Open room }')],
    [
      'tenants/abc-company.yaml:72 PBX3002 conference room "600" of tenant abc-company is already used by ring group 600 (at 24:15)',
    ],
  ],
  [
    'a room outside the number plan',
    [room('{ number: "650", name: Open room }')],
    [
      'tenants/abc-company.yaml:72 PBX3001 conference room number "650" is not in a number plan entry for groups/extensions of tenant abc-company',
    ],
  ],
  [
    'a moderator PIN without a PIN',
    [room('{ number: "606", name: Open room, moderator_pin: "1234" }')],
    [
      'tenants/abc-company.yaml:72 PBX2005 conferences[1] must have property pin when property moderator_pin is present',
    ],
  ],
  [
    'a DID to a room that does not exist',
    [{ file: A, from: 'to: { ring_group: "600" } }', to: 'to: { conference: "607" } }' }],
    [
      'tenants/abc-company.yaml:35 PBX3010 DID +12125550100 to: conference room "607" is not a conference room of tenant abc-company',
    ],
  ],
  [
    'a conference key to a room that does not exist, and one to an extension',
    [
      {
        file: A,
        from: '      - { type: blf, extension: "102" }',
        to: '      - { type: conference, room: "607" }',
      },
      {
        file: A,
        from: '      - { type: park, slot: "*6001" }',
        to: '      - { type: conference, room: "101" }',
      },
    ],
    [
      'tenants/abc-company.yaml:54 PBX3010 device "Front Desk" conference key "607" is not a conference room of tenant abc-company',
      'tenants/abc-company.yaml:55 PBX3010 device "Front Desk" conference key "101" is not a conference room of tenant abc-company (101 is an extension, not a conference room: write extension: "101")',
    ],
  ],
];

describe('rules: conference rooms', () => {
  for (const [what, mutations, expected] of CASES)
    it(what, async () => {
      expect((await checkMutated(...mutations)).map(brief)).toEqual(expected);
    });
});
