import { beforeAll, describe, expect, it } from 'vitest';
import { phonesTarget } from '../../../src/emit/phones/index.js';
import { VENDOR_FILE_REGEX } from '../../../src/emit/provisioning/file-names.js';
import type { Model } from '../../../src/model/types.js';
import { placeholder } from '../../../src/secrets/placeholder.js';
import { exampleModel } from '../../helpers/example.js';

let model: Model;
beforeAll(async () => {
  model = await exampleModel();
});

describe('provisioning file names', () => {
  it('the site serves every file the phones target writes (Snom first-boot names included), nothing else', () => {
    const names = phonesTarget
      .emit({ model, mode: 'audit', secret: placeholder })
      .files.map((f) => f.path.split('/').pop()!);
    const served = new RegExp(`^${VENDOR_FILE_REGEX}$`);
    expect(names.filter((n) => !served.test(n))).toEqual([]);
    expect(names).toContain('snomD785.htm');
    expect(names).toContain('snomD785-0004132ABB01.htm');
    for (const other of ['index.html', 'snomD785.htm.bak', '../snomD785.htm', 'snom.htm', 'MANIFEST.json'])
      expect(served.test(other), other).toBe(false);
  });
});
