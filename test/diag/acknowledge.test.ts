import { describe, expect, it } from 'vitest';
import { applyAcknowledgements } from '../../src/diag/acknowledge.js';
import { diag } from '../../src/diag/diagnostic.js';
import { run, specCopy } from '../helpers/cli.js';

const ACKED = (t: string) =>
  t
    .replace(
      /^language: de\n/m,
      'language: de\nacknowledge:\n  - { code: PBX3103, reason: German prompts come from our own sound package }\n',
    )
    .replace(
      '    password: { secret: telekom-trunk }\n',
      '    password: { secret: telekom-trunk }\n    acknowledge: [{ code: PBX3100, reason: the deploy step installs the certificate }]\n',
    );

describe('acknowledged warnings', () => {
  it('validate --strict passes for a German tenant once its warnings are acknowledged, and lists them', async () => {
    const before = await run(['validate', '--spec', specCopy(), '--tenant', 'xynap', '--strict']);
    expect(before.code).toBe(1);
    const spec = specCopy({ 'tenants/xynap.yaml': ACKED });
    const r = await run(['validate', '--spec', spec, '--tenant', 'xynap', '--strict']);
    expect(r.stderr).toMatch(
      /warning PBX3103 \(acknowledged: German prompts come from our own sound package\): tenant xynap speaks de/,
    );
    expect(r.stderr).toMatch(/warning PBX3100 \(acknowledged: the deploy step installs the certificate\)/);
    expect(r.stderr).toMatch(/0 errors, 2 warnings \(2 acknowledged\)/);
    expect(r.code).toBe(0);
    const json = await run(['validate', '--spec', spec, '--tenant', 'xynap', '--format', 'json']);
    const acked = JSON.parse(json.stdout).diagnostics.filter(
      (d: { acknowledged?: string }) => d.acknowledged,
    );
    expect(acked.map((d: { code: string }) => d.code).sort()).toEqual(['PBX3100', 'PBX3103']);
  });

  it('an acknowledgement covers its own object only, and never an error', () => {
    const at = (offset: number) => ({ file: 'a.yaml', line: 1, col: 1, offset });
    const warning = (offset: number) => diag('PBX3100', { trunk: 't', tenant: 'x' }, at(offset));
    const list = [warning(10), warning(50), diag('PBX3022', { did: '+1', tenant: 'x' }, at(12))];
    const acks = [
      { file: 'a.yaml', start: 5, end: 20, code: 'PBX3100', reason: 'r' },
      { file: 'a.yaml', start: 5, end: 20, code: 'PBX3022', reason: 'r' },
    ];
    const out = applyAcknowledgements(list, acks);
    expect(out.map((d) => d.acknowledged)).toEqual(['r', undefined, undefined]);
  });

  it('an acknowledgement needs a code and a reason', async () => {
    const spec = specCopy({
      'tenants/xynap.yaml': (t) =>
        t.replace(/^language: de\n/m, 'language: de\nacknowledge: [{ code: PBX3103 }]\n'),
    });
    const r = await run(['validate', '--spec', spec, '--tenant', 'xynap']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/missing required key "reason"/);
  });
});
