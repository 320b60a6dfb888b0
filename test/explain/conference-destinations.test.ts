import { beforeAll, describe, expect, it } from 'vitest';
import { explainCall } from '../../src/explain/index.js';
import { loadModel } from '../../src/load-model.js';
import type { Model } from '../../src/model/types.js';
import { specCopy } from '../helpers/cli.js';

/**
 * `{conference: N}` wherever a destination goes: a DID straight to a room, a ring group's no-answer
 * destination, and a dialled room number (and its BLF presence id). explain names the room and
 * whether it asks for a PIN, as the dialplan does.
 */
let model: Model;
const AT = { kind: 'instant', date: new Date('2026-12-02T15:00:00Z') } as const;

beforeAll(async () => {
  const spec = specCopy({
    'tenants/abc-company.yaml': (t) =>
      t
        .replace('to: { ring_group: "600" } }', 'to: { conference: "605" } }')
        .replace('on_no_answer: { voicemail: "101" } }', 'on_no_answer: { conference: "606" } }'),
  });
  const loaded = await loadModel(spec);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  model = loaded.model!;
});

function outcome(number: string, from?: string) {
  const r = explainCall(model, {
    tenant: 'abc-company',
    number,
    at: AT,
    ...(from ? { from } : { caller: '+12125559999' }),
  });
  if ('error' in r) throw new Error(r.error);
  return r.explanation;
}

describe('explain: conference destinations', () => {
  it('a DID to a PIN room', () => {
    expect(outcome('+12125550100').outcome).toEqual({
      kind: 'conference',
      room: '605-abc-company',
      pin: true,
    });
  });

  it('a dialled open room, and the room by its presence id (what a BLF key dials)', () => {
    const open = { kind: 'conference', room: '606-abc-company', pin: false };
    expect(outcome('606', '101').outcome).toEqual(open);
    expect(outcome('conf+606-abc-company', '101').outcome).toEqual(open);
  });

  it("a ring group's no-answer destination", () => {
    const e = outcome('600', '104');
    expect(JSON.stringify(e)).toContain('conference room 606');
  });
});
