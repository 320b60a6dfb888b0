import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleBucketName, bundleParameterName } from '../../src/model/deploy-names.js';
import { SECRETS_ENV, soloStaging, specCopy, tempDir } from '../helpers/cli.js';
import { agentNodeUnavailable, PBXC, prepareAgentNode, STATE, TOOLS } from './agent-node.js';
import { type FakeNode, startFakeNode } from './fake-node.js';
import { tempRootPaths } from './hostile-bundles.js';

/**
 * The agent converges from any interruption. On a fake node (network, mount and PID namespaces) with
 * the real FreeSWITCH, nginx, fail2ban and nftables, the agent is SIGKILLed with its whole process
 * group at every step boundary of an activation (PBXC_AGENT_KILL_AT, src/deploy/agent/steps.ts) and at
 * random moments; the next run must end Ready with the published version activated — observed in the
 * running daemons, not in a link: FreeSWITCH's loaded dialplan (xml_locate, changes only at
 * reloadxml), the kernel's nft ruleset, fail2ban's live ignoreip, and nginx's answer (403 with an
 * allow-list, 404 without: it changes only when nginx reloads).
 */
function unavailable(): string | undefined {
  return agentNodeUnavailable([
    ['curl', ['--version']],
    ['flock', ['--version']],
  ]);
}
const reason = unavailable();
if (reason) console.warn(`SKIPPED: agent kill test because ${reason}`);

const ENV = 'staging';
const BUCKET = bundleBucketName('voice-example', ENV);
const PARAM = bundleParameterName('voice-example', ENV);
const AWS = {
  AWS_ACCESS_KEY_ID: 'S3RVER',
  AWS_SECRET_ACCESS_KEY: 'S3RVER',
  AWS_REGION: 'eu-central-1',
  AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4568',
  AWS_ENDPOINT_URL_SSM: 'http://127.0.0.1:4583',
  AWS_EC2_METADATA_DISABLED: 'true',
};
const BASE_CONFIG = {
  node: 'pbx-1',
  region: 'eu-central-1',
  bucket: BUCKET,
  bundleParameter: PARAM,
  endpoints: { s3: AWS.AWS_ENDPOINT_URL_S3, ssm: AWS.AWS_ENDPOINT_URL_SSM },
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(reason !== undefined)('agent: killed at every step, the next run converges', () => {
  let node: FakeNode;
  let work: string;
  const pointers: Record<'A' | 'B', string> = { A: '', B: '' };
  const versions: Record<'A' | 'B', string> = { A: '', B: '' };

  const inNode = (argv: string[], timeout = 120_000) => node.exec(argv, { env: AWS, timeout });
  const agentArgv = (config = 'agent.json', ...extra: string[]) => [
    process.execPath,
    PBXC,
    'agent',
    '--config',
    join(work, config),
    ...extra,
  ];
  const agent = (...extra: string[]) => inNode(agentArgv('agent.json', ...extra));
  const fsApi = (command: string) => inNode([process.execPath, TOOLS, 'fs-api', command]).stdout;
  const fsPid = () => inNode(['cat', '/run/freeswitch/freeswitch.pid']).stdout.trim();
  const point = (v: 'A' | 'B') => {
    expect(inNode([process.execPath, TOOLS, 'put-param', PARAM, pointers[v]]).status).toBe(0);
  };

  /** Runs the agent in its own process group; it SIGKILLs the group at boundary `at`. */
  async function killedRun(at: string, ...extra: string[]): Promise<{ steps: string[]; killed: boolean }> {
    const child = node.spawn(
      agentArgv('agent.json', ...extra),
      { ...AWS, PBXC_AGENT_KILL_AT: at },
      { detached: true },
    );
    let err = '';
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.stdout!.resume();
    const signal = await new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_c, s) => r(s)));
    const steps = [...err.matchAll(/^pbxc-agent step \d+: (.*)$/gm)].map((m) => m[1]!);
    return { steps, killed: signal === 'SIGKILL' };
  }

  /** Kills the agent's whole process group from outside after `ms`. */
  async function killAfter(ms: number): Promise<void> {
    const child = node.spawn(agentArgv(), AWS, { detached: true });
    child.stdout!.resume();
    child.stderr!.resume();
    const exited = new Promise((r) => child.on('exit', r));
    await sleep(ms);
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // finished before the kill
    }
    await exited;
  }

  /** What the running daemons serve, read from the daemons. */
  function observed(): { dialplan: string; nft: boolean; fail2ban: boolean; nginx: string } {
    const xml = fsApi('xml_locate dialplan');
    const dialplan = xml.includes('call_timeout=37') ? '37' : xml.includes('call_timeout=30') ? '30' : '?';
    const nft = inNode(['nft', 'list', 'table', 'inet', 'pbxc']).stdout.includes('198.51.100.77');
    const fail2ban = inNode(['fail2ban-client', 'get', 'pbxc-sip', 'ignoreip']).stdout.includes(
      '198.51.100.77',
    );
    const nginx = inNode([
      'curl',
      '-sk',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      'https://127.0.0.1/xynap/pbxc-common.cfg',
    ]).stdout;
    return { dialplan, nft, fail2ban, nginx };
  }
  const expected = {
    A: { dialplan: '30', nft: false, fail2ban: false, nginx: '401' },
    B: { dialplan: '37', nft: true, fail2ban: true, nginx: '403' },
  };

  function activated(): string | undefined {
    const r = inNode(['cat', `${STATE}/activated.json`]);
    return r.status === 0 ? (JSON.parse(r.stdout) as { version: string }).version : undefined;
  }

  /** After an interruption: the next run ends Ready with `v`, and the daemons serve it. */
  function converged(v: 'A' | 'B', context: string): void {
    const a = agent();
    expect(a.status, `${context}\n${a.stdout}${a.stderr}`).toBe(0);
    expect(a.stdout, context).toMatch(/pbxc-agent state: Ready (Activated|UpToDate)/);
    expect(activated(), context).toBe(versions[v]);
    expect(observed(), `${context}\n${a.stdout}`).toEqual(expected[v]);
    const again = agent();
    expect(again.stdout, context).toContain('pbxc-agent state: Ready UpToDate');
    expect(
      inNode(['test', '-e', '/etc/freeswitch/vars.xml']).status,
      `${context}: /etc/freeswitch dangles`,
    ).toBe(0);
    expect(
      inNode(['sh', '-c', `ls -a ${STATE}/releases ${STATE}/downloads 2>/dev/null`]).stdout,
      context,
    ).not.toMatch(/\.(staging|check)-\d+|\.part-/);
  }

  beforeAll(async () => {
    node = await startFakeNode('kill');
    work = tempDir('deploy-kill-');
    await prepareAgentNode(node, work, { buckets: [BUCKET], config: BASE_CONFIG });
    // A and B differ in the dialplan (reloadxml), the firewall (nft -f), fail2ban's ignoreip and the
    // nginx site's allow-list (nginx reload).
    const specs = {
      A: specCopy({ 'platform.yaml': soloStaging }),
      B: specCopy({
        'tenants/xynap.yaml': (t) => t.replace('    ring_timeout: 30\n', '    ring_timeout: 37\n'),
        'platform.yaml': (t) =>
          soloStaging(t)
            .replace('office: ["203.0.113.0/24"]', 'office: ["203.0.113.0/24", "198.51.100.77"]')
            .replace('  tftp: { allow: [office] }', '  allow: [office]\n  tftp: { allow: [office] }'),
      }),
    };
    for (const v of ['A', 'B'] as const) {
      const p = node.exec([process.execPath, PBXC, 'publish', '--spec', specs[v], '--env', ENV], {
        env: { ...AWS, ...SECRETS_ENV },
        timeout: 120_000,
      });
      if (p.status !== 0) throw new Error(`publish ${v}: ${p.stderr}`);
      pointers[v] = inNode([process.execPath, TOOLS, 'get-param', PARAM]).stdout.trim();
      versions[v] = (JSON.parse(pointers[v]) as { version: string }).version;
    }
  }, 240_000);

  afterAll(() => {
    node?.dispose();
  });

  it('an agent.json whose paths all lie in a temporary root: checks pass (nginx -t included) and it activates', () => {
    const root = join(work, 'root');
    const paths = tempRootPaths(root);
    const boot = inNode(['sh', '-c', `mkdir -p ${root}/etc && cp -a /etc/fail2ban ${root}/etc/fail2ban`]);
    expect(boot.status, boot.stderr).toBe(0);
    writeFileSync(
      join(work, 'agent-root.json'),
      JSON.stringify({
        ...BASE_CONFIG,
        ...paths,
        tls: { ...paths.tls, publicName: 'pbx-1.staging.voice.example.net' },
        // first on this node: FreeSWITCH is not running here yet (when-running: its steps are skipped)
        commands: { freeswitchStart: ['true'] },
        freeswitchRuns: 'when-running',
      }),
    );
    const a = inNode(agentArgv('agent-root.json'));
    expect(a.stdout).toContain('pbxc-agent check: nginx -t: ok');
    expect(a.stdout).toMatch(/pbxc-agent state: Ready Activated/);
    expect(a.status, a.stdout).toBe(0);
    const site = inNode(['cat', `${root}/etc/nginx/sites-enabled/pbxc-provisioning.conf`]).stdout;
    expect(site).toContain(`ssl_certificate ${root}/etc/pbxc/tls/provisioning.crt;`);
    expect(site).toContain(`alias ${root}/srv/pbxc/phones/xynap/$pbxc_file;`);
    expect(site).toContain(`auth_basic_user_file ${root}/etc/pbxc/provisioning/xynap.htpasswd;`);
    expect(site).not.toMatch(/ \/(etc|srv)\/pbxc\//);
    expect(inNode(['test', '-e', `${root}/etc/freeswitch/vars.xml`]).status).toBe(0);
  }, 120_000);

  it('a first activation killed after the swap, and again while FreeSWITCH starts, converges', async () => {
    point('A');
    const swapped = await killedRun('swapped');
    expect(swapped.killed).toBe(true);
    expect(activated()).toBeUndefined();
    // status tells the truth meanwhile: nothing is active
    expect(inNode(['cat', `${STATE}/intent.json`]).stdout).toContain(versions.A);
    const starting = await killedRun('freeswitch start');
    expect(starting.killed).toBe(true);
    converged('A', 'first activation');
  }, 240_000);

  it('an activation killed at every step boundary converges on the next run', async () => {
    // the boundaries of one A → B activation, listed by a run that is not killed
    point('B');
    const pid = fsPid();
    const { steps } = await killedRun('never');
    expect(steps.length).toBeGreaterThan(8);
    expect(observed()).toEqual(expected.B);
    console.log(`boundaries of an activation (${steps.length}): ${steps.join(', ')}`);
    let at: 'A' | 'B' = 'B';
    for (let k = 1; k <= steps.length; k++) {
      at = at === 'A' ? 'B' : 'A';
      point(at);
      const run = await killedRun(String(k));
      expect(run.killed, `kill at ${k}`).toBe(true);
      converged(at, `killed at step ${k} (${run.steps.at(-1)}) of a change to ${at}`);
    }
    // all of it without restarting FreeSWITCH
    expect(fsPid()).toBe(pid);
  }, 600_000);

  it('killed at random moments (and --force killed before and after its swap), it converges', async () => {
    let at: 'A' | 'B' = activated() === versions.A ? 'A' : 'B';
    // PBXC_KILL_SAMPLES: more samples for a long run (npm run bench with BENCH_AGENT_KILLS=N)
    const samples = Number(process.env.PBXC_KILL_SAMPLES ?? 5);
    const delays = Array.from({ length: samples }, () => 200 + Math.floor(Math.random() * 3500));
    for (const ms of delays) {
      at = at === 'A' ? 'B' : 'A';
      point(at);
      await killAfter(ms);
      converged(at, `killed after ${ms} ms of a change to ${at}`);
    }
    // --force installs the active version again beside the live one; killed anywhere, nothing dangles
    for (const step of ['installed', 'swapped', 'activating']) {
      const run = await killedRun(step, '--force');
      expect(run.killed, step).toBe(true);
      expect(inNode(['test', '-e', '/etc/freeswitch/vars.xml']).status, `--force killed at ${step}`).toBe(0);
      converged(at, `--force killed at ${step}`);
    }
  }, 600_000);
});
