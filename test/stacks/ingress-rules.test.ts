import { describe, expect, it } from 'vitest';
import { type IngressRule, ingressRules } from '../../stacks/ingress-rules.js';
import { exampleModel } from '../helpers/example.js';
import { fixtureModel, WHITELIST_SPEC } from './synth.js';

const sources = (rules: readonly IngressRule[], protocol: string, port: number) =>
  rules
    .filter((r) => r.protocol === protocol && r.fromPort === port)
    .map((r) => r.cidr)
    .sort();

describe('ingress rules of the example spec (sip_access: open)', async () => {
  const rules = ingressRules(await exampleModel());

  it.each([
    ['udp', 5060],
    ['tcp', 5060],
    ['tcp', 5061],
    ['tcp', 7443],
  ])('opens SIP %s/%i to everyone, IPv4 and IPv6', (protocol, port) => {
    expect(sources(rules, protocol, port)).toEqual(['0.0.0.0/0', '::/0']);
  });

  it.each(['udp', 'tcp'])(
    'opens the trunk port %s/5080 to the trunks inbound_from CIDRs only',
    (protocol) => {
      // telekom-trunk (xynap) and twilio-signalling (abc-company); never ringotel-us, which must authenticate.
      expect(sources(rules, protocol, 5080)).toEqual(['192.0.2.16/28', '192.0.2.64/27', '2001:db8:40::/48']);
    },
  );

  it('opens the external TLS port to the TLS trunks inbound_from CIDRs only', () => {
    expect(sources(rules, 'tcp', 5081)).toEqual(['192.0.2.16/28']);
  });

  it('opens the RTP range as one rule per address family', () => {
    const rtp = rules.filter((r) => r.fromPort === 16384);
    expect(rtp.map((r) => [r.protocol, r.toPort, r.cidr])).toEqual([
      ['udp', 32768, '0.0.0.0/0'],
      ['udp', 32768, '::/0'],
    ]);
  });

  it('opens provisioning HTTPS to everyone when provisioning.allow is absent', () => {
    expect(sources(rules, 'tcp', 443)).toEqual(['0.0.0.0/0', '::/0']);
  });

  it('opens the admin port only to the office', () => {
    expect(rules.filter((r) => r.fromPort === 22)).toEqual([
      {
        id: 'tcp-22-203-0-113-0-24',
        protocol: 'tcp',
        fromPort: 22,
        toPort: 22,
        cidr: '203.0.113.0/24',
        family: 4,
        description: 'pbxc admin from office',
      },
    ]);
  });

  it('keeps the ICMP essentials', () => {
    expect(rules.filter((r) => r.protocol.startsWith('icmp')).map((r) => r.id)).toEqual([
      'icmp-3-any-anywhere-ipv4',
      'icmp-8-any-anywhere-ipv4',
      'icmpv6-any-anywhere-ipv6',
    ]);
  });

  it('gives every rule a unique id, sorted, and never repeats what EC2 compares', () => {
    const ids = rules.map((r) => r.id);
    expect(ids).toEqual([...new Set(ids)].sort());
    const keys = rules.map((r) => `${r.protocol} ${r.fromPort} ${r.toPort} ${r.cidr}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('puts each CIDR in the field of its family', () => {
    for (const r of rules) expect(r.cidr.includes(':')).toBe(r.family === 6);
  });
});

describe('ingress rules with sip_access: whitelist', async () => {
  const rules = ingressRules(await fixtureModel(WHITELIST_SPEC));
  const office = ['2001:db8:1::/48', '203.0.113.0/24'];
  const twilio = ['192.0.2.64/27', '2001:db8:40::/48'];

  it.each([
    ['udp', 5070],
    ['tcp', 5070],
    ['tcp', 5071],
    ['tcp', 8443],
  ])('opens SIP %s/%i to sip_whitelists plus trunks and Ringotel, never to everyone', (protocol, port) => {
    expect(sources(rules, protocol, port)).toEqual([...office, ...twilio, '198.51.100.20/32'].sort());
  });

  it('uses the external port from the spec for trunks', () => {
    expect(sources(rules, 'udp', 5090)).toEqual(twilio);
    expect(sources(rules, 'tcp', 5090)).toEqual(twilio);
    expect(sources(rules, 'tcp', 5091)).toEqual([]);
  });

  it('limits provisioning to provisioning.allow, on the port of base_url', () => {
    expect(sources(rules, 'tcp', 8444)).toEqual(office);
    expect(sources(rules, 'tcp', 443)).toEqual([]);
  });

  it('merges an admin port that is also the provisioning port into one rule per CIDR', () => {
    const merged = rules.filter((r) => r.fromPort === 8444);
    expect(merged.map((r) => r.description)).toEqual([
      'pbxc admin from office, provisioning from office',
      'pbxc admin from office, provisioning from office',
    ]);
  });

  it('opens every admin port only to admin_access, IPv4 and IPv6', () => {
    expect(sources(rules, 'tcp', 22)).toEqual(office);
  });

  it('opens nothing but RTP and ICMP to everyone', () => {
    const open = rules.filter((r) => r.cidr.endsWith('/0'));
    expect(
      new Set(open.map((r) => (r.protocol === 'udp' && r.fromPort === 20000 ? 'rtp' : r.protocol))),
    ).toEqual(new Set(['rtp', 'icmp', 'icmpv6']));
  });
});
