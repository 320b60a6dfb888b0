import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ciTarget } from '../../src/init/files.js';
import { run, tempDir } from '../helpers/cli.js';
import { ROOT } from '../helpers/example.js';

describe('pbxc init', () => {
  it('creates a repository that validates, builds, checks and explains as it is', async () => {
    const dir = join(tempDir('gitops-init-'), 'repo');
    const r = await run(['init', dir, '--no-lock']);
    expect(r.code).toBe(0);
    for (const f of [
      'spec/platform.yaml',
      'spec/tenants/example.yaml',
      'spec/schema/tenant.schema.json',
      '.gitignore',
      '.vscode/settings.json',
      'README.md',
      'package.json',
    ])
      expect(existsSync(join(dir, f)), f).toBe(true);
    const spec = join(dir, 'spec');
    const v = await run(['validate', '--spec', spec, '--strict']);
    expect(v.stderr).toContain('0 errors, 0 warnings');
    expect(v.code).toBe(0);
    const out = join(dir, 'generated');
    expect((await run(['build', '--spec', spec, '--out', out])).code).toBe(0);
    expect((await run(['check', '--spec', spec, '--out', out])).code).toBe(0);
    const e = await run(['explain', '--spec', spec, 'example', '+4930555000', '--at', '2026-12-02 10:00']);
    expect(e.stdout).toContain('open (mon-fri 08:00-17:00) → ring group 600');
    // The editor binding points at the copied schemas.
    const settings = JSON.parse(readFileSync(join(dir, '.vscode/settings.json'), 'utf8'));
    for (const schema of Object.keys(settings['yaml.schemas']))
      expect(existsSync(join(dir, schema))).toBe(true);
    expect(readFileSync(join(dir, 'spec/schema/tenant.schema.json'), 'utf8')).toBe(
      readFileSync(join(ROOT, 'spec/schema/tenant.schema.json'), 'utf8'),
    );
  });

  it('copies the CI examples pbxc ships', async () => {
    const examples = join(ROOT, 'examples');
    const dir = join(tempDir('gitops-init-'), 'repo');
    expect((await run(['init', dir, '--no-lock'])).code).toBe(0);
    const shipped = existsSync(examples) ? readdirSync(examples, { recursive: true }).map(String) : [];
    for (const name of shipped) {
      const target = ciTarget(name);
      if (target)
        expect(readFileSync(join(dir, target), 'utf8')).toBe(readFileSync(join(examples, name), 'utf8'));
    }
    if (shipped.length === 0) console.warn('NOTE: pbxc ships no examples/ yet: init wrote no CI file');
  });

  it('maps example files to their CI locations', () => {
    expect(ciTarget('github-actions/pbx.yml')).toBe('.github/workflows/pbx.yml');
    expect(ciTarget('gitlab/.gitlab-ci.yml')).toBe('.gitlab-ci.yml');
    expect(ciTarget('gitlab-ci/pbx.yml')).toBe('.gitlab-ci.yml');
    expect(ciTarget('README.md')).toBeUndefined();
    expect(ciTarget('github-actions/nested/x.yml')).toBeUndefined();
  });

  it('refuses a folder that is not empty and leaves it untouched', async () => {
    const dir = tempDir('gitops-init-');
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const r = await run(['init', dir, '--no-lock']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not empty');
    expect(readdirSync(dir)).toEqual(['notes.txt']);
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expect((await run(['init', empty, '--no-lock'])).code).toBe(0);
  });
});
