import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSpec, withFoundSpec } from '../../src/cli/find-spec.js';
import { run, tempDir } from '../helpers/cli.js';
import { EXAMPLE_SPEC } from '../helpers/example.js';

/** A repository with spec/ at its root and a few subfolders. */
function repo(): string {
  const root = join(tempDir(), 'repo');
  mkdirSync(join(root, '.git'), { recursive: true });
  cpSync(EXAMPLE_SPEC, join(root, 'spec'), { recursive: true });
  mkdirSync(join(root, 'docs', 'deep', 'er'), { recursive: true });
  return root;
}

describe('pbxc run from a subfolder finds spec/ like git finds its repository', () => {
  it('walks up to the repository root, never past it', () => {
    const root = repo();
    expect(findSpec(join(root, 'docs', 'deep', 'er'))).toBe(join(root, 'spec'));
    expect(findSpec(join(root, 'spec', 'tenants'))).toBe(join(root, 'spec'));
    expect(findSpec(root)).toBeUndefined(); // spec/ is right here: the default applies
    const nested = join(root, 'docs', 'other-repo');
    mkdirSync(join(nested, '.git'), { recursive: true });
    mkdirSync(join(nested, 'sub'));
    expect(findSpec(join(nested, 'sub'))).toBeUndefined();
  });

  it('adds --spec only when none was given, for commands that read a spec', () => {
    const root = repo();
    const cwd = join(root, 'docs');
    expect(withFoundSpec('validate', [], cwd, cwd)).toEqual(['--spec', '../spec']);
    expect(withFoundSpec('validate', ['--spec', 'x'], cwd, cwd)).toEqual(['--spec', 'x']);
    expect(withFoundSpec('validate', ['--spec=x'], cwd, cwd)).toEqual(['--spec=x']);
    expect(withFoundSpec('init', ['x'], cwd, cwd)).toEqual(['x']);
    expect(withFoundSpec('explain', ['t', '100'], cwd, '/elsewhere')).toEqual([
      '--spec',
      join(root, 'spec'),
      't',
      '100',
    ]);
  });

  it('validate and build from a subfolder use the repository spec and its generated/', async () => {
    const root = repo();
    const cwd = join(root, 'docs', 'deep');
    const v = await run(['validate'], { cwd });
    expect(v.code).toBe(0);
    expect(v.stderr).toMatch(/3 tenants, \d+ extensions/);
    expect(v.stderr).toContain(join(root, 'spec', 'tenants'));
  });
});
