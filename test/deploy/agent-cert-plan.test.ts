import { describe, expect, it } from 'vitest';
import {
  acmeBackoffSeconds,
  acmeFailure,
  type CertificateInput,
  certificatePlan,
  coverageSummary,
} from '../../src/deploy/agent/cert-plan.js';

/**
 * The node certificate, decided purely: one certificate for every name clients use; names in the
 * zone by DNS-01, names outside it by HTTP-01 once they resolve to the node; what is left out falls
 * back, with a reason the status shows.
 */
const now = new Date('2026-12-06T08:00:00Z');
const ZONE = 'voice.example.net';
const NODE = ['pbx-1.voice.example.net', 'sip.voice.example.net', 'provisioning.voice.example.net'];
const base = (o: Partial<CertificateInput>): CertificateInput => ({
  wanted: NODE,
  zone: ZONE,
  acme: 'dns-route53',
  reachable: new Set(),
  covered: new Set(),
  now,
  ...o,
});
const request = (i: CertificateInput) => certificatePlan(i).request;
const uncovered = (i: CertificateInput) =>
  Object.fromEntries(
    certificatePlan(i)
      .names.filter((n) => !n.covered)
      .map((n) => [n.name, n.why]),
  );

describe('certificatePlan: which order, which names fall back', () => {
  it.each([
    [
      'zone names only, nothing installed: DNS-01 for all',
      base({}),
      { method: 'dns-route53', names: [...NODE].sort() },
    ],
    ['zone names all covered: no order', base({ covered: new Set(NODE) }), undefined],
    [
      'a tenant domain outside the zone that does not resolve here: DNS-01 for the zone, the domain falls back',
      base({ wanted: [...NODE, 'pbx.customer.example'] }),
      { method: 'dns-route53', names: [...NODE].sort() },
    ],
    [
      'the tenant domain resolves here and so does every zone name: one HTTP-01 order for all',
      base({
        wanted: [...NODE, 'pbx.customer.example'],
        reachable: new Set([...NODE, 'pbx.customer.example']),
      }),
      { method: 'http', names: [...NODE, 'pbx.customer.example'].sort() },
    ],
    [
      'the domain resolves here but the service name does not (HA standby): DNS-01 keeps the zone names',
      base({
        wanted: [...NODE, 'pbx.customer.example'],
        reachable: new Set([
          'pbx-1.voice.example.net',
          'provisioning.voice.example.net',
          'pbx.customer.example',
        ]),
      }),
      { method: 'dns-route53', names: [...NODE].sort() },
    ],
    [
      'generic host (http only): the names that reach it',
      base({
        zone: undefined,
        acme: 'http',
        wanted: ['pbx.office.example', 'abc.example'],
        reachable: new Set(['abc.example']),
      }),
      { method: 'http', names: ['abc.example'] },
    ],
    ['generic host, nothing reaches it yet: no order', base({ zone: undefined, acme: 'http' }), undefined],
    ['no ACME configured: no order', base({ acme: 'none' }), undefined],
    [
      'names are compared case-insensitively and once',
      base({ wanted: ['SIP.voice.example.net', 'sip.voice.example.net'] }),
      { method: 'dns-route53', names: ['sip.voice.example.net'] },
    ],
  ] as const)('%s', (_name, input, want) => {
    expect(request(input)).toEqual(want);
  });

  it('says why each name is not covered', () => {
    const i = base({ wanted: [...NODE, 'pbx.customer.example'] });
    expect(uncovered(i)).toEqual({
      'pbx-1.voice.example.net': 'requested now',
      'sip.voice.example.net': 'requested now',
      'provisioning.voice.example.net': 'requested now',
      'pbx.customer.example': `outside the zone ${ZONE}: HTTP-01 needs it to resolve to this node (it does not yet)`,
    });
    expect(uncovered(base({ acme: 'none', wanted: ['a.example'] }))).toEqual({
      'a.example': 'no ACME on this node (agent.json tls.acme): self-signed stand-in',
    });
  });

  it('a failed order for the same names waits for its backoff; another name set orders at once', () => {
    const failed = acmeFailure(undefined, [...NODE].sort(), 'certbot exit 1', now);
    expect(failed).toMatchObject({ failures: 1, retryAt: '2026-12-06T08:10:00.000Z' });
    expect(request(base({ lastFailure: failed }))).toBeUndefined();
    expect(uncovered(base({ lastFailure: failed }))['sip.voice.example.net']).toBe(
      'the ACME order failed (certbot exit 1); retried after 2026-12-06T08:10:00.000Z',
    );
    expect(request(base({ lastFailure: failed, now: new Date('2026-12-06T08:10:01Z') }))).toBeDefined();
    expect(request(base({ lastFailure: failed, wanted: [...NODE, 'x.voice.example.net'] }))).toBeDefined();
    expect(acmeFailure(failed, [...NODE].sort(), 'again', now).failures).toBe(2);
    expect([1, 2, 3, 10].map(acmeBackoffSeconds)).toEqual([600, 1200, 2400, 21600]);
  });

  it('summarises coverage for one status line', () => {
    const names = certificatePlan(
      base({ wanted: [...NODE, 'pbx.customer.example'], covered: new Set(NODE) }),
    ).names;
    expect(coverageSummary(names)).toBe(
      `covers pbx-1.voice.example.net, provisioning.voice.example.net, sip.voice.example.net; not covered: pbx.customer.example (outside the zone ${ZONE}: HTTP-01 needs it to resolve to this node (it does not yet))`,
    );
  });
});
