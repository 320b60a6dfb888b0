import { describe, expect, it } from 'vitest';
import { brief, checkMutated, codesAt, type Mutation } from './mutate.js';

/**
 * Environments that differ (spec/platform.yaml: staging serves abc-company and bluebird-dental
 * under its own names, with bluebird-dental's gamma trunk not registering). Each mutation breaks
 * one rule; the expectation is the position and code it must give, and nothing else.
 */
const P = 'platform.yaml';
const B = 'tenants/bluebird-dental.yaml';

const CASES: [string, Mutation[], ...string[]][] = [
  [
    'staging registers the live gamma trunk too',
    [
      {
        file: P,
        from: 'bluebird-dental/gamma: { register: false }',
        to: 'bluebird-dental/gamma: { port: 5060 }',
      },
    ],
    'platform.yaml:55 PBX3502',
  ],
  [
    'staging drops its trunk override: registers from both',
    [
      {
        file: P,
        from: "    trunks:\n      bluebird-dental/gamma: { register: false }  # production holds the carrier's registration\n",
        to: '',
      },
    ],
    'platform.yaml:54 PBX3502',
  ],
  [
    'a test carrier in staging with its own account is fine',
    [
      {
        file: P,
        from: 'bluebird-dental/gamma: { register: false }',
        to: 'bluebird-dental/gamma: { host: sip.test-carrier.example.net, username: staging01, password: { secret: test-carrier } }',
      },
    ],
  ],
  [
    'staging serves a production domain',
    [{ file: P, from: '      abc-company: abc.staging.voice.example.net\n', to: '' }],
    'platform.yaml:55 PBX3503',
  ],
  [
    'staging maps a tenant onto a production name',
    [{ file: P, from: 'abc-company: abc.staging.voice.example.net', to: 'abc-company: sip.xynap.tech' }],
    'platform.yaml:52 PBX3503',
  ],
  [
    'an environment without nodes serves nothing',
    [
      { file: P, from: '      abc-company: abc.staging.voice.example.net\n', to: '' },
      { file: P, from: 'nodes: 1', to: 'nodes: 0' },
    ],
    'platform.yaml:47 PBX3046',
  ],
  [
    'unknown tenant in the list',
    [
      {
        file: P,
        from: 'tenants: [abc-company, bluebird-dental]',
        to: 'tenants: [abc-company, bluebird-dentl]',
      },
    ],
    'platform.yaml:50 PBX3500',
    'platform.yaml:53 PBX3501',
    'platform.yaml:55 PBX3501',
  ],
  [
    'a trunk override for a tenant staging does not serve',
    [{ file: P, from: 'bluebird-dental/gamma: {', to: 'xynap/telekom: {' }],
    'platform.yaml:55 PBX3501',
    'platform.yaml:56 PBX3502',
  ],
  [
    'staging: test serves only test tenants',
    [
      { file: P, from: 'tenants: [abc-company, bluebird-dental]', to: 'tenants: test' },
      { file: B, from: 'blf_contacts: ["200", "204"]\n', to: 'blf_contacts: ["200", "204"]\ntest: true\n' },
      { file: P, from: '      abc-company: abc.staging.voice.example.net\n', to: '' },
    ],
  ],
  [
    'a DID mapping for a number staging does not have',
    [{ file: P, from: '    trunks:\n', to: '    dids: { "+4930999999": "+4930111111" }\n    trunks:\n' }],
    'platform.yaml:54 PBX3501',
  ],
];

describe('environments that differ', () => {
  it.each(CASES)('%s', async (_what, mutations, ...want) => {
    const diagnostics = await checkMutated(...mutations);
    expect(codesAt(diagnostics), diagnostics.map(brief).join('\n')).toEqual(want);
  });

  it('names the trunk, the account and both environments, and says how to fix it', async () => {
    const [d] = await checkMutated({
      file: P,
      from: 'bluebird-dental/gamma: { register: false }',
      to: 'bluebird-dental/gamma: { port: 5060 }',
    });
    expect(d?.message).toBe(
      'trunk bluebird-dental/gamma would register as bluebird01@sip.gamma-trunk.example.net from environments staging and production at once: the carrier keeps one registration and sends calls to one of them',
    );
    expect(d?.location?.line).toBe(55);
    expect(d?.related?.[0]?.location.line).toBe(56);
  });
});
