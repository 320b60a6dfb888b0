import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsSettings } from '../../src/deploy/publish/aws-settings.js';
import { s3ControlStore } from '../../src/deploy/publish/aws-stores.js';
import { type LocalAws, startLocalAws } from '../deploy/local-aws.js';
import { SECRETS_ENV, specCopy, tempDir } from '../helpers/cli.js';
import { ROOT } from '../helpers/example.js';

/**
 * A provider: generic environment end to end against s3rver: publish (conditional, with history
 * and provenance), status, rollback, node pause and the agent's pause and waiting paths, all as
 * child processes whose every AWS SDK client but S3 fails to load (no SSM, no AWS code path).
 */
const BUCKET = 'pbx-office';
const EMPTY = 'pbx-empty';
let aws: LocalAws;
let spec: string;
let newer: string;
let empty: string;
const work = tempDir('generic-env-');

const office = (bucket: string, endpoint: string) =>
  `  office:\n    provider: generic\n    nodes: 1\n    freeswitch: { source: image }\n    storage: { bucket: ${bucket}, endpoint: "${endpoint}" }\n`;

/** The office replaces production (both would serve the same tenants, domains and trunks: PBX3502/3503). */
function addEnv(text: string, bucket: string, endpoint: string): string {
  return text
    .replace(/^ {2}production:\n(?: {4}.*\n)*/m, '')
    .replace(/^environments:\n/m, `environments:\n${office(bucket, endpoint)}`);
}

beforeAll(async () => {
  aws = await startLocalAws([BUCKET, EMPTY]);
  const endpoint = aws.env.AWS_ENDPOINT_URL_S3!;
  spec = specCopy({ 'platform.yaml': (t) => addEnv(t, BUCKET, endpoint) });
  newer = specCopy({
    'platform.yaml': (t) => addEnv(t, BUCKET, endpoint).replace(/codecs: \[[^\]]*\]/, 'codecs: [PCMA, PCMU]'),
  });
  empty = specCopy({ 'platform.yaml': (t) => addEnv(t, EMPTY, endpoint) });
});
afterAll(async () => {
  await aws?.close();
});

/** The CLI in a child process: no AWS endpoint but the spec's S3, no SSM endpoint, SDK clients denied. */
// Asynchronous: s3rver runs in this process and must answer while the child waits.
function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(
      process.execPath,
      ['--import', join(ROOT, 'test/deploy/deny-aws-except-s3.mjs'), join(ROOT, 'bin/pbxc.js'), ...args],
      {
        env: {
          PATH: process.env.PATH ?? '',
          AWS_ACCESS_KEY_ID: 'S3RVER',
          AWS_SECRET_ACCESS_KEY: 'S3RVER',
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          PBXC_PUBLISHED_BY: 'ci-bot',
          ...SECRETS_ENV,
          ...env,
        },
        encoding: 'utf8',
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    ),
  );
}
const control = () => s3ControlStore(awsSettings(aws.env, 'us-east-1'), BUCKET);
const pointer = async () => JSON.parse((await (await control()).get('control/bundle'))!);

describe('provider: generic against an S3-compatible server, no AWS code path', () => {
  let first = '';
  let second = '';

  it('publishes bundle, pointer and history into the bucket, with who, when and which pbxc', async () => {
    const r = await cli(['publish', '--spec', spec, '--env', 'office']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`set s3://${BUCKET}/control/bundle = {"version":`);
    const p = await pointer();
    first = p.version;
    expect(p).toMatchObject({ sequence: 1, publishedBy: 'ci-bot', key: `bundles/${p.sha256}.tar.gz` });
    expect(p.pbxc).toMatch(/^\d+\.\d+\.\d+/);
    expect(Date.parse(p.publishedAt)).toBeGreaterThan(Date.now() - 120_000);
    expect(JSON.parse((await (await control()).get('control/history/0000000001'))!)).toEqual(p);
    expect(aws.ssm.calls).toEqual([]);
    const again = await cli(['publish', '--spec', spec, '--env', 'office']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`already published: s3://${BUCKET}/control/bundle names ${first} (#1)`);
  }, 60_000);

  it('records the version a newer publish replaces, and refuses to go backwards', async () => {
    const r = await cli(['publish', '--spec', newer, '--env', 'office']);
    expect(r.code, r.stderr).toBe(0);
    const p = await pointer();
    second = p.version;
    expect(p).toMatchObject({ sequence: 2, previous: first });
    const back = await cli(['publish', '--spec', spec, '--env', 'office']);
    expect(back.code).toBe(1);
    expect(back.stderr).toContain(`refused: version ${first} was published before (#1`);
    expect((await pointer()).version).toBe(second);
  }, 60_000);

  it('rolls back to the previous version, and forward again with --to', async () => {
    const r = await cli(['rollback', '--spec', spec, '--env', 'office']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`rolled back office from ${second} to ${first} (#3)`);
    expect(await pointer()).toMatchObject({ version: first, sequence: 3, previous: second, rollback: true });
    const forward = await cli(['rollback', '--spec', spec, '--env', 'office', '--to', second.slice(0, 6)]);
    expect(forward.code, forward.stderr).toBe(0);
    expect(await pointer()).toMatchObject({ version: second, sequence: 4 });
    const unknown = await cli(['rollback', '--spec', spec, '--env', 'office', '--to', 'abcdef']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('is not in the published history');
  }, 60_000);

  it('status fails while a node never reported; a paused node reports and passes; a stale report fails', async () => {
    const none = await cli(['status', '--spec', spec, '--env', 'office']);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('pbx-1 (single)  never reported  FAIL');
    expect(none.stdout).toMatch(/published: [0-9a-f]{12} #4 \(rollback\) by ci-bot/);
    expect((await cli(['node', 'pause', '--spec', spec, '--env', 'office', '--node', 'pbx-1'])).code).toBe(0);
    const stateDir = join(work, 'state');
    writeFileSync(
      join(work, 'agent.json'),
      JSON.stringify({
        node: 'pbx-1',
        region: 'us-east-1',
        bucket: BUCKET,
        bundleParameter: 'control/bundle',
        statusParameter: 'control/status/pbx-1',
        pointerStore: 's3',
        endpoints: { s3: aws.env.AWS_ENDPOINT_URL_S3 },
        stateDir,
      }),
    );
    const agent = await cli(['agent', '--config', join(work, 'agent.json')]);
    expect(agent.code, agent.stderr).toBe(0);
    expect(agent.stdout).toContain('pbxc-agent override: paused by ci-bot');
    const reported = JSON.parse((await (await control()).get('control/status/pbx-1'))!);
    expect(reported).toMatchObject({
      node: 'pbx-1',
      condition: 'Ready',
      reason: 'Paused',
      report: { paused: true, role: 'single' },
    });
    const ok = await cli(['status', '--spec', spec, '--env', 'office']);
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toContain('[paused]');
    // A year-old report is a failure, whatever it says.
    await (await control()).put(
      'control/status/pbx-1',
      JSON.stringify({ ...reported, attemptedAt: new Date(Date.now() - 365 * 86400_000).toISOString() }),
    );
    const stale = await cli(['status', '--spec', spec, '--env', 'office', '--json']);
    expect(stale.code).toBe(1);
    expect(JSON.parse(stale.stdout).nodes[0].problems).toEqual(['stale']);
    expect(aws.ssm.calls).toEqual([]);
  }, 90_000);

  it('an agent whose bucket has nothing published says it is waiting for a bundle', async () => {
    writeFileSync(
      join(work, 'agent-empty.json'),
      JSON.stringify({
        node: 'pbx-1',
        region: 'us-east-1',
        bucket: EMPTY,
        bundleParameter: 'control/bundle',
        statusParameter: 'control/status/pbx-1',
        pointerStore: 's3',
        endpoints: { s3: aws.env.AWS_ENDPOINT_URL_S3 },
        stateDir: join(work, 'state-empty'),
      }),
    );
    const r = await cli(['agent', '--config', join(work, 'agent-empty.json')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('waiting for a bundle');
    const s = await s3ControlStore(awsSettings(aws.env, 'us-east-1'), EMPTY);
    expect(JSON.parse((await s.get('control/status/pbx-1'))!)).toMatchObject({ reason: 'WaitingForBundle' });
    const status = await cli(['status', '--spec', empty, '--env', 'office']);
    expect(status.code).toBe(1);
    expect(status.stdout).toContain('published: nothing yet');
  }, 60_000);

  it('node-install prints an installer for the host with no secret in it; AWS environments have none', async () => {
    const r = await cli(['node-install', '--spec', spec, '--env', 'office']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('"pointerStore": "s3"');
    expect(r.stdout).toContain('systemctl enable --now pbxc-agent.timer');
    expect(r.stdout).not.toContain('S3RVER');
    for (const v of Object.values(SECRETS_ENV)) expect(r.stdout).not.toContain(v);
    const aws2 = await cli(['node-install', '--spec', spec, '--env', 'staging']);
    expect(aws2.code).toBe(2);
    expect(aws2.stderr).toContain('provider: aws');
    const cloud = await cli(['node-install', '--spec', spec, '--env', 'office', '--cloud-init']);
    expect(cloud.stdout.startsWith('#cloud-config\n')).toBe(true);
  });
});
