import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/load-model.js';
import { EXAMPLE_SPEC } from '../helpers/example.js';

describe('the example spec', () => {
  it('is valid and builds a model', async () => {
    const result = await loadModel(EXAMPLE_SPEC);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.model?.tenants.map((t) => t.id)).toEqual(['abc-company', 'bluebird-dental', 'xynap']);
    expect(result.stats).toMatchObject({ tenants: 3 });
  });

  it('resolves a DID without "to" to the extension whose line it is', async () => {
    const { model } = await loadModel(EXAMPLE_SPEC);
    const xynap = model!.tenants.find((t) => t.id === 'xynap')!;
    expect(xynap.dids.find((d) => d.number === '+4934556643310')?.to).toEqual({
      type: 'extension',
      number: '1010',
    });
    expect(xynap.extensions.find((e) => e.number === '1010')?.outboundCallerId?.number).toBe(
      '+4934556643310',
    );
    expect(xynap.extensions.find((e) => e.number === '1010')?.kind).toBe('line');
    expect(xynap.park.slots).toHaveLength(99);
  });
});
