import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleBucketName, bundleParameterName, nodeStatusParameterPrefix } from '../../src/model/deploy-names.js';
import { run, SECRETS_ENV, specCopy, tempDir } from '../helpers/cli.js';
import { ROOT } from '../helpers/example.js';
import { type FakeNode, fakeNodeUnavailable, startFakeNode } from './fake-node.js';

/**
 * The whole deployment path on one machine: a fake node (private network, mount and PID namespaces)
 * with the real FreeSWITCH, nginx, fail2ban and nftables; a local S3 (s3rver) and SSM inside it;
 * `pbxc publish` and `pbxc agent` exactly as on a node, with the production paths of agent.json.
 */
const FREESWITCH = '/opt/freeswitch/bin/freeswitch';
function unavailable(): string | undefined {
  const node = fakeNodeUnavailable();
  if (node) return node;
  const tools: [string, string[]][] = [
    [FREESWITCH, ['-version']],
    ['nginx', ['-v']],
    ['fail2ban-client', ['--version']],
    ['nft', ['--version']],
    ['xmllint', ['--version']],
    ['openssl', ['version']],
  ];
  for (const [tool, args] of tools) if (spawnSync(tool, args).status !== 0) return `${tool} is not installed`;
  if (spawnSync('sh', ['-c', 'command -v sipp']).status !== 0) return 'sipp is not installed';
  return undefined;
}
const reason = unavailable();
if (reason) console.warn(`SKIPPED: deploy end-to-end test because ${reason}`);

const PLATFORM = 'voice-example';
const ENV = 'staging';
const BUCKET = bundleBucketName(PLATFORM, ENV);
const PARAM = bundleParameterName(PLATFORM, ENV);
const STATUS = `${nodeStatusParameterPrefix(PLATFORM, ENV)}/pbx-1`;
const AWS = {
  AWS_ACCESS_KEY_ID: 'S3RVER',
  AWS_SECRET_ACCESS_KEY: 'S3RVER',
  AWS_REGION: 'eu-central-1',
  AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4568',
  AWS_ENDPOINT_URL_SSM: 'http://127.0.0.1:4583',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};
const PBXC = join(ROOT, 'bin/pbxc.js');
const TOOLS = join(ROOT, 'test/deploy/node-tools.mjs');
const SCENARIOS = join(ROOT, 'test/deploy/scenarios');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(reason !== undefined)('deploy end to end: publish → agent → real FreeSWITCH, nginx, fail2ban, nftables', () => {
  let node: FakeNode;
  let spec: string;
  let work: string;
  let sippPort = 5100;

  const inNode = (argv: string[], env: Record<string, string> = {}, timeout = 120_000) =>
    node.exec(argv, { env: { ...AWS, ...env }, timeout });
  const publish = (s = spec, env: Record<string, string> = {}) =>
    inNode([process.execPath, PBXC, 'publish', '--spec', s, '--env', ENV], { ...SECRETS_ENV, ...env });
  const agent = (...extra: string[]) =>
    inNode([process.execPath, PBXC, 'agent', '--config', join(work, 'agent.json'), ...extra]);
  const fsApi = (command: string) => {
    const r = inNode([process.execPath, TOOLS, 'fs-api', command]);
    return r.stdout;
  };
  const fsPid = () => inNode(['cat', '/run/freeswitch/freeswitch.pid']).stdout.trim();

  async function credentials(number: string, s = spec): Promise<string> {
    const r = await run(['credentials', '--spec', s, 'xynap', number, '--json'], { env: SECRETS_ENV });
    const c = JSON.parse(r.stdout) as { username: string; domain: string; password: string };
    return `${c.username};${c.domain};${c.password}`;
  }

  function sipp(scenario: string, fields: string, extra: string[] = []) {
    const csv = join(work, `users-${sippPort}.csv`);
    writeFileSync(csv, `SEQUENTIAL\n${fields}\n`);
    const port = sippPort++;
    return ['sipp', '127.0.0.1:5060', '-sf', join(SCENARIOS, scenario), '-inf', csv, '-m', '1', '-l', '1',
      '-i', '127.0.0.1', '-p', String(port), '-mp', String(port + 2000), '-timeout', '20s', '-timeout_error',
      '-nostdin', '-trace_err', '-error_file', join(work, `sipp-${port}.err`), ...extra];
  }
  const register = async (number: string, s = spec) => inNode(sipp('register.xml', await credentials(number, s)), {}, 30_000);

  beforeAll(async () => {
    node = await startFakeNode('e2e');
    work = tempDir('deploy-e2e-');
    spec = specCopy();
    writeFileSync(
      join(work, 'fs-start.sh'),
      [
        '#!/bin/sh',
        'set -e',
        'mkdir -p /var/log/freeswitch /var/lib/freeswitch/db /var/lib/freeswitch/storage /var/lib/freeswitch/recordings /run/freeswitch /var/cache/freeswitch /var/tmp/freeswitch',
        `exec ${FREESWITCH} -nc -nonat -nonatmap -conf /etc/freeswitch -log /var/log/freeswitch -db /var/lib/freeswitch/db -run /run/freeswitch -temp /var/tmp/freeswitch -storage /var/lib/freeswitch/storage -recordings /var/lib/freeswitch/recordings -certs /etc/freeswitch/tls -cache /var/cache/freeswitch`,
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(work, 'agent.json'),
      JSON.stringify({
        node: 'pbx-1',
        region: 'eu-central-1',
        bucket: BUCKET,
        bundleParameter: PARAM,
        statusParameter: STATUS,
        endpoints: { s3: AWS.AWS_ENDPOINT_URL_S3, ssm: AWS.AWS_ENDPOINT_URL_SSM },
        tls: { publicName: 'pbx-1.staging.voice.example.net' },
        commands: { freeswitchStart: ['sh', join(work, 'fs-start.sh')] },
        freeswitchStartTimeout: 45,
      }),
    );
    const cloud = node.spawn([process.execPath, TOOLS, 'cloud', join(work, 's3'), BUCKET]);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('local S3/SSM did not start')), 15_000);
      cloud.stdout!.on('data', (d: Buffer) => {
        if (d.toString().includes('ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    // The node as first boot leaves it: nginx and fail2ban running with Debian's configuration
    // (without Debian's sshd jail: no sshd here), no FreeSWITCH yet.
    const boot = inNode(['sh', '-c', 'rm -f /etc/fail2ban/jail.d/defaults-debian.conf && mkdir -p /var/log/nginx /etc/nftables.d && nginx && fail2ban-client start >/dev/null']);
    if (boot.status !== 0) throw new Error(`fake node boot failed: ${boot.stderr}`);
  }, 60_000);

  afterAll(() => {
    node?.dispose();
  });

  it('first publish: the agent installs the tree, starts FreeSWITCH; a phone registers and calls', async () => {
    const p = publish();
    expect(p.stderr).toBe('');
    expect(p.status).toBe(0);
    const a = agent();
    console.log(a.stdout, a.stderr);
    expect(a.stdout).toContain('pbxc-agent check: nginx -t: ok');
    expect(a.stdout).toContain('pbxc-agent plan: ');
    expect(a.stdout).toMatch(/pbxc-agent state: Ready Activated/);
    expect(a.status).toBe(0);
    const again = agent();
    expect(again.stdout).toContain('pbxc-agent state: Ready UpToDate');
    expect(inNode(['sh', '-c', 'readlink /etc/freeswitch; ls /etc/freeswitch/tls/agent.pem /etc/pbxc/tls/provisioning.crt']).stdout).toMatch(/current\/freeswitch/);
    expect(inNode(['nft', 'list', 'table', 'inet', 'pbxc']).status).toBe(0);
    expect(inNode(['fail2ban-client', 'status']).stdout).toContain('pbxc-sip');
    const r = await register('1000');
    expect(r.status, r.stderr).toBe(0);
    const call = inNode(sipp('call.xml', `${await credentials('1000')};*9196`, ['-d', '1000']), {}, 40_000);
    expect(call.status, call.stderr).toBe(0);
  }, 180_000);
});
