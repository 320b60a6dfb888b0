import { describe, expect, it } from 'vitest';
import { explainCall } from '../../src/explain/index.js';
import { parseOverride } from '../../src/explain/paging.js';
import type { At } from '../../src/explain/types.js';
import { exampleModel } from '../helpers/example.js';

/** Wednesday 10:00 in Berlin: xynap's office-hours are open. */
const OPEN: At = { kind: 'wall', date: '2026-12-02', minute: 600 };

describe('explain: paging, intercom and the day/night override', async () => {
  const model = await exampleModel();
  const run = (q: Parameters<typeof explainCall>[1]) => {
    const r = explainCall(model, q);
    if ('error' in r) throw new Error(r.error);
    return r.explanation;
  };

  it('a DID in open hours with --override office-hours=closed goes to the closed destination', () => {
    const plain = run({ tenant: 'xynap', number: '+4934556643321', at: OPEN });
    expect(plain.outcome.kind).toBe('ring_group');
    const e = run({
      tenant: 'xynap',
      number: '+4934556643321',
      at: OPEN,
      overrides: { 'office-hours': 'closed' },
    });
    expect(e.outcome).toEqual({ kind: 'voicemail', box: '1000' });
    expect(e.steps.map((s) => s.text).join('\n')).toContain('override: forced closed');
  });

  it('--override on a schedule without a code, or an unknown one, is an error', () => {
    expect(
      explainCall(model, { tenant: 'xynap', number: '1000', at: OPEN, overrides: { nope: 'open' } }),
    ).toEqual({
      error: '--override: nope is not a schedule of tenant xynap',
    });
    expect(parseOverride('office-hours=maybe')).toHaveProperty('error');
    expect(parseOverride('office-hours=auto')).toEqual({ schedule: 'office-hours', state: 'auto' });
  });

  it('the paging group, the intercom code and the day/night codes', () => {
    const page = run({ tenant: 'abc-company', number: '190', from: '103', at: OPEN });
    expect(page.outcome).toEqual({ kind: 'paging', number: '190', oneWay: true });
    expect(page.steps.at(-1)?.text).toContain('pages 101 John Doe, 102 Jane Smith, 104 Warehouse');
    const intercom = run({ tenant: 'abc-company', number: '*90101', from: '103', at: OPEN });
    expect(intercom.outcome).toEqual({ kind: 'feature', code: 'intercom', detail: '101' });
    for (const [digits, action] of [
      ['*31', 'toggle'],
      ['*310', 'automatic'],
      ['*311', 'open'],
      ['*312', 'closed'],
    ] as const)
      expect(run({ tenant: 'xynap', number: digits, from: '1000', at: OPEN }).outcome).toEqual({
        kind: 'day_night',
        schedule: 'office-hours',
        action,
      });
  });
});
