import { describe, expect, it } from 'vitest';
import { check } from '../../src/compile.js';
import { PLATFORM_YAML, TENANT_YAML } from '../../src/init/templates.js';
import { emergencyClash } from '../../src/rules/emergency.js';
import { brief, checkMutated, type Mutation } from './mutate.js';

const X = 'tenants/xynap.yaml';
const B = 'tenants/bluebird-dental.yaml';
const P = 'platform.yaml';

/** xynap's plan widened so the numbers below are in it (the plan is not what these cases test). */
const PLAN: Mutation = {
  file: X,
  from: '  - { range: "21-29", use: groups }',
  to: '  - { range: "21-29", use: groups }\n  - { range: "110-119", use: extensions }\n  - { range: "1100-1199", use: extensions }\n  - { range: "11-11", use: groups }',
};

/** [what, mutations, the diagnostics expected as "file:line CODE message"]. */
const CASES: [string, Mutation[], ...string[]][] = [
  [
    'an extension equal to the emergency number 112',
    [
      PLAN,
      { file: X, from: '{ number: "1013", name: Line Extension 4 }', to: '{ number: "112", name: Kitchen }' },
    ],
    'tenants/xynap.yaml:39 PBX3110 extension "112" of tenant xynap is the emergency number 112 (at 11:22): a call to 112 must reach emergency services, never an internal number',
    'tenants/xynap.yaml:106 PBX3010 line +4934556643313: extension "1013" is not an extension of tenant xynap',
  ],
  [
    'an extension that starts with an emergency number (1121 vs 112)',
    [
      PLAN,
      {
        file: X,
        from: '{ number: "1013", name: Line Extension 4 }',
        to: '{ number: "1121", name: Kitchen }',
      },
    ],
    'tenants/xynap.yaml:39 PBX3110 extension "1121" of tenant xynap starts with the emergency number 112 (at 11:22): a phone that dials digit by digit sends 112 before the last digits of 1121, so 1121 can never be dialled',
    'tenants/xynap.yaml:106 PBX3010 line +4934556643313: extension "1013" is not an extension of tenant xynap',
  ],
  [
    'a ring group that is the start of an emergency number (11 vs 110)',
    [PLAN, { file: X, from: 'number: "23"', to: 'number: "11"' }],
    'tenants/xynap.yaml:56 PBX3110 ring group "11" of tenant xynap is the start of the emergency number 110 (at 11:15): a phone that dials digit by digit would stop at 11, so 110 could never be dialled',
  ],
  [
    'an alias equal to an emergency number (999 at bluebird)',
    [
      { file: B, from: '{ range: "800-809", use: aliases }', to: '{ range: "800-999", use: aliases }' },
      { file: B, from: '{ number: "800", name: Front desk', to: '{ number: "999", name: Front desk' },
    ],
    'tenants/bluebird-dental.yaml:155 PBX3110 alias "999" of tenant bluebird-dental is the emergency number 999 (at 13:15): a call to 999 must reach emergency services, never an internal number',
  ],
];

describe('emergency numbers are never internal numbers (PBX3110)', () => {
  it.each(CASES)('%s', async (_what, mutations, ...expected) => {
    const got = (await checkMutated(...mutations)).filter((d) => d.severity === 'error').map(brief);
    expect(got).toEqual(expected);
  });

  it('a feature code or park slot that is (the start of) an emergency number is refused too', async () => {
    const got = (await checkMutated({ file: P, from: 'dnd_on: "*78"', to: 'dnd_on: "11"' })).map(brief);
    // Codes are "*…" by the schema, so "11" never reaches the rule: it is refused at its position.
    expect(got.length).toBeGreaterThan(0);
    expect(got.every((d) => d.startsWith('platform.yaml:11 '))).toBe(true);
  });

  it('the example spec and every tenant in it has no clash', async () => {
    expect((await checkMutated()).filter((d) => d.code === 'PBX3110')).toEqual([]);
  });
});

describe('the pbxc init template', () => {
  const run = (tenant: string) =>
    check({
      platform: { path: 'spec/platform.yaml', text: PLATFORM_YAML },
      tenants: [{ path: 'spec/tenants/example.yaml', text: tenant }],
    }).diagnostics.filter((d) => d.severity === 'error');

  it('validates as it is', () => {
    expect(run(TENANT_YAML)).toEqual([]);
  });

  it('refuses the extension 112 a user of it would add next, at its number', () => {
    const tenant = TENANT_YAML.replace(
      '  - { number: "100", name: Reception, voicemail: true }',
      '  - { number: "100", name: Reception, voicemail: true }\n  - { number: "112", name: Kitchen }',
    );
    const errors = run(tenant);
    expect(errors.map((d) => `${d.location?.line}:${d.location?.col} ${d.code}`)).toEqual(['17:15 PBX3110']);
    expect(errors[0]!.message).toContain('emergency number 112');
  });
});

describe('emergencyClash', () => {
  it.each([
    ['112', '112', 'equals'],
    ['1121', '112', 'starts-with'],
    ['11', '112', 'prefixes'],
    ['1', '112', 'prefixes'],
    ['113', '112', undefined],
    ['1012', '112', undefined],
    ['*112', '112', undefined],
    ['webrtc1', '112', undefined],
  ] as const)('%s vs %s: %s', (internal, emergency, clash) => {
    expect(emergencyClash(internal, emergency)).toBe(clash);
  });
});
