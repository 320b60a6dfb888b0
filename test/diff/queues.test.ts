import { describe, expect, it } from 'vitest';
import { exampleModel } from '../helpers/example.js';
import { diffOf as diff, editedExample } from './edit.js';

const A = 'tenants/abc-company.yaml';
const edited = (from: string, to: string) => editedExample(A, from, to);

describe('diff: call queues', async () => {
  const base = await exampleModel();

  it('names changed settings and agents, and flags a rerouted exit as a risk', async () => {
    const head = await edited(
      'agents: [{ extension: "102" }, { extension: "103", level: 2 }]\n    announce_position: true\n    max_wait: 20\n    agent_timeout: 15\n    wrap_up: 5\n    on_timeout: { ring_group: "600" }',
      'agents: [{ extension: "102", level: 2 }, { extension: "104" }]\n    announce_position: true\n    max_wait: 60\n    agent_timeout: 15\n    wrap_up: 5\n    on_timeout: { voicemail: "101" }',
    );
    const r = diff(base, head);
    const change = r.changes.find((c) => c.object === 'queue 607 Support');
    expect(change?.details).toEqual([
      'agents + 104, − 103',
      'agent 102 (level 1, position 1) → level 2, position 1',
      'max wait (s) 20 → 60',
      'on timeout: ring group 600 → voicemail 101',
    ]);
    expect(r.risks.filter((x) => x.kind === 'queue-exit-rerouted').map((x) => x.message)).toEqual([
      'queue 607 Support: callers who leave without an agent now go to voicemail 101 (was ring group 600)',
    ]);
  });

  it('a removed queue is a risk; an unchanged exit is none', async () => {
    const head = await edited('max_wait: 20', 'max_wait: 30');
    expect(diff(base, head).risks.map((x) => x.kind)).not.toContain('queue-exit-rerouted');
    const removed = await edited(
      '  - number: "608"\n    name: Sales\n    strategy: ring-all\n    agents: [{ extension: "101" }, { extension: "104" }]\n    music_on_hold: ringback\n    max_callers: 5\n    no_agent_timeout: 10\n    on_timeout: { voicemail: "101" }\n',
      '',
    );
    const r = diff(base, removed);
    expect(r.changes.find((c) => c.object === 'queue 608 Sales')?.kind).toBe('removed');
    expect(r.risks.map((x) => x.kind)).toContain('queue-removed');
  });
});
