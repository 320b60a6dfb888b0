import { describe, expect, it } from 'vitest';
import { customerDnsText, dnsPlan, environmentDomains } from '../../src/cloud/dns-records.js';
import { environmentModel, overrideTrunk, serves } from '../../src/model/environment-view.js';
import type { EnvironmentModel, Model, TrunkModel } from '../../src/model/types.js';
import { exampleModel } from '../helpers/example.js';

const env = (model: Model, name: string): EnvironmentModel =>
  model.platform.environments.find((e) => e.name === name)!;

describe('what an environment serves', () => {
  it.each([
    ['all', { id: 'a', test: false }, true],
    ['test', { id: 'a', test: false }, false],
    ['test', { id: 'a', test: true }, true],
    [['a', 'b'], { id: 'a', test: false }, true],
    [['b'], { id: 'a', test: true }, false],
  ] as const)('tenants: %j serves %j: %s', (tenants, tenant, want) => {
    expect(serves({ tenants }, tenant)).toBe(want);
  });

  it('staging of the example: two tenants, its own domains, gamma not registering; production untouched', async () => {
    const model = await exampleModel();
    const staging = environmentModel(model, env(model, 'staging'));
    expect(staging.tenants.map((t) => [t.id, t.domain])).toEqual([
      ['abc-company', 'abc.staging.voice.example.net'],
      ['bluebird-dental', 'staging.pbx.bluebird-dental.example'],
    ]);
    const gamma = staging.tenants[1]!.trunks.find((t) => t.id === 'gamma')!;
    expect(gamma.register).toBe(false);
    expect(gamma.username).toBe('bluebird01');
    const production = environmentModel(model, env(model, 'production'));
    expect(production.tenants).toEqual(model.tenants);
  });

  it('maps a DID wherever the model carries it (DIDs, lines, caller IDs)', async () => {
    const model = await exampleModel();
    const bluebird = model.tenants.find((t) => t.id === 'bluebird-dental')!;
    const did = bluebird.dids[0]!.number;
    const moved = environmentModel(model, {
      ...env(model, 'staging'),
      dids: { [did]: '+4930999000111' },
    }).tenants.find((t) => t.id === 'bluebird-dental')!;
    expect(moved.dids.map((d) => d.number)).toContain('+4930999000111');
    expect(JSON.stringify(moved)).not.toContain(`"${did}"`);
  });
});

describe('a trunk override', () => {
  const trunk: TrunkModel = {
    id: 'main',
    gateway: 't-main',
    host: 'sip.live.example',
    port: 5060,
    transport: 'udp',
    register: true,
    username: 'live01',
    password: { kind: 'named', name: 'live', rev: 0 },
    realm: 'sip.live.example',
    fromDomain: 'example.com',
    inboundFrom: ['live'],
    ping: 30,
    origin: { file: 'x', line: 1, col: 1 },
  } as TrunkModel;

  it('register: false changes only that', () => {
    expect(overrideTrunk(trunk, { register: false })).toEqual({ ...trunk, register: false });
  });

  it('a test carrier moves defaulted realm and port along, keeps explicit ones', () => {
    const t = overrideTrunk(trunk, {
      host: 'sip.test.example',
      transport: 'tls',
      username: 'test01',
      password: { kind: 'named', name: 'test-carrier', rev: 0 },
    });
    expect(t).toMatchObject({
      host: 'sip.test.example',
      realm: 'sip.test.example',
      fromDomain: 'example.com',
      port: 5061,
      username: 'test01',
      password: { name: 'test-carrier' },
      register: true,
    });
  });
});

describe('DNS per environment', () => {
  it('staging names only its own domains; production never appears in staging and vice versa', async () => {
    const model = await exampleModel();
    const staging = env(model, 'staging');
    const production = env(model, 'production');
    expect(environmentDomains(model, staging)).toEqual([
      'abc.staging.voice.example.net',
      'staging.pbx.bluebird-dental.example',
    ]);
    const stagingText = customerDnsText('staging', dnsPlan(model, staging));
    const productionText = customerDnsText('production', dnsPlan(model, production));
    const names = (text: string) =>
      text.split('\n').map((l) => /^(?:; )?(?:_sips?\._(?:tcp|udp)\.)?([^ ]+?)\.? /.exec(`${l} `)?.[1]);
    for (const d of environmentDomains(model, production)) expect(names(stagingText)).not.toContain(d);
    expect(stagingText).toContain(
      'staging.pbx.bluebird-dental.example. 300 IN CNAME sip.staging.voice.example.net.',
    );
    expect(productionText).toContain('pbx.bluebird-dental.example. 300 IN CNAME sip.voice.example.net.');
    expect(productionText).not.toContain('staging');
  });
});
