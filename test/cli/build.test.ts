import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listTree } from '../../src/out/write-tree.js';
import { run, specCopy, tempDir } from '../helpers/cli.js';
import { EXAMPLE_SPEC } from '../helpers/example.js';

async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const path of await listTree(dir)) out[path] = readFileSync(join(dir, path), 'utf8');
  return out;
}

describe('pbxc build', () => {
  it('writes a byte-identical tree on every run, whatever the --spec path looks like', async () => {
    const a = join(tempDir(), 'out');
    const b = join(tempDir(), 'out');
    expect((await run(['build', '--spec', EXAMPLE_SPEC, '--out', a])).code).toBe(0);
    const rel = relative(process.cwd(), EXAMPLE_SPEC) || '.';
    expect((await run(['build', '--spec', `${rel}/`, '--out', b])).code).toBe(0);
    const first = await snapshot(a);
    expect(first).toEqual(await snapshot(b));
    expect((await run(['build', '--spec', EXAMPLE_SPEC, '--out', a])).code).toBe(0);
    expect(await snapshot(a)).toEqual(first);
  });

  it('writes a manifest with every file, its sha256 and the spec digest, and no timestamps', async () => {
    const out = join(tempDir(), 'out');
    await run(['build', '--spec', EXAMPLE_SPEC, '--out', out]);
    const manifest = JSON.parse(readFileSync(join(out, 'MANIFEST.json'), 'utf8'));
    expect(manifest).toMatchObject({ generator: 'pbxc', mode: 'audit' });
    expect(manifest.specDigest).toMatch(/^[0-9a-f]{64}$/);
    const listed = manifest.files.map((f: { path: string }) => f.path);
    expect([...listed, 'MANIFEST.json'].sort()).toEqual((await listTree(out)).sort());
    expect(JSON.stringify(manifest)).not.toMatch(/20\d\d-\d\d-\d\dT/);
  });

  it('leaves the output folder untouched when the spec is invalid', async () => {
    const out = join(tempDir(), 'out');
    await run(['build', '--spec', EXAMPLE_SPEC, '--out', out]);
    const before = await snapshot(out);
    const broken = specCopy({
      'tenants/xynap.yaml': (t) => t.replace('members: ["1000", "1001"]', 'members: 7'),
    });
    const r = await run(['build', '--spec', broken, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error PBX2003/);
    expect(await snapshot(out)).toEqual(before);
  });

  it('removes stale files and keeps exactly the new tree', async () => {
    const out = join(tempDir(), 'out');
    await run(['build', '--spec', EXAMPLE_SPEC, '--out', out]);
    writeFileSync(join(out, 'stale.txt'), 'old');
    expect((await run(['build', '--spec', EXAMPLE_SPEC, '--out', out])).code).toBe(0);
    expect(existsSync(join(out, 'stale.txt'))).toBe(false);
    expect(readdirSync(join(out, '..')).filter((n) => n.includes('pbxc-'))).toEqual([]);
  });

  it('refuses to clear a non-empty folder it did not create', async () => {
    const out = join(tempDir(), 'mine');
    mkdirSync(out);
    writeFileSync(join(out, 'precious.txt'), 'keep me');
    const r = await run(['build', '--spec', EXAMPLE_SPEC, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/PBX6003: refusing to replace/);
    expect(readFileSync(join(out, 'precious.txt'), 'utf8')).toBe('keep me');
  });
});
