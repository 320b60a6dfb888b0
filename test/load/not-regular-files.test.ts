import { spawnSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, specCopy, tempDir } from '../helpers/cli.js';
import { wav } from '../media/wav-bytes.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CHILD = join(ROOT, 'test', 'helpers', 'pbxc-child.ts');

/** pbxc in its own process with a time limit: a hang (open() on a FIFO waits for a writer) fails. */
function validate(spec: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD, 'validate', '--spec', spec], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    killSignal: 'SIGKILL',
  });
  return { code: r.status, signal: r.signal, stderr: r.stderr };
}

const mkfifo = (path: string) => spawnSync('mkfifo', [path]).status === 0;

describe('named pipes and links in the spec folder', () => {
  it('a FIFO named like a media file is refused, validate does not wait for a writer', () => {
    const spec = specCopy();
    const fifo = join(spec, 'media', 'shared', 'pipe.wav');
    if (!mkfifo(fifo)) return console.log('SKIPPED: mkfifo failed');
    const r = validate(spec);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/pipe\.wav:1:1: error PBX3710: .* holds regular files only/);
  }, 90_000);

  it('a FIFO named like a tenant file is an I/O error (exit 2), not a hang', () => {
    const spec = specCopy();
    if (!mkfifo(join(spec, 'tenants', 'pipe.yaml'))) return console.log('SKIPPED: mkfifo failed');
    const r = validate(spec);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/PBX1003: cannot read .*pipe\.yaml: not a file/);
  }, 90_000);

  it('a media link to a file outside the spec folder is refused; a link inside it is fine', async () => {
    const spec = specCopy();
    const outside = join(tempDir(), 'elsewhere.wav');
    writeFileSync(outside, wav());
    symlinkSync(outside, join(spec, 'media', 'shared', 'outside.wav'));
    symlinkSync('../abc-company/closed.wav', join(spec, 'media', 'shared', 'inside.wav'));
    const r = await run(['validate', '--spec', spec]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/outside\.wav:1:1: error PBX3710: .* a link to a file outside the spec folder/);
    expect(r.stderr).not.toMatch(/inside\.wav:1:1: error/);
  });
});
