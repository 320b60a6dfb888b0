import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newMasterKey } from '../../src/cli/commands/keygen.js';
import { run, tempDir } from '../helpers/cli.js';

describe('pbxc keygen', () => {
  it('makes 256-bit base64url keys, a new one each time', () => {
    const a = newMasterKey();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newMasterKey()).not.toBe(a);
    expect(newMasterKey(() => Buffer.alloc(32, 0xff))).toBe('_'.repeat(42) + '8');
  });

  it('prints the key on stdout only', async () => {
    const r = await run(['keygen']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(r.stderr).not.toContain(r.stdout);
  });

  it('writes a new 0600 file that render accepts, and never overwrites one', async () => {
    const dir = tempDir('keygen-');
    const file = join(dir, 'master.key');
    const r = await run(['keygen', '--out', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const key = readFileSync(file, 'utf8').trim();
    expect(r.stdout).not.toContain(key);
    const c = await run(['credentials', 'xynap', '1000', '--master-key-file', file, '--json']);
    expect(c.code, c.stderr).toBe(0);
    writeFileSync(join(dir, 'other.key'), 'keep me');
    const again = await run(['keygen', '--out', join(dir, 'other.key')]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('exists');
    expect(readFileSync(join(dir, 'other.key'), 'utf8')).toBe('keep me');
  });
});
