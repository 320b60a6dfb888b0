import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listTree } from '../../src/out/write-tree.js';
import { MASTER_KEY, run, SECRETS_ENV, tempDir } from '../helpers/cli.js';
import { EXAMPLE_SPEC } from '../helpers/example.js';

describe('pbxc render', () => {
  it('names every missing secret, exits 2 and writes nothing', async () => {
    const out = join(tempDir(), 'bundle');
    const r = await run(['render', '--spec', EXAMPLE_SPEC, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/PBX6001: missing secret telekom-trunk: set PBXC_SECRET_TELEKOM_TRUNK/);
    expect(r.stderr).toMatch(/PBX6002: no master key/);
    expect(await listTree(out)).toEqual([]);
  });

  it('fills in every secret, writes private files, and never logs a secret', async () => {
    const out = join(tempDir(), 'bundle');
    const r = await run(['render', '--spec', EXAMPLE_SPEC, '--out', out], { env: SECRETS_ENV });
    expect(r.code).toBe(0);
    const files = await listTree(out);
    for (const f of files) {
      const text = readFileSync(join(out, f), 'utf8');
      expect(text, f).not.toMatch(/PBXC_SECRET\(/);
      expect(statSync(join(out, f)).mode & 0o077, f).toBe(0);
    }
    expect(JSON.parse(readFileSync(join(out, 'MANIFEST.json'), 'utf8')).mode).toBe('render');
    expect(`${r.stdout}${r.stderr}`).not.toContain(SECRETS_ENV.PBXC_SECRET_TELEKOM_TRUNK);
    expect(`${r.stdout}${r.stderr}`).not.toContain(MASTER_KEY);
  });

  it('renders byte-identical trees for the same spec and secrets', async () => {
    const a = join(tempDir(), 'a');
    const b = join(tempDir(), 'b');
    await run(['render', '--spec', EXAMPLE_SPEC, '--out', a], { env: SECRETS_ENV });
    await run(['render', '--spec', EXAMPLE_SPEC, '--out', b], { env: SECRETS_ENV });
    const files = await listTree(a);
    expect(await listTree(b)).toEqual(files);
    for (const f of files) expect(readFileSync(join(b, f), 'utf8'), f).toBe(readFileSync(join(a, f), 'utf8'));
    expect(files).toContain('provisioning/htpasswd/xynap.htpasswd');
  });

  it('reads named secrets from a --secrets file and the master key from a file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'secrets.yaml'), 'telekom-trunk: "from-file"\nbluebird-gamma: other\n');
    writeFileSync(join(dir, 'master.key'), `${MASTER_KEY}\n`);
    const out = join(dir, 'bundle');
    const r = await run([
      'render',
      '--spec',
      EXAMPLE_SPEC,
      '--out',
      out,
      '--secrets',
      join(dir, 'secrets.yaml'),
      '--master-key-file',
      join(dir, 'master.key'),
    ]);
    expect(r.code).toBe(0);
  });

  it('refuses to write into generated/ or over an audit tree', async () => {
    const cwd = tempDir();
    const r = await run(['render', '--spec', EXAMPLE_SPEC, '--out', 'generated'], { env: SECRETS_ENV, cwd });
    expect(r.code).toBe(2);
    expect(
      (await run(['render', '--spec', EXAMPLE_SPEC, '--out', 'generated/x'], { env: SECRETS_ENV, cwd })).code,
    ).toBe(2);
    const audit = join(cwd, 'audit');
    await run(['build', '--spec', EXAMPLE_SPEC, '--out', audit]);
    expect((await run(['render', '--spec', EXAMPLE_SPEC, '--out', audit], { env: SECRETS_ENV })).code).toBe(
      2,
    );
    expect(
      (await run(['render', '--spec', EXAMPLE_SPEC, '--out', 'generated-prod'], { env: SECRETS_ENV, cwd }))
        .code,
    ).toBe(0);
  });

  it('needs --out', async () => {
    expect((await run(['render', '--spec', EXAMPLE_SPEC], { env: SECRETS_ENV })).code).toBe(2);
  });
});

describe('pbxc credentials', () => {
  it('prints username, password, domain, server and transports as JSON', async () => {
    const r = await run(['credentials', '--spec', EXAMPLE_SPEC, 'xynap', '1001', '--json'], {
      env: SECRETS_ENV,
    });
    expect(r.code).toBe(0);
    const creds = JSON.parse(r.stdout);
    expect(Object.keys(creds)).toEqual(
      expect.arrayContaining(['username', 'password', 'domain', 'server', 'transports']),
    );
    expect(creds).toMatchObject({ username: '1001', domain: 'sip.xynap.tech', server: 'sip.xynap.tech' });
    expect(creds.password).toMatch(/^[A-Za-z0-9]{20,}$/);
    expect(creds.voicemail_pin).toMatch(/^[0-9]{6}$/);
    expect(creds.transports.map((t: { transport: string }) => t.transport)).toEqual([
      'udp',
      'tcp',
      'tls',
      'wss',
    ]);
    const again = await run(['credentials', '--spec', EXAMPLE_SPEC, 'xynap', '1001', '--json'], {
      env: SECRETS_ENV,
    });
    expect(JSON.parse(again.stdout).password).toBe(creds.password);
  });

  it('gives WebRTC extensions WSS only', async () => {
    const r = await run(['credentials', '--spec', EXAMPLE_SPEC, 'xynap', 'webrtc1', '--json'], {
      env: SECRETS_ENV,
    });
    expect(JSON.parse(r.stdout).transports).toEqual([
      { transport: 'wss', port: 7443, uri: 'wss://sip.xynap.tech:7443' },
    ]);
  });

  it('exits 2 without a master key and 1 for an unknown extension', async () => {
    expect((await run(['credentials', '--spec', EXAMPLE_SPEC, 'xynap', '1001'])).code).toBe(2);
    expect(
      (await run(['credentials', '--spec', EXAMPLE_SPEC, 'xynap', '9999'], { env: SECRETS_ENV })).code,
    ).toBe(1);
    expect(
      (await run(['credentials', '--spec', EXAMPLE_SPEC, 'nope', '1001'], { env: SECRETS_ENV })).code,
    ).toBe(1);
    expect((await run(['credentials', '--spec', EXAMPLE_SPEC, 'xynap'], { env: SECRETS_ENV })).code).toBe(2);
  });
});
