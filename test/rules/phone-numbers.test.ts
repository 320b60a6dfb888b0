import { describe, expect, it } from 'vitest';
import { brief, checkMutated, type Mutation } from './mutate.js';

const X = 'tenants/xynap.yaml';
const B = 'tenants/bluebird-dental.yaml';

/** [what, mutations, the diagnostics expected as "file:line CODE message"]. */
const CASES: [string, Mutation[], ...string[]][] = [
  [
    'a DID with one digit too many',
    [{ file: B, from: '{ number: "+442079460101"', to: '{ number: "+4420794601011"' }],
    'tenants/bluebird-dental.yaml:131 PBX3120 DID +4420794601011 of tenant bluebird-dental is not a valid phone number: too long for GB (libphonenumber metadata)',
  ],
  [
    'a DID written as people write it: the schema error names its E.164 form',
    [{ file: X, from: '{ number: "+4934556643378"', to: '{ number: "+49 (0)345 566 433 78"' }],
    'tenants/xynap.yaml:87 PBX2005 dids[0].number "+49 (0)345 566 433 78" is not valid: An E.164 number: "+" then 8 to 15 digits. (E.164 with the country code: "+4934556643378")',
  ],
  [
    'a trunk caller ID in a calling code nobody uses',
    [{ file: B, from: 'caller_id: "+442079460100"', to: 'caller_id: "+999207946010"' }],
    'tenants/bluebird-dental.yaml:115 PBX3120 caller ID of trunk gamma +999207946010 of tenant bluebird-dental is not a valid phone number: no country uses this calling code (libphonenumber metadata)',
  ],
  [
    'a number type the country has no numbers of',
    [{ file: B, from: 'types: [premium_rate]', to: 'types: [premium_rate, shared_cost]' }],
    'tenants/bluebird-dental.yaml:161 PBX3121 outbound route uk-premium of tenant bluebird-dental: country code +44 has no shared_cost numbers in the libphonenumber metadata, so the route never takes a number of that type',
  ],
  [
    'a route with both prefixes and types',
    [{ file: B, from: 'types: [premium_rate]', to: 'types: [premium_rate], prefixes: ["+449"]' }],
    'tenants/bluebird-dental.yaml:161 PBX2008 outbound_routes[2] needs exactly one of "match" or "prefixes" or "types"',
  ],
  [
    'an unknown number type',
    [{ file: X, from: 'types: [premium_rate, shared_cost]', to: 'types: [premium_rate, premium]' }],
    'tenants/xynap.yaml:115 PBX2004 outbound_routes[2].types[1] "premium" must be one of premium_rate, shared_cost, toll_free, mobile, fixed_line, fixed_line_or_mobile, voip, personal_number, pager, uan, voicemail, international',
  ],
];

describe('phone numbers with the libphonenumber metadata (PBX3120, PBX3121)', () => {
  it.each(CASES)('%s', async (_what, mutations, ...expected) => {
    const got = (await checkMutated(...mutations)).map(brief);
    expect(got).toEqual(expected);
  });

  it('the example spec has no invalid numbers', async () => {
    expect((await checkMutated()).filter((d) => d.code === 'PBX3120' || d.code === 'PBX3121')).toEqual([]);
  });
});
