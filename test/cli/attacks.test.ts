import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listTree } from '../../src/out/write-tree.js';
import { MASTER_KEY, run, SECRETS_ENV, specCopy, tempDir } from '../helpers/cli.js';
import { EXAMPLE_SPEC } from '../helpers/example.js';

/** Regression tests for the defects of issue 11 found by attacking the CLI. */
describe('render refuses every audit and spec location (symlinks resolved)', () => {
  it('refuses generated/ reached through a symlink, from another folder, and the spec folder', async () => {
    const proj = tempDir();
    const spec = specCopy();
    const generated = join(spec, '..', 'generated');
    expect((await run(['build', '--spec', spec])).code).toBe(0);
    symlinkSync(generated, join(proj, 'genlink'));
    const cases = [
      { cwd: proj, out: 'genlink/sub' },
      { cwd: proj, out: join(generated, 'sub') },
      { cwd: proj, out: join(spec, 'rendered') },
      { cwd: proj, out: spec },
      { cwd: proj, out: join(generated, 'freeswitch', 'x') },
    ];
    for (const c of cases) {
      const r = await run(['render', '--spec', spec, '--out', c.out], { env: SECRETS_ENV, cwd: c.cwd });
      expect(r.code, c.out).toBe(2);
      expect(r.stderr, c.out).toMatch(/refusing to render into/);
    }
    symlinkSync(spec, join(proj, 'speclink'));
    const viaLink = await run(['render', '--spec', spec, '--out', 'speclink/x'], {
      env: SECRETS_ENV,
      cwd: proj,
    });
    expect(viaLink.code).toBe(2);
    expect(readdirSync(spec).sort()).toEqual(['media', 'platform.yaml', 'schema', 'tenants']);
  });

  it('refuses a folder inside any audit tree, even one not beside the spec', async () => {
    const dir = tempDir();
    const audit = join(dir, 'elsewhere');
    expect((await run(['build', '--spec', EXAMPLE_SPEC, '--out', audit])).code).toBe(0);
    const r = await run(['render', '--spec', EXAMPLE_SPEC, '--out', join(audit, 'phones', 'deep')], {
      env: SECRETS_ENV,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/inside the audit tree/);
  });

  it('does not trust a symlinked MANIFEST.json', async () => {
    const dir = tempDir();
    const audit = join(dir, 'audit');
    await run(['build', '--spec', EXAMPLE_SPEC, '--out', audit]);
    const foreign = join(dir, 'mine');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'notes.txt'), 'keep');
    symlinkSync(join(audit, 'MANIFEST.json'), join(foreign, 'MANIFEST.json'));
    const r = await run(['build', '--spec', EXAMPLE_SPEC, '--out', foreign]);
    expect(r.code).toBe(2);
    expect(readFileSync(join(foreign, 'notes.txt'), 'utf8')).toBe('keep');
  });
});

describe('named secrets are looked up without prototypes', () => {
  for (const name of ['constructor', 'tostring', 'hasownproperty', 'valueof', 'proto']) {
    it(`a secret called ${name} is missing until set, and then used`, async () => {
      const spec = specCopy({
        'tenants/xynap.yaml': (t) => t.replace('{ secret: telekom-trunk }', `{ secret: ${name} }`),
      });
      const out = join(tempDir(), 'bundle');
      const env = { PBXC_MASTER_KEY: MASTER_KEY, PBXC_SECRET_BLUEBIRD_GAMMA: 'g' };
      const missing = await run(['render', '--spec', spec, '--out', out], { env });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain(`missing secret ${name}`);
      const var_ = `PBXC_SECRET_${name.toUpperCase()}`;
      const ok = await run(['render', '--spec', spec, '--out', out], { env: { ...env, [var_]: 'S3cret-x' } });
      expect(ok.code).toBe(0);
      const all = (await listTree(out)).map((f) => readFileSync(join(out, f), 'utf8')).join('\n');
      expect(all).toContain('S3cret-x');
      expect(all).not.toContain('native code');
    });
  }

  it('a --secrets file with __proto__ and constructor keys gives those values, nothing inherited', async () => {
    const dir = tempDir();
    const spec = specCopy({
      'tenants/xynap.yaml': (t) => t.replace('{ secret: telekom-trunk }', '{ secret: constructor }'),
    });
    writeFileSync(join(dir, 's.yaml'), '__proto__: { polluted: 1 }\nbluebird-gamma: g\n');
    const out = join(dir, 'bundle');
    const env = { PBXC_MASTER_KEY: MASTER_KEY };
    const r = await run(['render', '--spec', spec, '--out', out, '--secrets', join(dir, 's.yaml')], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing secret constructor');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('an empty named secret is refused by name', async () => {
    const out = join(tempDir(), 'bundle');
    const r = await run(['render', '--spec', EXAMPLE_SPEC, '--out', out], {
      env: { ...SECRETS_ENV, PBXC_SECRET_TELEKOM_TRUNK: '' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/PBX6006: secret telekom-trunk is empty/);
  });
});

describe('master key errors', () => {
  it('a missing key file is named in words, without a second "no master key"', async () => {
    const out = join(tempDir(), 'bundle');
    const r = await run(
      ['render', '--spec', EXAMPLE_SPEC, '--out', out, '--master-key-file', '/nonexistent/key'],
      { env: { PBXC_SECRET_TELEKOM_TRUNK: 'a', PBXC_SECRET_BLUEBIRD_GAMMA: 'b' } },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/PBX6005: master key \(--master-key-file \/nonexistent\/key\): no such file/);
    expect(r.stderr).not.toMatch(/ENOENT|secrets file|PBX6002/);
  });

  it('a short key is called a master key, not a secrets file', async () => {
    const r = await run(['credentials', '--spec', EXAMPLE_SPEC, 'xynap', '1000'], {
      env: { PBXC_MASTER_KEY: 'short' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/master key \(PBXC_MASTER_KEY\): the master key needs at least 16/);
    expect(r.stderr).not.toMatch(/secrets file/);
  });
});

describe('new-user defaults and messages', () => {
  it('build writes generated/ beside --spec and says where', async () => {
    const spec = specCopy();
    const cwd = tempDir();
    const r = await run(['build', '--spec', spec], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`to ${join(spec, '..', 'generated')}`);
    expect(readdirSync(cwd)).toEqual([]);
    expect((await run(['check', '--spec', spec], { cwd })).code).toBe(0);
  });

  it("an unknown command or option gets a did-you-mean, without the parser's own text", async () => {
    const cmd = await run(['biuld']);
    expect(cmd.code).toBe(2);
    expect(cmd.stderr).toContain('unknown command "biuld" (did you mean "build"?)');
    const opt = await run(['build', '--sepc', 'x']);
    expect(opt.code).toBe(2);
    expect(opt.stderr).toContain('unknown option --sepc (did you mean --spec?)');
    expect(opt.stderr).not.toMatch(/To specify a positional|'--/);
    const value = await run(['build', '--spec']);
    expect(value.stderr).toContain('--spec needs a value');
  });

  it('terminal escapes in paths are printed escaped', async () => {
    const r = await run(['validate', '--spec', '/nonexistent/\u001b[31mred']);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('\u001b');
  });
});

describe('check on hostile --out folders exits 2, never 3, and never follows links out', () => {
  it('symlink loop, dangling symlink, a file', async () => {
    const dir = tempDir();
    symlinkSync(join(dir, 'loop'), join(dir, 'loop'));
    symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling'));
    writeFileSync(join(dir, 'file'), 'x');
    for (const name of ['loop', 'file', 'dangling']) {
      const r = await run(['check', '--spec', EXAMPLE_SPEC, '--out', join(dir, name)]);
      expect(r.code, name).toBe(2);
    }
  });

  it('a file replaced by a symlink to outside is stale, not read through', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    await run(['build', '--spec', EXAMPLE_SPEC, '--out', out]);
    const victim = 'nftables/pbx.nft';
    const copy = join(dir, 'copy.nft');
    writeFileSync(copy, readFileSync(join(out, victim)));
    const { rmSync } = await import('node:fs');
    rmSync(join(out, victim));
    symlinkSync(copy, join(out, victim));
    const r = await run(['check', '--spec', EXAMPLE_SPEC, '--out', out, '--format', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).problems).toEqual([{ kind: 'stale', path: victim, detail: 'not a file' }]);
  });
});

describe('validate --tenant', () => {
  it('reports only what concerns that tenant, and names an unknown one', async () => {
    const spec = specCopy({
      'tenants/xynap.yaml': (t) => t.replace('ring_timeout:', 'ring_timout:'),
      'tenants/abc-company.yaml': (t) => t.replace('timezone:', 'time_zone:'),
    });
    const all = await run(['validate', '--spec', spec]);
    expect(all.stderr).toMatch(/xynap\.yaml.*PBX2001/);
    expect(all.stderr).toMatch(/abc-company\.yaml/);
    const one = await run(['validate', '--spec', spec, '--tenant', 'xynap']);
    expect(one.code).toBe(1);
    expect(one.stderr).toMatch(/xynap\.yaml.*PBX2001/);
    expect(one.stderr).not.toMatch(/abc-company\.yaml/);
    const unknown = await run(['validate', '--spec', spec, '--tenant', 'xynapp']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('(did you mean xynap?)');
  });
});

describe('progress lines', () => {
  it('print on a terminal for long phases only, never otherwise', async () => {
    const { phase } = await import('../../src/cli/progress.js');
    const lines: string[] = [];
    const term = (isTTY: boolean) => ({
      out: () => {},
      err: (l: string) => lines.push(l),
      isTTY,
      color: false,
      env: {},
      cwd: '/',
    });
    const slow = () => new Promise<number>((r) => setTimeout(() => r(7), 350));
    await phase(term(false), slow, (n) => `counted ${n}`);
    expect(lines).toEqual([]);
    await phase(
      term(true),
      () => 1,
      (n) => `counted ${n}`,
    );
    expect(lines).toEqual([]);
    await phase(term(true), slow, (n) => `counted ${n}`);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^pbxc: counted 7 in \d+\.\d s$/);
  });
});
