import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listTree } from '../../src/out/write-tree.js';
import { SECRETS_ENV, specCopy, tempDir } from '../helpers/cli.js';
import { EXAMPLE_SPEC, ROOT } from '../helpers/example.js';

const CHILD = join(ROOT, 'test', 'helpers', 'pbxc-child.ts');

/**
 * Runs pbxc as a child process; kills it with SIGKILL after `killAfterMs` when given. The kill goes
 * to its whole process group: the exchange rename runs in a python3 child (exchange.ts), which
 * would otherwise finish the swap after pbxc died, while the test is already reading the tree.
 */
function pbxc(args: string[], env: Record<string, string>, killAfterMs?: number) {
  return new Promise<{ code: number | null; signal: string | null; ms: number }>((resolve) => {
    const start = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: 'ignore',
      detached: true,
    });
    const kill = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // The group is gone already.
      }
    };
    const timer = killAfterMs === undefined ? undefined : setTimeout(kill, killAfterMs);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, ms: Date.now() - start });
    });
  });
}

/** The folder holds exactly what its MANIFEST.json lists, byte for byte. */
async function consistent(out: string): Promise<boolean> {
  const manifest = JSON.parse(readFileSync(join(out, 'MANIFEST.json'), 'utf8'));
  const listed = manifest.files.map((f: { path: string }) => f.path).sort();
  // Sorted the same way: listTree sorts per folder ("t/1.xml" before "t.xml"), the manifest by path.
  const onDisk = (await listTree(out)).filter((f) => f !== 'MANIFEST.json').sort();
  if (JSON.stringify(listed) !== JSON.stringify(onDisk)) return false;
  return manifest.files.every(
    (f: { path: string; sha256: string }) =>
      createHash('sha256')
        .update(readFileSync(join(out, f.path)))
        .digest('hex') === f.sha256,
  );
}

// A small linear-congruential generator: the kill points are reproducible per seed.
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('SIGKILL at random points of build and render', () => {
  for (const command of ['build', 'render'] as const) {
    it(`${command}: --out is always the old or the new tree, and the next run leaves no litter`, async () => {
      const parent = tempDir(`pbxc-scale-kill-${command}-`);
      const out = join(parent, 'out');
      // Two specs with different trees, alternated, so every killed run was switching trees.
      const other = specCopy({ 'tenants/xynap.yaml': (t) => t.replace('name: Staff 2', 'name: Staff Two') });
      const argsFor = (spec: string) => [command, '--spec', spec, '--out', out];
      const args = argsFor(EXAMPLE_SPEC);
      const full = await pbxc(args, SECRETS_ENV);
      expect(full.code).toBe(0);
      const random = lcg(command === 'build' ? 11 : 42);
      for (let i = 0; i < 3; i++) {
        const at = Math.floor((0.3 + random() * 0.8) * full.ms);
        const r = await pbxc(argsFor(i % 2 === 0 ? other : EXAMPLE_SPEC), SECRETS_ENV, at);
        expect(r.signal === 'SIGKILL' || r.code === 0).toBe(true);
        expect(existsSync(join(out, 'MANIFEST.json'))).toBe(true);
        expect(await consistent(out)).toBe(true);
      }
      expect((await pbxc(args, SECRETS_ENV)).code).toBe(0);
      expect(readdirSync(parent)).toEqual(['out']);
      expect(await consistent(out)).toBe(true);
      // Child processes of a loaded CI machine can take long to start: a generous bound, no hang.
    }, 300_000);
  }
});
