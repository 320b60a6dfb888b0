import { describe, expect, it } from 'vitest';
import { derive, type Model, type SecretRef } from '../../src/index.js';
import { exampleModel } from '../helpers/example.js';
import { synthModel } from './synth.js';

const MASTER_KEY = 'stacks-test-master-key';
const CANARY = 'canary-value-of-a-named-secret';

/** Every secret reference in the model, wherever it sits. */
function secretRefs(value: unknown, out: SecretRef[] = []): SecretRef[] {
  if (Array.isArray(value)) for (const v of value) secretRefs(v, out);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ((o.kind === 'derived' || o.kind === 'named') && typeof o.rev === 'number') out.push(o as SecretRef);
    else for (const v of Object.values(o)) secretRefs(v, out);
  }
  return out;
}

describe('Terraform JSON carries no secret', async () => {
  const model: Model = await exampleModel();
  const refs = secretRefs(model);
  const named = refs.filter((r) => r.kind === 'named');
  // A named secret in the environment must not leak either: stacks never resolve secrets.
  for (const r of named) process.env[`PBXC_SECRET_${r.name.toUpperCase().replaceAll('-', '_')}`] = CANARY;
  process.env.PBXC_MASTER_KEY = MASTER_KEY;
  const { files } = await synthModel(model);
  const text = [...files.values()].join('\n');

  it('finds secrets to look for (the example has extensions, devices, trunks)', () => {
    expect(refs.filter((r) => r.kind === 'derived').length).toBeGreaterThan(20);
    expect(named.length).toBeGreaterThan(0);
  });

  it('has no placeholder, master key or named secret value', () => {
    expect(text).not.toContain('PBXC_SECRET');
    expect(text).not.toContain(MASTER_KEY);
    expect(text).not.toContain(CANARY);
  });

  it('has no value derived with the master key', () => {
    for (const r of refs) {
      if (r.kind !== 'derived') continue;
      const value = derive(MASTER_KEY, r.id, r.rev, r.format);
      // PINs are 6 digits: only a standalone match would be one.
      expect(text).not.toMatch(new RegExp(`(?<![0-9A-Za-z])${value}(?![0-9A-Za-z])`));
    }
  });
});

describe('synthesis is deterministic', async () => {
  const model = await exampleModel();
  const first = await synthModel(model);
  const second = await synthModel(model);

  it('writes byte-identical files twice', () => {
    expect([...second.files.keys()]).toEqual([...first.files.keys()]);
    for (const [path, text] of first.files) expect(second.files.get(path), path).toBe(text);
  });

  it('writes no absolute path of this machine', () => {
    const text = [...first.files.values()].join('\n');
    expect(text).not.toContain(process.cwd());
    expect(text).not.toContain(first.dir);
  });
});
