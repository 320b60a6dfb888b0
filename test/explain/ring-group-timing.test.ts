import { describe, expect, it } from 'vitest';
import { buildTree } from '../../src/build-tree.js';
import { explainCall } from '../../src/explain/index.js';
import { localTime } from '../../src/explain/local-time.js';
import type { At } from '../../src/explain/types.js';
import type { Model, RingGroupModel, TenantModel } from '../../src/model/types.js';
import { exampleModel } from '../helpers/example.js';
import { dialFrom, loadDialplan } from './dialplan-eval.js';

/**
 * ring_timeout means one ringing step: simultaneous and enterprise groups ring everyone together for
 * that long; sequence, rollover and random groups ring each member that long in turn (members with
 * DND are skipped at once). explain's figures are checked against the emitted dialplan's bridges and
 * call_timeout, evaluated, for every strategy, group size and DND pattern.
 */

const AT: At = { kind: 'wall', date: '2026-12-02', minute: 600 };
const STRATEGIES: readonly RingGroupModel['strategy'][] = [
  'simultaneous',
  'enterprise',
  'sequence',
  'rollover',
  'random',
];
const MEMBERS = ['1000', '1001', '1010', '1011'];

/** xynap with a group 29 of the given shape, and DND on by default for the listed members. */
function variant(
  model: Model,
  strategy: RingGroupModel['strategy'],
  size: number,
  dnd: readonly string[],
): Model {
  const tenants = model.tenants.map((t): TenantModel => {
    if (t.id !== 'xynap') return t;
    const base = t.ringGroups[0]!;
    const group: RingGroupModel = {
      ...base,
      number: '29',
      strategy,
      ringTimeout: 17,
      members: MEMBERS.slice(0, size),
    };
    return {
      ...t,
      extensions: t.extensions.map((e) => (dnd.includes(e.number) ? { ...e, dnd: true } : e)),
      ringGroups: [...t.ringGroups, group],
    };
  });
  return { ...model, tenants };
}

describe('ring group timing: explain and the emitted dialplan agree for every strategy', () => {
  const shapes: [number, string[]][] = [
    [1, []],
    [2, []],
    [4, []],
    [4, ['1001']],
    [2, ['1000', '1001']],
  ];
  for (const strategy of STRATEGIES) {
    it(strategy, async () => {
      for (const [size, dnd] of shapes) {
        const model = variant(await exampleModel(), strategy, size, dnd);
        const t = model.tenants.find((x) => x.id === 'xynap')!;
        const plan = loadDialplan(new Map(buildTree(model, 'test').files.map((f) => [f.path, f.content])));
        const result = explainCall(model, { tenant: 'xynap', number: '29', from: '1012', at: AT });
        if ('error' in result) throw new Error(result.error);
        const explained = result.explanation.outcome;
        const emitted = dialFrom(plan, model, t, '1012', '29', localTime(AT, t.timezone));
        const label = `${strategy}, ${size} members, DND ${dnd.join(',') || 'none'}`;
        expect(emitted.kind, label).toBe('ring_group');
        if (emitted.kind !== 'ring_group' || explained.kind !== 'ring_group') throw new Error(label);
        expect([emitted.ringSeconds, emitted.upToSeconds], label).toEqual([
          explained.ringSeconds,
          explained.upToSeconds,
        ]);
        // The decided meaning, independently of both.
        const ringing = size - dnd.filter((m) => MEMBERS.slice(0, size).includes(m)).length;
        const parallel = strategy === 'simultaneous' || strategy === 'enterprise';
        expect(explained.upToSeconds, label).toBe((parallel ? Math.min(ringing, 1) : ringing) * 17);
        const text = result.explanation.steps.map((s) => s.text).join('\n');
        expect(text, label).toContain(
          parallel ? `for 17 s` : `17 s each, up to ${explained.upToSeconds} s in all`,
        );
      }
    });
  }
});
