import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, tempDir } from '../helpers/cli.js';
import { EXAMPLE_SPEC } from '../helpers/example.js';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd,
    encoding: 'utf8',
  });

/** A repository with the example spec committed on main and a branch that edits it. */
function repo(): string {
  const dir = tempDir('gitops-diff-');
  git(dir, 'init', '-q', '-b', 'main');
  mkdirSync(join(dir, 'infra'));
  cpSync(EXAMPLE_SPEC, join(dir, 'infra', 'spec'), { recursive: true });
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'spec');
  git(dir, 'checkout', '-qb', 'change');
  const edit = (file: string, from: string, to: string) => {
    const path = join(dir, 'infra', 'spec', file);
    writeFileSync(path, readFileSync(path, 'utf8').replace(from, to));
  };
  edit('tenants/xynap.yaml', 'members: ["1000", "1001"]', 'members: ["1000", "1001", "1010"]');
  edit('tenants/xynap.yaml', 'to: { ivr: main } }', 'to: { ring_group: "22" } }');
  edit('platform.yaml', 'office: ["203.0.113.0/24"]', 'office: ["203.0.113.0/24", "198.51.100.0/24"]');
  return dir;
}

describe('pbxc diff', () => {
  it('compares the working spec with the merge base of the default branch', async () => {
    const dir = repo();
    const r = await run(['diff', '--spec', 'infra/spec'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^pbxc diff merge-base with main \([0-9a-f]{12}\) → infra\/spec/);
    expect(r.stdout).toContain('~ ring group 21 Support Team: members + 1010');
    expect(r.stdout).toContain('~ DID +4934556643378: now routes to ring group 22 (was IVR main)');
    expect(r.stdout).toContain('~ whitelist office: + 198.51.100.0/24');
    const risks = r.stdout.slice(r.stdout.indexOf('RISKS'), r.stdout.indexOf('CHANGES'));
    expect(risks).toContain('whitelist office + 198.51.100.0/24');
    expect(risks).toContain('[did-rerouted]');
    const changes = r.stdout.slice(r.stdout.indexOf('CHANGES'), r.stdout.indexOf('GENERATED FILES'));
    expect(changes.match(/^ {4}[~+-] /gm)).toHaveLength(3);
  });

  it('--fail-on risk exits 1; markdown and json formats', async () => {
    const dir = repo();
    git(dir, 'commit', '-qam', 'change');
    const failing = await run(['diff', '--spec', 'infra/spec', '--base', 'main', '--fail-on', 'risk'], {
      cwd: dir,
    });
    expect(failing.code).toBe(1);
    const md = await run(['diff', '--spec', 'infra/spec', '--format', 'markdown'], { cwd: dir });
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('> [!WARNING]');
    expect(md.stdout).toContain('**firewall-opened**');
    expect(md.stdout).toContain('<details>');
    const json = JSON.parse(
      (await run(['diff', '--spec', 'infra/spec', '--format', 'json'], { cwd: dir })).stdout,
    );
    expect(json.risks.map((x: { kind: string }) => x.kind).sort()).toEqual([
      'did-rerouted',
      'firewall-opened',
    ]);
    expect(json.changes).toHaveLength(3);
    // Against HEAD itself (committed): nothing changed.
    const same = await run(['diff', '--spec', 'infra/spec', '--base', 'HEAD'], { cwd: dir });
    expect(same.stdout).toContain('no changes');
  });

  it('reports an invalid base with positions at the revision, and a missing spec folder', async () => {
    const dir = repo();
    const path = join(dir, 'infra', 'spec', 'tenants', 'xynap.yaml');
    const good = readFileSync(path, 'utf8');
    writeFileSync(path, good.replace('ring_timeout: 30', 'ring_timout: 30'));
    git(dir, 'commit', '-qam', 'broken');
    writeFileSync(path, good);
    const r = await run(['diff', '--spec', 'infra/spec', '--base', 'HEAD'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /[0-9a-f]{12}:infra\/spec\/tenants\/xynap\.yaml:\d+:\d+: error PBX2001: unknown key "ring_timout"/,
    );
    expect(r.stderr).toContain('error PBX6201: the base spec is invalid');
    const missing = await run(['diff', '--spec', 'elsewhere', '--base', 'HEAD'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('PBX6202: there is no spec folder elsewhere at HEAD');
    const unknown = await run(['diff', '--spec', 'infra/spec', '--base', 'nope'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown revision "nope"');
  });

  it('a blob over the 32 MiB file limit at the base is refused like a file on disk, never read', async () => {
    const dir = repo();
    const big = join(dir, 'infra', 'spec', 'tenants', 'huge.yaml');
    writeFileSync(big, `# ${'x'.repeat(78)}\n`.repeat(Math.ceil((33 * 1024 * 1024) / 80)));
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'huge');
    writeFileSync(big, 'tenant: huge\n');
    const r = await run(['diff', '--spec', 'infra/spec', '--base', 'HEAD'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /[0-9a-f]{12}:infra\/spec\/tenants\/huge\.yaml:1:1: error PBX1008: file is 33(\.\d)? MiB: the limit is 32 MiB per file/,
    );
    expect(r.stderr).toContain('error PBX6201: the base spec is invalid');
  });

  it('compares two folders without git, and reports an invalid head', async () => {
    const dir = tempDir('gitops-diff-');
    const head = join(dir, 'head');
    cpSync(EXAMPLE_SPEC, head, { recursive: true });
    const r = await run(['diff', '--base-spec', EXAMPLE_SPEC, '--spec', head], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no changes');
    writeFileSync(join(head, 'platform.yaml'), 'platform: [');
    const bad = await run(['diff', '--base-spec', EXAMPLE_SPEC, '--spec', head], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('PBX6201: the head spec is invalid');
    const nogit = await run(['diff', '--spec', head], { cwd: dir });
    expect(nogit.code).toBe(2);
    expect(nogit.stderr).toContain('not inside a git repository');
  });
});
