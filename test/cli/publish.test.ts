import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gunzip } from '../../src/deploy/pack/gzip.js';
import { readTar } from '../../src/deploy/pack/tar.js';
import { awsSettings } from '../../src/deploy/publish/aws-settings.js';
import { s3Store, ssmStore } from '../../src/deploy/publish/aws-stores.js';
import { bundleBucketName, bundleParameterName, parseBundlePointer } from '../../src/model/deploy-names.js';
import { type LocalAws, startLocalAws } from '../deploy/local-aws.js';
import { run, SECRETS_ENV, specCopy, tempDir } from '../helpers/cli.js';
import { EXAMPLE_SPEC, ROOT } from '../helpers/example.js';

const BUCKET = bundleBucketName('voice-example', 'staging');
const PARAM = bundleParameterName('voice-example', 'staging');
let aws: LocalAws;

beforeAll(async () => {
  aws = await startLocalAws([BUCKET]);
});
afterAll(async () => {
  await aws?.close();
});

const publish = (extra: string[] = [], env: Record<string, string> = {}) =>
  run(['publish', '--spec', EXAMPLE_SPEC, '--env', 'staging', ...extra], {
    env: { ...SECRETS_ENV, ...aws.env, ...env },
  });

describe('pbxc publish against a local S3 (s3rver) and SSM over HTTP', () => {
  it('uploads the rendered bundle and records version, key and sha256', async () => {
    const r = await publish();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const pointer = parseBundlePointer(aws.ssm.params.get(PARAM)!.Value)!;
    expect(pointer.key).toBe(`bundles/${pointer.sha256}.tar.gz`);
    expect(r.stdout).toContain(`uploaded s3://${BUCKET}/${pointer.key}`);
    // the requests were signed (SigV4) by the real SDK
    expect(aws.ssm.calls.at(-1)).toMatchObject({ op: 'PutParameter' });
    expect(aws.ssm.calls.at(-1)!.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=S3RVER\//);
    // what nodes download is what render writes: secrets filled in, MANIFEST.json in render mode
    const settings = awsSettings(aws.env, 'eu-central-1');
    const bytes = await (await s3Store(settings, BUCKET)).get(pointer.key);
    const entries = readTar(gunzip(bytes));
    const manifest = JSON.parse(entries.find((e) => e.path === 'MANIFEST.json')!.content.toString());
    expect(manifest.mode).toBe('render');
    expect(entries.map((e) => e.path)).toEqual([
      'MANIFEST.json',
      ...manifest.files.map((f: { path: string }) => f.path),
    ]);
    const all = entries.map((e) => e.content.toString()).join('\n');
    expect(all).not.toMatch(/PBXC_SECRET\(/);
    // staging serves bluebird-dental (not xynap): its gamma trunk's secret is filled in
    expect(all).toContain('pass word');
    expect(`${r.stdout}${r.stderr}`).not.toContain(SECRETS_ENV.PBXC_SECRET_BLUEBIRD_GAMMA);
    // and the agent package nodes install at first boot
    expect(r.stdout).toMatch(
      new RegExp(
        `uploaded s3://${BUCKET}/agent/pbxc\\.tgz \\(pbxc \\d+\\.\\d+\\.\\d+, sha256 [0-9a-f]{64}\\)`,
      ),
    );
    const agent = readTar(gunzip(await (await s3Store(settings, BUCKET)).get('agent/pbxc.tgz'))).map(
      (e) => e.path,
    );
    expect(agent).toContain('package/package.json');
    expect(agent).toContain('package/dist/src/cli/main.js');
    expect(agent).toContain('package/spec/schema/platform.schema.json');
    expect(agent.every((p) => p.startsWith('package/'))).toBe(true);
  });

  it('is deterministic: publishing the same spec again keeps the object and version', async () => {
    const before = aws.ssm.params.get(PARAM)!.Value;
    const r = await publish();
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('already present');
    expect(aws.ssm.params.get(PARAM)!.Value).toBe(before);
  });

  it('a changed secret gives a new version', async () => {
    const before = parseBundlePointer(aws.ssm.params.get(PARAM)!.Value)!;
    const r = await publish([], { PBXC_SECRET_BLUEBIRD_GAMMA: 'rotated' });
    expect(r.code).toBe(0);
    const after = parseBundlePointer(aws.ssm.params.get(PARAM)!.Value)!;
    expect(after.version).not.toBe(before.version);
    const store = await ssmStore(awsSettings(aws.env, 'eu-central-1'));
    expect(await store.get(PARAM)).toBe(aws.ssm.params.get(PARAM)!.Value);
  });

  it('--dry-run prints bucket, key and digest and sends nothing', async () => {
    const calls = aws.ssm.calls.length;
    const r = await publish(['--dry-run'], {
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9',
      AWS_ENDPOINT_URL_SSM: 'http://127.0.0.1:9',
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(
        `^would upload s3://${BUCKET}/bundles/[0-9a-f]{64}\\.tar\\.gz \\(version [0-9a-f]{12}, sha256 [0-9a-f]{64}, \\d+ files, \\d+ bytes\\)`,
      ),
    );
    expect(r.stdout).toContain(`would set ${PARAM} = {"version":"`);
    expect(r.stdout).toContain(`would upload s3://${BUCKET}/agent/pbxc.tgz (pbxc `);
    expect(aws.ssm.calls.length).toBe(calls);
  });

  it('missing bucket, unknown environment, missing secret: exit 2 with a clear message', async () => {
    const noBucket = await run(['publish', '--spec', EXAMPLE_SPEC, '--env', 'production'], {
      env: { ...SECRETS_ENV, ...aws.env },
    });
    expect(noBucket.code).toBe(2);
    expect(noBucket.stderr).toMatch(/s3:\/\/pbxc-voice-example-production-bundles\/.*NoSuchBucket/);
    const unknown = await publish(['--env', 'qa']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown environment "qa" \(platform.yaml has: production, staging\)/);
    const noSecret = await run(['publish', '--spec', EXAMPLE_SPEC, '--env', 'staging'], {
      env: { PBXC_MASTER_KEY: SECRETS_ENV.PBXC_MASTER_KEY, ...aws.env },
    });
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toMatch(/PBX6001: missing secret bluebird-gamma/);
    // staging does not serve xynap: its trunk secret is not asked for
    expect(noSecret.stderr).not.toContain('telekom-trunk');
    const noEnv = await run(['publish', '--spec', EXAMPLE_SPEC]);
    expect(noEnv.code).toBe(2);
  });

  it('an invalid spec exits 1 and publishes nothing', async () => {
    const spec = specCopy({ 'platform.yaml': (t) => t.replace('nodes: 1', 'nodes: many') });
    const calls = aws.ssm.calls.length;
    const r = await run(['publish', '--spec', spec, '--env', 'staging'], {
      env: { ...SECRETS_ENV, ...aws.env },
    });
    expect(r.code).toBe(1);
    expect(aws.ssm.calls.length).toBe(calls);
  });

  it('without credentials (real CLI process, no profile, no instance metadata): exit 2, says what to set', () => {
    const home = tempDir('deploy-home-');
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'bin/pbxc.js'), 'publish', '--spec', EXAMPLE_SPEC, '--env', 'staging'],
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: home,
          AWS_CONFIG_FILE: join(home, 'none'),
          AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
          AWS_EC2_METADATA_DISABLED: 'true',
          ...SECRETS_ENV,
          AWS_ENDPOINT_URL_S3: aws.env.AWS_ENDPOINT_URL_S3!,
          AWS_ENDPOINT_URL_SSM: aws.env.AWS_ENDPOINT_URL_SSM!,
        },
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(r.stderr).toContain('no AWS credentials found');
    expect(r.status).toBe(2);
  });

  it('validate and build never load the AWS SDK; publish does', () => {
    for (const file of ['src/cli/main.ts', 'src/cli/commands/publish.ts', 'src/cli/commands/status.ts']) {
      expect(readFileSync(join(ROOT, file), 'utf8')).not.toMatch(/from '@aws-sdk/);
    }
    const cli = (args: string[]) =>
      spawnSync(
        process.execPath,
        ['--import', join(ROOT, 'test/deploy/deny-aws-sdk.mjs'), join(ROOT, 'bin/pbxc.js'), ...args],
        {
          env: { PATH: process.env.PATH ?? '', ...SECRETS_ENV, ...aws.env },
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
    const out = tempDir('deploy-build-');
    expect(cli(['validate', '--spec', EXAMPLE_SPEC]).status).toBe(0);
    expect(cli(['build', '--spec', EXAMPLE_SPEC, '--out', join(out, 'g')]).status).toBe(0);
    const published = cli(['publish', '--spec', EXAMPLE_SPEC, '--env', 'staging']);
    expect(published.status).toBe(2);
    expect(published.stderr).toContain('AWS SDK loaded: @aws-sdk/client-s3');
  });
});
