import { describe, expect, it } from 'vitest';
import { buildTree } from '../../src/build-tree.js';
import { diffModels } from '../../src/diff/index.js';
import { loadModel } from '../../src/load-model.js';
import type { Model } from '../../src/model/types.js';
import { specCopy } from '../helpers/cli.js';
import { exampleModel } from '../helpers/example.js';

const A = 'tenants/abc-company.yaml';
const TEAM =
  '{ number: "605", name: Team call, pin: "4321", moderator_pin: "9876", max_members: 20, record: true }';

async function edited(to: string): Promise<Model> {
  const r = await loadModel(
    specCopy({
      [A]: (t) => {
        if (!t.includes(TEAM)) throw new Error('fixture edit: room 605 not found');
        return t.replace(TEAM, to);
      },
    }),
  );
  if (!r.model) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  return r.model;
}

function diff(a: Model, b: Model) {
  return diffModels(a, b, { base: buildTree(a, 'test').files, head: buildTree(b, 'test').files });
}

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
