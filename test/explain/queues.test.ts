import { describe, expect, it } from 'vitest';
import { explanationText } from '../../src/explain/format.js';
import { explainCall } from '../../src/explain/index.js';
import { parseAt } from '../../src/explain/local-time.js';
import type { Model } from '../../src/model/types.js';
import { exampleModel } from '../helpers/example.js';

function run(model: Model, number: string, from?: string) {
  const r = explainCall(model, {
    tenant: 'abc-company',
    number,
    ...(from ? { from } : {}),
    at: parseAt('2026-12-02 10:00')!,
  });
  if ('error' in r) throw new Error(r.error);
  return { text: explanationText(r.explanation), outcome: r.explanation.outcome };
}

describe('explain: call queues', async () => {
  const model = await exampleModel();

  it('follows a call into a queue: strategy, music, agents in tier order, exit after max_wait', () => {
    const { text, outcome } = run(model, '607', '101');
    expect(text).toContain(
      'queue 607 Support: offers the caller to the agent idle the longest (longest-idle-agent); the caller hears music on hold; is told their place in the queue; answered calls are recorded',
    );
    expect(text).toContain(
      'agents (when logged in with *50 and not on a break): 102 (level 1), 103 (level 2); each rings 15 s, then 5 s wrap-up after a call',
    );
    expect(text).toContain('no agent answered within 20 s → ring group 600');
    // The exit destination is followed too.
    expect(text).toContain('ring group 600 Everyone rings 101, 102, 103 together for 25 s');
    expect(outcome).toEqual({ kind: 'queue', number: '607', agents: ['102', '103'] });
  });

  it('names every way out of a queue: full, no agent logged in', () => {
    const { text } = run(model, '608', '102');
    expect(text).toContain('the caller hears the ringback tone');
    expect(text).toContain('5 callers already waiting, or no agent logged in for 10 s → voicemail 101');
  });

  it('a DID and an IVR option reach a queue through {queue: N}', () => {
    const edited: Model = {
      ...model,
      tenants: model.tenants.map((t) =>
        t.id !== 'abc-company'
          ? t
          : {
              ...t,
              dids: t.dids.map((d, i) => (i === 0 ? { ...d, to: { type: 'queue', number: '608' } } : d)),
            },
      ),
    };
    const did = edited.tenants.find((t) => t.id === 'abc-company')!.dids[0]!.number;
    const r = explainCall(edited, { tenant: 'abc-company', number: did, at: parseAt('2026-12-02 10:00')! });
    if ('error' in r) throw new Error(r.error);
    expect(explanationText(r.explanation)).toContain('queue 608 Sales');
    expect(r.explanation.outcome).toEqual({ kind: 'queue', number: '608', agents: ['101', '104'] });
  });

  it('agent codes: an agent logs in, goes on a break, logs out; a queue without a limit waits forever', () => {
    expect(run(model, '*50', '102').text).toContain(
      '*50 is feature code queue_login: logs the caller in as an agent of its queues (also ends a break)',
    );
    expect(run(model, '*52', '102').outcome).toEqual({ kind: 'feature', code: 'queue_break' });
    expect(run(model, '*51', '102').outcome).toEqual({ kind: 'feature', code: 'queue_logout' });
    const unlimited: Model = {
      ...model,
      tenants: model.tenants.map((t) => ({
        ...t,
        queues: t.queues.map((q) => ({ ...q, maxWait: 0, noAgentTimeout: 0, maxCallers: undefined })),
      })),
    };
    expect(run(unlimited, '608', '102').text).toContain(
      'the caller waits until an agent answers (no time limit)',
    );
  });
});

/** The example with extension 102 in no queue (queue 607 keeps only 103). */
function without102(model: Model): Model {
  return {
    ...model,
    tenants: model.tenants.map((t) =>
      t.id !== 'abc-company'
        ? t
        : {
            ...t,
            queues: t.queues.map((q) => ({ ...q, agents: q.agents.filter((a) => a.extension !== '102') })),
          },
    ),
  };
}

describe('explain: what a queue_agent key dials (agent+<ext>)', async () => {
  const model = await exampleModel();

  it("toggles the caller's own agent, naming both ways (the state is on the node)", () => {
    const { text, outcome } = run(model, 'agent+102', '102');
    expect(text).toContain(
      "agent+102 is what a queue_agent key dials: it toggles 102's own agent: logged in and available → *51 (log out), otherwise → *50 (log in)",
    );
    expect(outcome).toEqual({ kind: 'feature', code: 'queue_login' });
  });

  it("a key watching another agent still toggles the caller's own", () => {
    expect(run(model, 'agent+102', '103').text).toContain(
      "toggles 103's own agent (not 102's: the key only shows that agent)",
    );
  });

  it('an extension that is no agent hears the error tone', () => {
    const { text, outcome } = run(without102(model), 'agent+103', '102');
    expect(text).toContain('but 102 is no agent of a queue: error tone');
    expect(outcome).toEqual({ kind: 'hangup', cause: 'NORMAL_CLEARING' });
  });

  it('without a calling phone nothing matches (the dialplan needs an authenticated extension)', () => {
    const { text, outcome } = run(model, 'agent+102');
    expect(text).toContain(
      'agent+102 is what a queue_agent key dials, which only a phone of an extension may use',
    );
    expect(outcome.kind).toBe('no_route');
  });
});
