import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackInstallCommand } from '../../src/cloud/load-stacks.js';
import { bundleBucketName, bundleParameterName, parseBundlePointer } from '../../src/model/deploy-names.js';
import { type LocalAws, startLocalAws } from '../deploy/local-aws.js';
import { tempDir } from '../helpers/cli.js';
import { ROOT } from '../helpers/example.js';
import { type FakeAws, fakeAws, offlineOverride } from '../helpers/fake-aws.js';
import { PLUGIN_DIR, TERRAFORM_MISSING, tfEnv } from '../helpers/terraform.js';

/**
 * pbxc as a user gets it: `npm pack` of this checkout (dist/ as built: run `npm run build` after
 * changing src/), `pbxc init --pbxc <tarball>` into an empty folder, `npm ci --omit=dev` there from
 * the lockfile init wrote, and then every command run by the repository's own `npx pbxc`, never
 * from this checkout: validate, build, check, synth, plan (the real Terraform against the offline
 * provider mirror, AWS reads answered on loopback, local state) and publish (s3rver and the fake
 * SSM). The npm cache makes the install take about a minute; only the registry is reached.
 */
const NPM = spawnSync('npm', ['--version'], { encoding: 'utf8' }).status === 0;
const SKIP = !NPM ? 'npm is not on PATH' : TERRAFORM_MISSING;
if (SKIP) console.warn(`SKIPPED: the installed-package end-to-end test, because ${SKIP}`);

const MASTER = 'installed-repo-master-key-0123456789';

const env = (extra: Record<string, string> = {}) => ({
  ...tfEnv({ PBXC_TF_PLUGIN_DIR: PLUGIN_DIR! }),
  NO_COLOR: '1',
  npm_config_update_notifier: 'false',
  ...extra,
});

/**
 * `npx pbxc …` in a new repository. Asynchronous: s3rver, the fake SSM and the fake AWS API answer
 * from this process, so its event loop must keep running.
 */
function repoCli(repo: string, args: string[], extra: Record<string, string> = {}) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn('npx', ['--no-install', 'pbxc', ...args], { cwd: repo, env: env(extra) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

/** `pbxc init` (the pbxc of this checkout) into `repo`, installing pbxc from `source`. */
const initRepo = (repo: string, source: string) =>
  spawnSync(process.execPath, [join(ROOT, 'bin/pbxc.js'), 'init', repo, '--pbxc', source], {
    env: env(),
    encoding: 'utf8',
    timeout: 480_000,
  });

/** What a fresh machine does in the new repository: `npm ci --omit=dev` from the lockfile. */
const installRepo = (repo: string) =>
  spawnSync('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], {
    cwd: repo,
    env: env(),
    encoding: 'utf8',
    timeout: 600_000,
  });

describe.skipIf(!!SKIP)('a repository made by pbxc init, with pbxc installed from its tarball', () => {
  const work = tempDir('installed-repo-');
  const repo = join(work, 'my-pbx');
  let tarball = '';
  let aws: LocalAws;
  let reads: FakeAws;
  const pbxc = (args: string[], extra: Record<string, string> = {}) => repoCli(repo, args, extra);

  beforeAll(async () => {
    const packed = execFileSync(
      'npm',
      ['pack', '--ignore-scripts', '--json', '--pack-destination', work, ROOT],
      {
        encoding: 'utf8',
        env: env(),
      },
    );
    tarball = join(work, JSON.parse(packed)[0].filename);
    aws = await startLocalAws([bundleBucketName('my-pbx', 'staging')]);
    reads = await fakeAws({ region: 'eu-central-1', zones: ['pbx.example.net', 'staging.pbx.example.net'] });
  }, 120_000);
  afterAll(async () => {
    await aws?.close();
    await reads?.close();
  });

  it('packs only what runs: no test, fixture, example spec, audit tree or secret; under 5 MB', () => {
    const listing = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--ignore-scripts', '--json', ROOT], { encoding: 'utf8' }),
    )[0] as { unpackedSize: number; files: { path: string }[] };
    const paths = listing.files.map((f) => f.path);
    expect(listing.unpackedSize).toBeLessThan(5 * 1024 * 1024);
    for (const p of paths) {
      expect(p).not.toMatch(/^(test|spec\/tenants|generated|scripts|stacks|bench|node_modules)\//);
      expect(p).not.toMatch(/^src\/(?!emit\/phones\/templates\/)/);
      expect(p).not.toMatch(/secrets?\.ya?ml$|\.tfstate|\.pem$|\.key$/);
    }
    for (const needed of [
      'bin/pbxc.js',
      'dist/src/cli/main.js',
      'dist/stacks/terraform-json.js',
      'spec/schema/platform.schema.json',
      'src/emit/phones/templates/yealink-common.cfg.njk',
      'examples/github-actions/pbx.yml',
      'docs/keys.md',
    ])
      expect(paths).toContain(needed);
  });

  it('init writes a repository pinned to the tarball, with a lockfile and no registry name', () => {
    const r = initRepo(repo, tarball);
    expect(r.status, r.stderr).toBe(0);
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
    expect(pkg.dependencies.pbxc).toMatch(/^file:vendor\/pbxc-\d+\.\d+\.\d+\.tgz$/);
    expect(readFileSync(join(repo, pkg.dependencies.pbxc.slice(5)))).toEqual(readFileSync(tarball));
    const lock = JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8'));
    expect(lock.packages['node_modules/pbxc'].resolved).toBe(pkg.dependencies.pbxc);
    expect(lock.packages['node_modules/pbxc'].integrity).toMatch(/^sha512-/);
    expect(lock.packages['node_modules/cdktf'].version).toBe('0.21.0');
  }, 120_000);

  it('installs with npm ci --omit=dev and runs validate, build and check from the repository', async () => {
    const ci = installRepo(repo);
    expect(ci.status, ci.stderr).toBe(0);
    // No development tool came along: the stacks run as compiled JavaScript.
    for (const dev of ['tsx', 'typescript', 'vitest', 's3rver'])
      expect(existsSync(join(repo, 'node_modules', dev)), dev).toBe(false);
    const v = await pbxc(['validate', '--strict']);
    expect(v.status, v.stderr).toBe(0);
    expect(v.stderr).toContain('0 errors, 0 warnings');
    const b = await pbxc(['build']);
    expect(b.status, b.stderr).toBe(0);
    expect(existsSync(join(repo, 'generated/freeswitch/freeswitch.xml'))).toBe(true);
  }, 600_000);

  it('synth writes every environment; check then passes, and names synth when the stacks drift', async () => {
    const s = await pbxc(['synth']);
    expect(s.status, s.stderr).toBe(0);
    expect(existsSync(join(repo, 'generated/terraform/staging/cdk.tf.json'))).toBe(true);
    expect((await pbxc(['check'])).status).toBe(0);
    const file = join(repo, 'generated/terraform/staging/cdk.tf.json');
    writeFileSync(file, `${readFileSync(file, 'utf8')} `);
    const stale = await pbxc(['check']);
    expect(stale.status).toBe(1);
    expect(`${stale.stdout}${stale.stderr}`).toContain('pbxc synth');
    expect((await pbxc(['synth'])).status).toBe(0);
    expect((await pbxc(['check'])).status).toBe(0);
  }, 600_000);

  it('plans staging with the real Terraform (offline provider mirror, local state)', async () => {
    const dir = join(repo, 'cdktf.out/stacks/pbxc-my-pbx-staging');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'pbxc_offline_override.tf.json'),
      offlineOverride('eu-central-1', reads.endpoint, join(work, 'staging.tfstate')),
    );
    const p = await pbxc(['plan', '--env', 'staging', '--json', 'plan.json', '--out', 'staging.tfplan']);
    expect(p.status, `${p.stdout}\n${p.stderr}`).toBe(0);
    const summary = JSON.parse(readFileSync(join(repo, 'plan.json'), 'utf8'));
    expect(summary).toMatchObject({ environment: 'staging', change: 0, destroy: 0 });
    expect(summary.add).toBeGreaterThan(5);
  }, 600_000);

  it('publishes the staging bundle to a local S3 from the repository', async () => {
    const p = await pbxc(['publish', '--env', 'staging'], { ...aws.env, PBXC_MASTER_KEY: MASTER });
    expect(p.status, p.stderr).toBe(0);
    const param = bundleParameterName('my-pbx', 'staging');
    const pointer = parseBundlePointer(aws.ssm.params.get(param)!.Value)!;
    expect(p.stdout).toContain(`uploaded s3://${bundleBucketName('my-pbx', 'staging')}/${pointer.key}`);
    expect(p.stdout).not.toContain(MASTER);
    // and the agent package the nodes install at first boot, packed from the installed pbxc
    expect(p.stdout).toMatch(/uploaded s3:\/\/[^ ]+\/agent\/pbxc\.tgz \(pbxc /);
  }, 600_000);

  it('names the exact install command when a stack package is missing (exit 2)', async () => {
    const cdktf = join(repo, 'node_modules/cdktf');
    renameSync(cdktf, `${cdktf}.away`);
    try {
      const s = await pbxc(['synth', '--env', 'staging']);
      expect(s.status).toBe(2);
      expect(s.stderr).toContain('cdktf is not installed');
      expect(s.stderr).toContain(stackInstallCommand());
      // validate and build never needed it.
      expect((await pbxc(['validate'])).status).toBe(0);
    } finally {
      renameSync(`${cdktf}.away`, cdktf);
    }
  }, 300_000);
});

/**
 * pbxc installed from a git URL (`git+file://…#main` of a clone of this checkout's HEAD: no server,
 * works offline). npm clones it, installs its development dependencies from the cache and runs its
 * "prepare" (dist/ and the precompiled validators), then packs it; the repository pbxc init made
 * installs it with `npm ci --omit=dev` and runs validate and build. Committed work only: the clone
 * has HEAD, not the working tree.
 */
const GIT = spawnSync('git', ['--version']).status === 0;
if (!SKIP && !GIT) console.warn('SKIPPED: the git-URL install test, because git is not installed');
describe.skipIf(!!SKIP || !GIT)('a repository made by pbxc init, with pbxc installed from a git URL', () => {
  const work = tempDir('installed-git-');
  const clone = join(work, 'pbxc.git');
  const repo = join(work, 'my-pbx');

  it('inits with the git URL, installs with npm ci --omit=dev, and validates and builds there', async () => {
    execFileSync('git', ['clone', '--quiet', ROOT, clone]);
    execFileSync('git', ['-C', clone, 'checkout', '--quiet', '-B', 'main']);
    const source = `git+file://${clone}#main`;
    const init = initRepo(repo, source);
    expect(init.status, init.stderr).toBe(0);
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
    expect(pkg.dependencies.pbxc).toBe(source);
    const lock = JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8'));
    const head = execFileSync('git', ['-C', clone, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    // the lockfile pins the commit, so every npm ci installs the same pbxc
    expect(lock.packages['node_modules/pbxc'].resolved).toContain(head);
    const ci = installRepo(repo);
    expect(ci.status, ci.stderr).toBe(0);
    expect(existsSync(join(repo, 'node_modules/pbxc/dist/src/cli/main.js'))).toBe(true);
    expect(existsSync(join(repo, 'node_modules/pbxc/dist/src/schema/tenant.validator.cjs'))).toBe(true);
    const v = await repoCli(repo, ['validate', '--strict']);
    expect(v.status, v.stderr).toBe(0);
    expect(v.stderr).toContain('0 errors, 0 warnings');
    const b = await repoCli(repo, ['build']);
    expect(b.status, b.stderr).toBe(0);
    expect(existsSync(join(repo, 'generated/freeswitch/freeswitch.xml'))).toBe(true);
  }, 1_200_000);
});
