import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, tempDir } from '../helpers/cli.js';
import { EXAMPLE_SPEC } from '../helpers/example.js';

describe('pbxc check', () => {
  it('passes on a fresh build and names every stale, missing or extra file', async () => {
    const out = join(tempDir(), 'out');
    await run(['build', '--spec', EXAMPLE_SPEC, '--out', out]);
    expect((await run(['check', '--spec', EXAMPLE_SPEC, '--out', out])).code).toBe(0);
    writeFileSync(join(out, 'MANIFEST.json'), '{}\n');
    writeFileSync(join(out, 'extra.txt'), 'x');
    const r = await run(['check', '--spec', EXAMPLE_SPEC, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/stale: .*MANIFEST\.json/);
    expect(r.stderr).toMatch(/extra: .*extra\.txt/);
  });
});
