import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeAgentConfig } from '../../src/deploy/bootstrap/node-bootstrap.js';
import { loadModel } from '../../src/load-model.js';
import { SECRETS_ENV, soloStaging, specCopy, tempDir } from '../helpers/cli.js';
import { ROOT } from '../helpers/example.js';
import { agentNodeUnavailable, PBXC, prepareAgentNode, STATE, TOOLS } from './agent-node.js';
import { type FakeNode, startFakeNode } from './fake-node.js';

/**
 * provider: generic end to end, on a fake node with the real FreeSWITCH, nginx, fail2ban and
 * nftables: `pbxc publish` to a local S3-compatible server (s3rver) named only by the spec's
 * storage endpoint (no AWS endpoint variable, no SSM anywhere: the node runs s3rver alone), the
 * node's agent — configured by nodeAgentConfig exactly as `pbxc node-install` writes it — reads the
 * pointer and the bundle from that storage and activates them; `pbxc status` reads the node's report
 * back from the same storage. Every command runs with every AWS SDK client but S3 made unloadable.
 * Then FreeSWITCH stops answering (SIGSTOP) during an activation: a transient failure, retried
 * with backoff without --force once it answers again.
 */
const reason = agentNodeUnavailable();
if (reason) console.warn(`SKIPPED: generic end-to-end test because ${reason}`);

const BUCKET = 'pbx-office';
const ENDPOINT = 'http://127.0.0.1:4568';
const DENY = join(ROOT, 'test/deploy/deny-aws-except-s3.mjs');
/** Credentials only: no AWS_ENDPOINT_URL*, no region; the spec's storage names the endpoint. */
const ENV = {
  AWS_ACCESS_KEY_ID: 'S3RVER',
  AWS_SECRET_ACCESS_KEY: 'S3RVER',
  AWS_ENDPOINT_URL: '',
  AWS_ENDPOINT_URL_S3: '',
  AWS_ENDPOINT_URL_SSM: '',
  AWS_REGION: '',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/** The example's staging alone, as a generic environment "office" on the node's s3rver. */
const office = (t: string) =>
  soloStaging(t).replace(
    /^environments:\n(?: {2}.*\n|\n)*/m,
    `environments:\n  office:\n    provider: generic\n    nodes: 1\n    freeswitch: { source: image }\n    storage: { bucket: ${BUCKET}, endpoint: "${ENDPOINT}" }\n\n`,
  );

describe.skipIf(reason !== undefined)('provider generic end to end: s3rver → agent → real FreeSWITCH', () => {
  let node: FakeNode;
  let work: string;
  const specs = { A: '', B: '' };

  const inNode = (argv: string[], env: Record<string, string> = {}, timeout = 120_000) =>
    node.exec(argv, { env: { ...ENV, ...env }, timeout });
  const pbxc = (args: string[], env: Record<string, string> = {}) =>
    inNode([process.execPath, '--import', DENY, PBXC, ...args], env);
  const agent = () => pbxc(['agent', '--config', join(work, 'agent.json')]);
  const fsApi = (command: string) => inNode([process.execPath, TOOLS, 'fs-api', command]).stdout;
  const dialplan = () => {
    const xml = fsApi('xml_locate dialplan');
    return xml.includes('call_timeout=37') ? '37' : xml.includes('call_timeout=30') ? '30' : '?';
  };

  beforeAll(async () => {
    node = await startFakeNode('generic');
    work = tempDir('deploy-generic-');
    specs.A = specCopy({ 'platform.yaml': office });
    specs.B = specCopy({
      'platform.yaml': office,
      'tenants/xynap.yaml': (t) => t.replace('    ring_timeout: 30\n', '    ring_timeout: 37\n'),
    });
    const checked = await loadModel(specs.A);
    const model = checked.model!;
    const env = model.platform.environments.find((e) => e.name === 'office')!;
    // what `pbxc node-install --env office` writes to /etc/pbxc/agent.json, on the fake node's paths
    const config = nodeAgentConfig(model, env, { name: 'pbx-1' });
    expect(config).toMatchObject({ pointerStore: 's3', bucket: BUCKET, endpoints: { s3: ENDPOINT } });
    // as node-setup does: the group that may read the installed tree; nginx's workers are members
    const group = inNode(['sh', '-c', 'groupadd --system pbxc && usermod -a -G pbxc www-data']);
    expect(group.status, group.stderr).toBe(0);
    await prepareAgentNode(node, work, {
      buckets: [BUCKET],
      storage: 's3',
      config: {
        ...config,
        // FreeSWITCH as systemd would start it, here; an answer within 3 s or the step is transient
        commands: { ...config.commands, freeswitchStart: ['sh', join(work, 'fs-start.sh')] },
        freeswitchStartTimeout: 45,
        eventSocketTimeout: 3,
      },
    });
  }, 120_000);

  afterAll(() => {
    node?.dispose();
  });

  it('publish to s3rver, the agent activates on FreeSWITCH, status reads it back; no AWS code path', () => {
    const p = pbxc(['publish', '--spec', specs.A, '--env', 'office'], SECRETS_ENV);
    expect(p.status, p.stderr).toBe(0);
    const version = /published ([0-9a-f]{12})/.exec(`${p.stdout}${p.stderr}`)?.[1];
    const a = agent();
    expect(a.stdout, `${a.stderr}${inNode(['cat', join(work, 'fs-start.log')]).stdout}`).toMatch(
      /pbxc-agent state: Ready Activated/,
    );
    expect(a.status).toBe(0);
    expect(a.stdout).toContain('pbxc-agent check: nginx -t: ok');
    expect(`${a.stdout}${a.stderr}`).not.toMatch(/AWS code path reached|ssm/i);
    expect(fsApi('status')).toMatch(/\bUP\b/);
    expect(dialplan()).toBe('30');
    const s = pbxc(['status', '--spec', specs.A, '--env', 'office']);
    expect(s.status, `${s.stdout}${s.stderr}`).toBe(0);
    expect(s.stdout).toContain('pbx-1');
    if (version) expect(s.stdout).toContain(version);
    expect(inNode(['cat', `${STATE}/state.json`]).stdout).toMatch(/"reason": *"Activated"/);
  }, 240_000);

  it('FreeSWITCH stops answering during an activation: transient, retried after backoff without --force', async () => {
    const p = pbxc(['publish', '--spec', specs.B, '--env', 'office'], SECRETS_ENV);
    expect(p.status, p.stderr).toBe(0);
    const pid = inNode(['cat', '/run/freeswitch/freeswitch.pid']).stdout.trim();
    expect(pid).toMatch(/^\d+$/);
    // FreeSWITCH is frozen for the whole run: reloadxml times out, and so does the rollback's
    expect(inNode(['kill', '-STOP', pid]).status).toBe(0);
    let frozen: ReturnType<typeof agent>;
    try {
      frozen = agent();
    } finally {
      inNode(['kill', '-CONT', pid]);
    }
    expect(frozen.stdout).toMatch(
      /pbxc-agent activate: FAILED \(transient\): reloadxml: event socket .* no answer/,
    );
    expect(frozen.stdout).toMatch(/pbxc-agent state: Failed RollbackFailed/);
    expect(frozen.status).toBe(2);
    // it answers again: the open rollback finishes, the version is remembered as transient
    const restored = agent();
    expect(restored.stdout).toMatch(
      /pbxc-agent state: Failed ActivateRetrying: .*restored [0-9a-f]{12} \(transient: retried after backoff\)/,
    );
    expect(dialplan()).toBe('30');
    const attempt = JSON.parse(inNode(['cat', `${STATE}/attempt.json`]).stdout) as Record<string, unknown>;
    expect(attempt).toMatchObject({ permanent: false, reason: 'ActivateRetrying', failures: 1 });
    expect(typeof attempt.retryAt).toBe('string');
    // within the backoff: waits, says so
    const waiting = agent();
    expect(waiting.stdout).toMatch(/pbxc-agent state: Failed ActivateRetrying: .*retried after /);
    expect(dialplan()).toBe('30');
    // the backoff has passed (the clock moved on): the same version activates, no --force
    inNode([
      'sh',
      '-c',
      `sed -i 's/"retryAt": *"[^"]*"/"retryAt": "2000-01-01T00:00:00.000Z"/' ${STATE}/attempt.json`,
    ]);
    const retried = agent();
    expect(retried.stdout, retried.stderr).toMatch(/pbxc-agent state: Ready Activated/);
    expect(retried.status).toBe(0);
    expect(dialplan()).toBe('37');
    expect(inNode(['test', '-e', `${STATE}/attempt.json`]).status).not.toBe(0);
  }, 300_000);
});
