import { describe, expect, it } from 'vitest';
import { customerDnsText, dnsPlan, inZone, zoneLine } from '../../src/cloud/dns-records.js';
import { exampleModel } from '../helpers/example.js';

describe('dnsPlan of the example spec', async () => {
  const model = await exampleModel();
  const env = (name: string) => model.platform.environments.find((e) => e.name === name)!;
  const production = dnsPlan(model, env('production'));
  const staging = dnsPlan(model, env('staging'));

  it('names the service inside the zone', () => {
    expect(production.serviceName).toBe('sip.voice.example.net');
    expect(staging.serviceName).toBe('sip.staging.voice.example.net');
  });

  it('creates A and the three SRV records for the service and each tenant domain in the zone', () => {
    const lines = production.inZone.map((r) => zoneLine(r));
    expect(lines).toEqual([
      '_sip._tcp.abc.voice.example.net. 300 IN SRV 10 10 5060 sip.voice.example.net.',
      '_sip._tcp.sip.voice.example.net. 300 IN SRV 10 10 5060 sip.voice.example.net.',
      '_sip._udp.abc.voice.example.net. 300 IN SRV 10 10 5060 sip.voice.example.net.',
      '_sip._udp.sip.voice.example.net. 300 IN SRV 10 10 5060 sip.voice.example.net.',
      '_sips._tcp.abc.voice.example.net. 300 IN SRV 10 10 5061 sip.voice.example.net.',
      '_sips._tcp.sip.voice.example.net. 300 IN SRV 10 10 5061 sip.voice.example.net.',
      'abc.voice.example.net. 300 IN A <service-ipv4>',
      'provision.voice.example.net. 300 IN A <service-ipv4>',
      'sip.voice.example.net. 300 IN A <service-ipv4>',
    ]);
  });

  it('adds AAAA records only with a single node (IPv6 cannot float)', () => {
    expect(production.inZone.some((r) => r.type === 'AAAA')).toBe(false);
    // staging's own name for abc-company lies inside its zone: it gets the addresses too.
    expect(staging.inZone.filter((r) => r.type === 'AAAA').map((r) => r.name)).toEqual([
      'abc.staging.voice.example.net',
      'sip.staging.voice.example.net',
    ]);
  });

  it('leaves the domains outside the zone to their owners, with the exact records', () => {
    expect(production.customer.map((c) => c.domain)).toEqual([
      'pbx.bluebird-dental.example',
      'sip.xynap.tech',
    ]);
    const text = customerDnsText('production', production);
    expect(text).toContain('sip.xynap.tech. 300 IN CNAME sip.voice.example.net.\n');
    expect(text).toContain('_sips._tcp.sip.xynap.tech. 300 IN SRV 10 10 5061 sip.voice.example.net.\n');
  });

  it('points every record at the service address, never at a node', () => {
    for (const r of [...production.inZone, ...production.customer.flatMap((c) => c.records)]) {
      if (r.type === 'A' || r.type === 'AAAA') expect(r.address).toMatch(/^service-/);
      else expect('target' in r && r.target).toBe('sip.voice.example.net');
    }
  });

  it('without a zone, every domain is the customer’s and points at the address itself', () => {
    const plan = dnsPlan(model, { ...env('production'), dnsZone: undefined });
    expect(plan.inZone).toEqual([]);
    const xynap = plan.customer.find((c) => c.domain === 'sip.xynap.tech')!;
    expect(xynap.records.map((r) => zoneLine(r, { 'service-ipv4': '198.51.100.7' }))).toContain(
      'sip.xynap.tech. 300 IN A 198.51.100.7',
    );
  });

  it('has nothing to publish without nodes', () => {
    expect(dnsPlan(model, { ...env('production'), nodes: 0 })).toEqual({ inZone: [], customer: [] });
  });

  it.each([
    ['provision.voice.example.net', 'voice.example.net', true],
    ['voice.example.net', 'voice.example.net', true],
    ['badvoice.example.net', 'voice.example.net', false],
  ])('inZone(%s, %s) is %s', (host, zone, expected) => {
    expect(inZone(host, zone)).toBe(expected);
  });
});
