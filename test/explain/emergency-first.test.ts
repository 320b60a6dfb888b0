import { describe, expect, it } from 'vitest';
import { buildTree } from '../../src/build-tree.js';
import { explainCall } from '../../src/explain/index.js';
import { localTime } from '../../src/explain/local-time.js';
import type { At } from '../../src/explain/types.js';
import type { Model, TenantModel } from '../../src/model/types.js';
import { exampleModel } from '../helpers/example.js';
import { dialFrom, loadDialplan } from './dialplan-eval.js';

/**
 * Validate keeps internal numbers clear of emergency numbers (PBX3110); the dialplan and explain do
 * not rely on it: with an extension 112, a ring group 110 and a feature code equal to an emergency
 * number forced into the model, a call to either still leaves on the emergency route.
 */

const AT: At = { kind: 'wall', date: '2026-12-02', minute: 600 };

function withClashes(model: Model): Model {
  const tenants = model.tenants.map((t): TenantModel => {
    if (t.id !== 'xynap') return t;
    const ext = t.extensions.find((e) => e.number === '1012')!;
    const group = t.ringGroups.find((g) => g.number === '21')!;
    return {
      ...t,
      extensions: [...t.extensions, { ...ext, number: '112', lines: [] }],
      ringGroups: [...t.ringGroups, { ...group, number: '110' }],
      featureCodes: { ...t.featureCodes, echo_test: '112' },
    };
  });
  return { ...model, tenants };
}

describe('the emergency route wins over every internal number', () => {
  it('in explain and in the emitted dialplan, from every extension', async () => {
    const model = withClashes(await exampleModel());
    const t = model.tenants.find((x) => x.id === 'xynap')!;
    const plan = loadDialplan(new Map(buildTree(model, 'test').files.map((f) => [f.path, f.content])));
    for (const from of t.extensions.filter((e) => !e.webrtc).map((e) => e.number)) {
      for (const number of ['110', '112']) {
        const result = explainCall(model, { tenant: t.id, number, from, at: AT });
        if ('error' in result) throw new Error(result.error);
        expect(result.explanation.outcome).toMatchObject({ kind: 'trunk', trunk: 'telekom', number });
        const emitted = dialFrom(plan, model, t, from, number, localTime(AT, t.timezone));
        expect(emitted, `${from} dials ${number}`).toMatchObject({ kind: 'trunk', trunk: 'telekom', number });
      }
    }
  });
});
