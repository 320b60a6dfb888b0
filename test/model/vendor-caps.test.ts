import { describe, expect, it } from 'vitest';
import { phonesTarget } from '../../src/emit/phones/index.js';
import { loadModel } from '../../src/load-model.js';
import { VENDORS } from '../../src/model/vendors.js';
import { placeholder } from '../../src/secrets/placeholder.js';
import { specCopy } from '../helpers/cli.js';

/**
 * Fanvil DSS keys = pages × keys per page, as FusionPBX's templates write them
 * (resources/templates/provision/fanvil/<model>/{$mac}.cfg: <FuncKeyPageNum> and the
 * `device_key_id <= n` bounds of each <internal> page): X4U and X5U 5 × 6, X6U 5 × 12, X7 4 × 29.
 * Accounts are the <line index> blocks of the same templates (12, 16, 20, 20).
 */
const FANVIL: Readonly<Record<string, { pages: number; perPage: number; accounts: number }>> = {
  X4U: { pages: 5, perPage: 6, accounts: 12 },
  X5U: { pages: 5, perPage: 6, accounts: 16 },
  X6U: { pages: 5, perPage: 12, accounts: 20 },
  X7: { pages: 4, perPage: 29, accounts: 20 },
};

describe('Fanvil key and account caps match the vendor templates', () => {
  it.each(Object.entries(FANVIL))('%s', (model, t) => {
    const info = VENDORS.fanvil.models[model]!;
    expect(info.keys).toBe(t.pages * t.perPage);
    expect(info.accounts).toBe(t.accounts);
  });

  it('an X7 takes 116 keys (it was capped at 40): no PBX3064, and keys 59-116 land on pages 3 and 4', async () => {
    const keys = Array.from({ length: 116 }, () => '{ type: blf, extension: "102" }').join(', ');
    const spec = specCopy({
      'tenants/abc-company.yaml': (t) =>
        t.replace(
          '{ mac: "0C:38:3E:44:55:66", vendor: fanvil, model: X6U, name: Meeting room, lines: ["101"] }',
          `{ mac: "0C:38:3E:44:55:66", vendor: fanvil, model: X7, name: Meeting room, lines: ["101"], keys: [${keys}] }`,
        ),
    });
    const result = await loadModel(spec);
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
    const { files } = phonesTarget.emit({ model: result.model!, mode: 'audit', secret: placeholder });
    const cfg = files.find((f) => f.path.endsWith('0c383e445566.cfg'))!.content;
    expect(cfg.match(/<internal index="\d+">/g)).toEqual([1, 2, 3, 4].map((i) => `<internal index="${i}">`));
    expect(cfg.match(/<Fkey index=/g)).toHaveLength(116);
    // The phone shows as many DSS pages as <FuncKeyPageNum> says (Wazo's base-new.tpl writes the
    // highest page used, FusionPBX's x7 template 4): without it keys beyond its default pages hide.
    expect(cfg).toContain('<FuncKeyPageNum>4</FuncKeyPageNum>');
  });
});
