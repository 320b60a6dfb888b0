import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLE_SPEC, ROOT } from '../helpers/example.js';

const run = promisify(execFile);

/** stacks/main.ts as `npm run synth` runs it, in a child process with its own environment. */
async function synth(env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'stacks/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('stacks/main.ts', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pbxc-main-'));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('synthesizes the spec named by PBXC_SPEC into CDKTF_OUTDIR', async () => {
    const out = join(dir, 'out');
    const result = await synth({ PBXC_SPEC: EXAMPLE_SPEC, CDKTF_OUTDIR: out });
    expect(result.code, result.stderr).toBe(0);
    expect((await readdir(join(out, 'stacks'))).sort()).toEqual([
      'pbxc-voice-example-production',
      'pbxc-voice-example-staging',
    ]);
    expect(JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')).version).toBe('0.21.0');
  });

  it('prints every diagnostic and exits 1 without writing anything when the spec is invalid', async () => {
    const spec = join(dir, 'broken');
    await mkdir(join(spec, 'tenants'), { recursive: true });
    const platform = await readFile(join(EXAMPLE_SPEC, 'platform.yaml'), 'utf8');
    await writeFile(join(spec, 'platform.yaml'), platform.replace('nodes: 2', 'nodes: two'));
    const out = join(dir, 'not-written');
    const result = await synth({ PBXC_SPEC: spec, CDKTF_OUTDIR: out });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/platform\.yaml:\d+:\d+: error PBX2\d{3}: /);
    expect(result.stderr).toContain('nothing synthesized');
    await expect(readdir(out)).rejects.toThrow();
  });
});
