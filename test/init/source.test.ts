import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dependencySpec, parseSource, runningSource, SourceError } from '../../src/init/source.js';
import { run, tempDir } from '../helpers/cli.js';

describe('where a new repository gets pbxc from (--pbxc SOURCE)', () => {
  const dir = tempDir('init-source-');
  writeFileSync(join(dir, 'pbxc-1.2.3.tgz'), 'x');
  mkdirSync(join(dir, 'pbxc'));
  writeFileSync(join(dir, 'pbxc', 'package.json'), '{"name":"pbxc"}');
  const repo = join(dir, 'repo');

  it.each([
    ['./pbxc-1.2.3.tgz', 'file:vendor/pbxc-1.2.3.tgz'],
    ['pbxc-1.2.3.tgz', 'file:vendor/pbxc-1.2.3.tgz'],
    ['./pbxc', 'file:../pbxc'],
    ['git+https://git.example.net/pbx/pbxc.git#0123abc', 'git+https://git.example.net/pbx/pbxc.git#0123abc'],
    ['github:example/pbxc#v0.1.0', 'github:example/pbxc#v0.1.0'],
    ['https://dl.example.net/pbxc-1.2.3.tgz', 'https://dl.example.net/pbxc-1.2.3.tgz'],
  ])('%s → %s', (source, spec) => {
    expect(dependencySpec(parseSource(source, dir), repo)).toBe(spec);
  });

  it.each([
    ['pbxc', /bare package name/],
    ['pbxc@0.1.0', /bare package name/],
    ['https://example.net/pbxc', /must be a tarball/],
    ['./missing.tgz', /does not exist/],
    ['', /needs a value/],
  ])('refuses %j', (source, message) => {
    expect(() => parseSource(source, dir)).toThrow(SourceError);
    expect(() => parseSource(source, dir)).toThrow(message);
  });

  it('finds the tarball an installed pbxc came from in the project lockfile', () => {
    const project = join(dir, 'project');
    const root = join(project, 'node_modules', 'pbxc');
    mkdirSync(root, { recursive: true });
    writeFileSync(
      join(project, 'package-lock.json'),
      JSON.stringify({ packages: { 'node_modules/pbxc': { resolved: 'file:../pbxc-1.2.3.tgz' } } }),
    );
    expect(runningSource(root)).toEqual({ kind: 'tarball', path: join(dir, 'pbxc-1.2.3.tgz') });
    writeFileSync(
      join(project, 'package-lock.json'),
      JSON.stringify({ packages: { 'node_modules/pbxc': { resolved: 'git+ssh://git@host/pbxc.git#abc' } } }),
    );
    expect(runningSource(root)).toEqual({ kind: 'git', spec: 'git+ssh://git@host/pbxc.git#abc' });
    expect(runningSource(join(dir, 'pbxc'))).toEqual({ kind: 'folder', path: join(dir, 'pbxc') });
  });

  it('init refuses a bare registry name with exit 2 and writes nothing', async () => {
    const target = join(dir, 'bare');
    const r = await run(['init', target, '--pbxc', 'pbxc', '--no-lock']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bare package name');
  });

  it('init --no-lock pins the package.json to the source and copies a tarball into vendor/', async () => {
    const target = join(dir, 'pinned');
    const r = await run(['init', target, '--pbxc', join(dir, 'pbxc-1.2.3.tgz'), '--no-lock']);
    expect(r.code, r.stderr).toBe(0);
    const pkg = JSON.parse(readFileSync(join(target, 'package.json'), 'utf8'));
    expect(pkg.dependencies.pbxc).toBe('file:vendor/pbxc-1.2.3.tgz');
    expect(pkg.dependencies.cdktf).toBe('0.21.0');
    expect(readFileSync(join(target, 'vendor/pbxc-1.2.3.tgz'), 'utf8')).toBe('x');
    expect(existsSync(join(target, 'package-lock.json'))).toBe(false);
  });
});
