import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MASTER_KEY, run, specCopy, tempDir } from '../helpers/cli.js';
import { EXAMPLE_SPEC } from '../helpers/example.js';

const env = { PBXC_MASTER_KEY: MASTER_KEY };

describe('pbxc credentials --all', () => {
  it('prints the CSV sheet with the same passwords as the single-extension command', async () => {
    const r = await run(['credentials', '--spec', EXAMPLE_SPEC, '--all', 'xynap'], { env });
    expect(r.code).toBe(0);
    const rows = r.stdout.split('\n').map((l) => l.split(','));
    expect(rows[0]![0]).toBe('kind');
    const one = JSON.parse(
      (await run(['credentials', '--spec', EXAMPLE_SPEC, 'xynap', '1001', '--json'], { env })).stdout,
    );
    const row = rows.find((x) => x[2] === '1001')!;
    expect(row[5]).toBe(one.password);
    expect(row[6]).toBe(one.voicemail_pin);
    expect(rows.at(-1)![0]).toBe('provisioning');
    const json = JSON.parse(
      (await run(['credentials', '--spec', EXAMPLE_SPEC, '--all', 'xynap', '--format', 'json'], { env }))
        .stdout,
    );
    expect(json.extensions.find((e: { number: string }) => e.number === '1001').password).toBe(one.password);
    expect(json.provisioning.username).toBe('xynap');
  });

  it('writes a new 0600 file, never into an audit tree, never over an existing file', async () => {
    const dir = tempDir('gitops-cred-');
    const file = join(dir, 'xynap.csv');
    const r = await run(['credentials', '--spec', EXAMPLE_SPEC, '--all', 'xynap', '--output', file], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/^kind,tenant,/);
    const again = await run(['credentials', '--spec', EXAMPLE_SPEC, '--all', 'xynap', '--output', file], {
      env,
    });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    const tree = join(dir, 'audit');
    mkdirSync(join(tree, 'phones'), { recursive: true });
    writeFileSync(join(tree, 'MANIFEST.json'), '{}\n');
    const inside = await run(
      ['credentials', '--spec', EXAMPLE_SPEC, '--all', 'xynap', '--output', join(tree, 'phones', 'x.csv')],
      { env },
    );
    expect(inside.code).toBe(2);
    expect(inside.stderr).toContain('PBX6204');
    const generated = await run(
      ['credentials', '--spec', EXAMPLE_SPEC, '--all', 'xynap', '--output', join(dir, 'generated', 'x.csv')],
      { env },
    );
    expect(generated.code).toBe(2);
  });

  it('refuses the spec folder (as render does), also through a symbolic link', async () => {
    const spec = specCopy();
    const r = await run(['credentials', '--spec', spec, '--all', 'xynap', '--output', join(spec, 'x.csv')], {
      env,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /PBX6204: refusing to write credentials to .*x\.csv: it is inside the spec folder/,
    );
    expect(existsSync(join(spec, 'x.csv'))).toBe(false);
    const cwd = dirname(spec);
    const relative = await run(['credentials', '--all', 'xynap', '--output', 'spec/tenants/x.csv'], {
      env,
      cwd,
    });
    expect(relative.code).toBe(2);
    expect(existsSync(join(spec, 'tenants', 'x.csv'))).toBe(false);
    const link = join(tempDir(), 'link');
    symlinkSync(spec, link);
    const viaLink = await run(
      ['credentials', '--spec', spec, '--all', 'xynap', '--output', join(link, 'x.csv')],
      {
        env,
      },
    );
    expect(viaLink.code).toBe(2);
    expect(existsSync(join(spec, 'x.csv'))).toBe(false);
  });

  it('needs the master key and a known tenant', async () => {
    expect((await run(['credentials', '--spec', EXAMPLE_SPEC, '--all', 'xynap'])).code).toBe(2);
    expect((await run(['credentials', '--spec', EXAMPLE_SPEC, '--all', 'nope'], { env })).code).toBe(1);
    expect(
      (await run(['credentials', '--spec', EXAMPLE_SPEC, '--all', 'xynap', '--format', 'xml'], { env })).code,
    ).toBe(2);
  });
});
