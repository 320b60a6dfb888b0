import { describe, expect, it } from 'vitest';
import { buildTree } from '../../src/build-tree.js';
import { diffModels } from '../../src/diff/index.js';
import { loadModel } from '../../src/load-model.js';
import type { Model } from '../../src/model/types.js';
import { specCopy } from '../helpers/cli.js';
import { exampleModel } from '../helpers/example.js';

const A = 'tenants/abc-company.yaml';
const X = 'tenants/xynap.yaml';
const GROUP = '{ number: "190", name: All phones, members: ["101", "102", "104"] }';

async function edited(file: string, from: string, to: string): Promise<Model> {
  const r = await loadModel(
    specCopy({
      [file]: (t) => {
        if (!t.includes(from)) throw new Error(`fixture edit: ${from} not found`);
        return t.replace(from, to);
      },
    }),
  );
  if (!r.model) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  return r.model;
}

function diff(a: Model, b: Model) {
  return diffModels(a, b, { base: buildTree(a, 'test').files, head: buildTree(b, 'test').files });
}

describe('diff: paging groups and day/night codes', async () => {
  const base = await exampleModel();

  it('names member and mode changes; two-way is a risk', async () => {
    const head = await edited(
      A,
      GROUP,
      '{ number: "190", name: All phones, members: ["101", "104"], one_way: false }',
    );
    const r = diff(base, head);
    expect(r.changes.find((c) => c.object === 'paging group 190 All phones')?.details).toEqual([
      'members − 102',
      'mode one-way → two-way',
    ]);
    expect(r.risks.map((x) => x.kind)).toContain('paging-two-way');
  });

  it('a member change alone is no risk', async () => {
    const head = await edited(A, GROUP, GROUP.replace('"104"]', '"103"]'));
    const r = diff(base, head);
    expect(r.changes.some((c) => c.object === 'paging group 190 All phones')).toBe(true);
    expect(r.risks.map((x) => x.kind)).not.toContain('paging-two-way');
  });

  it('names a changed day/night code', async () => {
    const head = await edited(X, 'override_code: "*31"', 'override_code: "*32"');
    const r = diff(base, head);
    expect(r.changes.find((c) => c.object === 'schedule office-hours')?.details).toEqual([
      'day/night code *31 → *32',
    ]);
  });
});
