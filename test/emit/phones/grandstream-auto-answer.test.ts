import { describe, expect, it } from 'vitest';
import { phonesTarget } from '../../../src/emit/phones/index.js';
import type { Model } from '../../../src/model/types.js';
import { placeholder } from '../../../src/secrets/placeholder.js';
import { exampleModel } from '../../helpers/example.js';
import { parseXml } from './parse.js';

/**
 * Grandstream "Allow Auto Answer by Call-Info" (default No) on every account the phone carries: a
 * page or intercom call (Call-Info answer-after=0) reaches an extension on any line, not only the
 * first. P-values from Grandstream's GXP17xx 1.0.1.133 config template: account 1 P298, account n
 * P<n+2>38; the same template's account-3 SRTP (P543) and pickup prefix (P581) check the layout.
 */
type Gs = { gs_provision: { config: Record<string, string | number> } };
const FILE = 'phones/abc-company/cfg000b82112233.xml';

function withLines(model: Model, lines: string[]): Model {
  return {
    ...model,
    tenants: model.tenants.map((t) => ({
      ...t,
      devices: t.devices.map((d) => (d.mac === '000b82112233' ? { ...d, lines } : d)),
    })),
  };
}

describe('grandstream: auto answer by Call-Info per account', async () => {
  const model = await exampleModel();
  const config = (m: Model) => {
    const out = phonesTarget.emit({ model: m, mode: 'audit', secret: placeholder });
    const text = out.files.find((f) => f.path === FILE)!.content;
    return (parseXml(text) as Gs).gs_provision.config;
  };

  it.each([
    [1, 'P298'],
    [2, 'P438'],
    [3, 'P538'],
    [4, 'P638'],
  ])('account %i: %s = 1', (_account, key) => {
    const c = config(withLines(model, ['104', '103', '102', '101']));
    expect(String(c[key])).toBe('1');
    expect(Object.keys(c).filter((k) => k === key)).toHaveLength(1);
  });

  it('follows the template layout of account 3 (SRTP P543, pickup prefix P581)', () => {
    const c = config(withLines(model, ['104', '103', '102']));
    expect(c).toHaveProperty('P543');
    expect(c).toHaveProperty('P581');
    expect(c).not.toHaveProperty('P638');
  });

  it('a one-line phone sets only account 1', () => {
    const c = config(model);
    expect(String(c.P298)).toBe('1');
    expect(c).not.toHaveProperty('P438');
  });
});
