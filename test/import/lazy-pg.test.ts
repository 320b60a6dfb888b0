import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { EXAMPLE_SPEC } from '../helpers/example.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('pg is loaded by import only', () => {
  const cli = (args: string[]) =>
    spawnSync(
      process.execPath,
      ['--import', join(ROOT, 'test/import/helpers/deny-pg.mjs'), join(ROOT, 'bin/pbxc.js'), ...args],
      {
        env: { PATH: process.env.PATH ?? '' },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );

  it('validate and build run without it; import needs it', () => {
    const dir = tempDir('import-lazy-');
    expect(cli(['validate', '--spec', EXAMPLE_SPEC]).status).toBe(0);
    expect(cli(['build', '--spec', EXAMPLE_SPEC, '--out', join(dir, 'g')]).status).toBe(0);
    const imported = cli([
      'import',
      'fusionpbx',
      '--db',
      'postgres://x@/y?host=/nonexistent',
      '--out',
      join(dir, 's'),
    ]);
    expect(imported.stderr).toContain('pg loaded: pg');
    rmSync(dir, { recursive: true, force: true });
  });
});
