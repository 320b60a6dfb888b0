import { describe, expect, it } from 'vitest';
import { explanationText } from '../../src/explain/format.js';
import { type ExplainQuery, explainCall } from '../../src/explain/index.js';
import { localTime, parseAt, scheduleState } from '../../src/explain/local-time.js';
import { exampleModel } from '../helpers/example.js';

async function text(q: Omit<ExplainQuery, 'at'> & { at?: string }): Promise<string> {
  const model = await exampleModel();
  const r = explainCall(model, { ...q, at: parseAt(q.at ?? '2026-12-02 10:00')! });
  if ('error' in r) return `error: ${r.error}`;
  return explanationText(r.explanation);
}

describe('explainCall', () => {
  it('a scheduled DID at an open time, a closed time and on a holiday', async () => {
    const open = await text({ tenant: 'xynap', number: '+4934556643321', at: '2026-12-23 10:00' });
    expect(open).toContain(
      'schedule office-hours at 2026-12-23 10:00 Europe/Berlin (wed): open (mon-fri 08:00-17:00) → ring group 21',
    );
    expect(open).toContain('ring group 21 Support Team rings 1000, 1001 together for 30 s');
    expect(open).toContain('no answer → voicemail 1000');
    const evening = await text({ tenant: 'xynap', number: '034556643321', at: '2026-12-23 17:00' });
    expect(evening).toContain('closed → voicemail 1000');
    const holiday = await text({ tenant: 'xynap', number: '+4934556643321', at: '2026-12-24 10:00' });
    expect(holiday).toContain('closed (holiday 2026-12-24) → voicemail 1000');
    // An instant is converted to the tenant's zone: 09:00Z is 10:00 in Berlin.
    expect(await text({ tenant: 'xynap', number: '+4934556643321', at: '2026-12-23T16:30Z' })).toContain(
      '17:30 Europe/Berlin (wed): closed',
    );
  });

  it('call filters: a blacklisted caller, a whitelisted one', async () => {
    expect(await text({ tenant: 'xynap', number: '+4934556643378', caller: '+4917612345' })).toContain(
      'call filter Spam-Block (blacklist +49176*) matches caller +4917612345 → rejected (CALL_REJECTED)',
    );
    expect(await text({ tenant: 'xynap', number: '+4934556643378', caller: '+49301234567' })).toContain(
      'call filters: caller +49301234567 is on whitelist Partner',
    );
    expect(await text({ tenant: 'xynap', number: '+4934556643378', caller: '+4930999' })).toContain(
      'call filters: Spam-Block does not match caller +4930999',
    );
  });

  it('outbound: E.164 rewrite, route, trunk, caller ID; toll restriction', async () => {
    const national = await text({ tenant: 'xynap', number: '0049301234', from: '1010' });
    expect(national).toContain('0049301234: international prefix 00 → E.164 +49301234');
    expect(national).toContain('outbound route germany (prefix +49) → trunk telekom');
    expect(national).toContain('caller ID +4934556643310 (line of 1010 on telekom)');
    const blocked = await text({ tenant: 'xynap', number: '00441234567', from: '1010' });
    expect(blocked).toContain(
      'toll restriction: route international is only for 1000, 1001; 1010 is blocked (CALL_REJECTED)',
    );
    expect(await text({ tenant: 'xynap', number: '00441234567', from: '1000' })).toContain(
      'toll restriction: 1000 is allowed on international',
    );
    expect(await text({ tenant: 'xynap', number: '112', from: '1010' })).toContain(
      '112 is an emergency number',
    );
  });

  it('internal numbers and feature codes', async () => {
    expect(await text({ tenant: 'xynap', number: '1001', from: '1000' })).toContain(
      'extension 1001 Staff 2 rings (every registered device) for 20 s; the call is recorded',
    );
    expect(await text({ tenant: 'xynap', number: '*78', from: '1000' })).toContain(
      '*78 is feature code dnd_on',
    );
    expect(await text({ tenant: 'xynap', number: '*5901', from: '1000' })).toContain(
      'retrieves the call parked on that slot (*5901)',
    );
    expect(await text({ tenant: 'xynap', number: '99', from: '1000' })).toContain(
      'no extension, feature code or outbound route matches',
    );
  });

  it('reports unknown tenants, extensions and trunks', async () => {
    expect(await text({ tenant: 'nope', number: '1' })).toMatch(/^error: no tenant nope/);
    expect(await text({ tenant: 'xynap', number: '1', from: '9' })).toBe(
      'error: 9 is not an extension of tenant xynap',
    );
    expect(await text({ tenant: 'xynap', number: '1', fromTrunk: 'x' })).toMatch(
      /^error: x is not a trunk of tenant xynap/,
    );
  });
});

describe('local time and schedules', () => {
  it('parses wall-clock and instant times, rejects nonsense', () => {
    expect(parseAt('2026-12-24 10:00')).toEqual({ kind: 'wall', date: '2026-12-24', minute: 600 });
    expect(parseAt('2026-02-30 10:00')).toBeUndefined();
    expect(parseAt('2026-12-24 24:00')).toBeUndefined();
    expect(parseAt('tomorrow')).toBeUndefined();
    expect(localTime(parseAt('2026-03-29T01:30Z')!, 'Europe/Berlin')).toMatchObject({
      date: '2026-03-29',
      minute: 210,
    });
  });

  it('windows are [from, to); holidays close the day', async () => {
    const s = (await exampleModel()).tenants.find((t) => t.id === 'xynap')!.schedules[0]!;
    const at = (d: string) => localTime(parseAt(d)!, 'Europe/Berlin');
    expect(scheduleState(s, at('2026-12-02 08:00')).open).toBe(true);
    expect(scheduleState(s, at('2026-12-02 16:59')).open).toBe(true);
    expect(scheduleState(s, at('2026-12-02 17:00')).open).toBe(false);
    expect(scheduleState(s, at('2026-12-05 10:00')).open).toBe(false);
    expect(scheduleState(s, at('2026-12-25 10:00'))).toEqual({ open: false, holiday: '2026-12-25' });
  });
});
