import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/load-model.js';
import { run, specCopy } from '../helpers/cli.js';

const withDefaults = (block: string) =>
  specCopy({
    'tenants/abc-company.yaml': (t) =>
      t
        .replace(/^number_plan:/m, `defaults:\n${block}\nnumber_plan:`)
        .replace('name: Warehouse, voicemail: true', 'name: Warehouse'),
  });

describe('tenant-level defaults', () => {
  it('every extension gets the default unless it sets its own', async () => {
    const spec = withDefaults('  extension: { voicemail: true, record: true }');
    const result = await loadModel(spec);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const tenant = result.model!.tenants.find((t) => t.id === 'abc-company')!;
    expect(tenant.extensions.every((e) => e.record)).toBe(true);
    const voicemail = Object.fromEntries(tenant.extensions.map((e) => [e.number, e.voicemail]));
    // 104 sets nothing and gets the default; 103 said voicemail: false and keeps it.
    expect(voicemail).toMatchObject({ '101': true, '103': false, '104': true });
  });

  it('a wrong default is one positioned error', async () => {
    const r = await run([
      'validate',
      '--spec',
      withDefaults('  extension: { voicemail: "yes", ringtone: x }'),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /abc-company\.yaml:\d+:\d+: error PBX2003: defaults\.extension\.voicemail must be a boolean/,
    );
    expect(r.stderr).toMatch(/PBX2001: unknown key "ringtone"/);
  });
});
