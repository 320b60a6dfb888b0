import { describe, expect, it } from 'vitest';
import { exampleModel } from '../helpers/example.js';
import { diffOf as diff, editedExample } from './edit.js';

const A = 'tenants/abc-company.yaml';
const TEAM =
  '{ number: "605", name: Team call, pin: "4321", moderator_pin: "9876", max_members: 20, record: true }';

const edited = (to: string) => editedExample(A, TEAM, to);

describe('diff: conference rooms', async () => {
  const base = await exampleModel();

  it('flags a removed PIN as a risk and never prints PIN digits', async () => {
    const head = await edited('{ number: "605", name: Team call, max_members: 30 }');
    const r = diff(base, head);
    const change = r.changes.find((c) => c.object === 'conference room 605 Team call');
    expect(change?.details).toEqual([
      'PIN removed',
      'moderator PIN removed',
      'max members 20 → 30',
      'record true → false',
    ]);
    expect(r.risks.map((x) => x.kind)).toContain('conference-pin-removed');
    const text = JSON.stringify(r);
    expect(text).not.toContain('4321');
    expect(text).not.toContain('9876');
  });

  it('a changed PIN is a change, not a risk', async () => {
    const head = await edited(TEAM.replace('"4321"', '"5555"'));
    const r = diff(base, head);
    expect(r.changes.find((c) => c.object === 'conference room 605 Team call')?.details).toEqual([
      'PIN changed',
    ]);
    expect(r.risks.map((x) => x.kind)).not.toContain('conference-pin-removed');
    expect(JSON.stringify(r)).not.toContain('5555');
  });
});
