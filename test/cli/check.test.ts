import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
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

describe('pbxc check: what changed inside', () => {
  it('prints a unified diff per stale file that patch applies; --stat names only', async () => {
    const out = join(tempDir('gitops-check-'), 'out');
    await run(['build', '--spec', EXAMPLE_SPEC, '--out', out]);
    const nft = join(out, 'nftables', 'pbx.nft');
    const good = readFileSync(nft, 'utf8');
    writeFileSync(nft, good.replace('table inet', '# edited by hand\ntable inet'));
    const r = await run(['check', '--spec', EXAMPLE_SPEC, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`stale:   ${out}/nftables/pbx.nft (+0 −1 lines)`);
    expect(r.stdout).toContain(`--- ${out}/nftables/pbx.nft\t(committed)`);
    expect(r.stdout).toMatch(/^@@ -\d+,\d+ \+\d+,\d+ @@$/m);
    expect(r.stdout).toContain('\n-# edited by hand\n');
    const stat = await run(['check', '--spec', EXAMPLE_SPEC, '--out', out, '--stat']);
    expect(stat.code).toBe(1);
    expect(stat.stdout).toBe('');
    expect(stat.stderr).toContain('nftables/pbx.nft (+0 −1 lines)');
    execFileSync('patch', ['-s', '-p0'], { input: `${r.stdout}\n`, cwd: '/' });
    expect(readFileSync(nft, 'utf8')).toBe(good);
    expect((await run(['check', '--spec', EXAMPLE_SPEC, '--out', out])).code).toBe(0);
  });

  it('says so when --out does not exist instead of listing every file as missing', async () => {
    const r = await run(['check', '--spec', EXAMPLE_SPEC, '--out', join(tempDir('gitops-check-'), 'nope')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error PBX6203: the output folder .*nope does not exist/);
    expect(r.stderr).not.toContain('missing:');
  });
});
