import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';

/**
 * The registration storm's phones behave as phones (scripts/fs-storm.ts, test/live/sipp/bench-register.xml):
 * those FreeSWITCH does not hold register again after their retry timer; the scenario answers a
 * NOTIFY that arrives in the REGISTER's dialog and keeps waiting for its 200.
 */
// scripts/ is run by tsx, outside the tsc program (its imports end in .ts): load it at run time.
type Phone = { user: string; domain: string; password: string };
const storm = (await import(String(new URL('../../scripts/fs-storm.ts', import.meta.url)))) as {
  heldRegistrations(out: string): Set<string>;
  notHeld(phones: readonly Phone[], held: ReadonlySet<string>): Phone[];
  PHONE_RETRY_S: number;
};
const { heldRegistrations, notHeld, PHONE_RETRY_S } = storm;

const SHOW = `reg_user,realm,token,url,expires,network_ip,network_port,network_proto,hostname,metadata
1000,tenant-0000.voice.example.net,abc,sofia/internal/sip:1000@192.0.2.65:5101,1796554200,192.0.2.65,5101,udp,pbx,
1001,tenant-0001.voice.example.net,def,sofia/internal/sip:1001@192.0.2.65:5101,1796554200,192.0.2.65,5101,udp,pbx,

2 total.
`;

describe('storm retries', () => {
  it('reads the held registrations from show registrations', () => {
    expect([...heldRegistrations(SHOW)].sort()).toEqual([
      '1000@tenant-0000.voice.example.net',
      '1001@tenant-0001.voice.example.net',
    ]);
    expect(heldRegistrations('\n0 total.\n').size).toBe(0);
  });

  it('retries exactly the phones not held (user and domain both count)', () => {
    const phones = [
      { user: '1000', domain: 'tenant-0000.voice.example.net', password: 'a' },
      { user: '1000', domain: 'tenant-0001.voice.example.net', password: 'b' },
      { user: '1001', domain: 'tenant-0001.voice.example.net', password: 'c' },
    ];
    expect(notHeld(phones, heldRegistrations(SHOW))).toEqual([phones[1]]);
    expect(PHONE_RETRY_S).toBe(30);
  });
});

describe('storm scenario', () => {
  const xml = readFileSync(new URL('../live/sipp/bench-register.xml', import.meta.url), 'utf8');
  const steps = new XMLParser({ ignoreAttributes: false, preserveOrder: true }).parse(xml)[1]
    .scenario as Record<string, unknown>[];
  const attrs = (s: Record<string, unknown>) => (s[':@'] ?? {}) as Record<string, string>;
  const at = (label: string) => steps.findIndex((s) => 'label' in s && attrs(s)['@_id'] === label);

  it('answers a NOTIFY while waiting for the 200 and goes back to waiting', () => {
    const wait = at('wait200');
    const notify = steps.findIndex((s) => 'recv' in s && attrs(s)['@_request'] === 'NOTIFY');
    expect(notify).toBe(wait + 1);
    expect(attrs(steps[notify]!)['@_next']).toBe('notify');
    const handler = at('notify');
    const reply = JSON.stringify(steps[handler + 1]);
    expect(reply).toContain('SIP/2.0 200 OK');
    expect(reply).toContain('[last_Call-ID:]');
    expect(attrs(steps[handler + 2]!)['@_next']).toBe('wait200');
  });

  it('retries after a 503 on a phone timer (30 s), not immediately', () => {
    const busy = at('busy');
    expect(attrs(steps[busy + 2]!)['@_milliseconds']).toBe('30000');
    expect(attrs(steps[busy + 3]!)['@_next']).toBe('again');
  });
});
