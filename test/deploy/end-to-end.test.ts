import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupFile, parseDomainsMap } from '../../src/emit/freeswitch/directory-lookup.js';
import {
  bundleBucketName,
  bundleParameterName,
  nodeStatusParameterPrefix,
} from '../../src/model/deploy-names.js';
import { run, SECRETS_ENV, soloStaging, specCopy, tempDir } from '../helpers/cli.js';
import { ROOT } from '../helpers/example.js';
import { agentNodeUnavailable, PBXC, prepareAgentNode, TOOLS } from './agent-node.js';
import { type FakeNode, startFakeNode } from './fake-node.js';

/**
 * The whole deployment path on one machine: a fake node (private network, mount and PID namespaces)
 * with the real FreeSWITCH, nginx, fail2ban and nftables; a local S3 (s3rver) and SSM inside it;
 * `pbxc publish` and `pbxc agent` exactly as on a node, with the production paths of agent.json.
 */
function unavailable(): string | undefined {
  const node = agentNodeUnavailable();
  if (node) return node;
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
const SCENARIOS = join(ROOT, 'test/deploy/scenarios');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(reason !== undefined)(
  'deploy end to end: publish → agent → real FreeSWITCH, nginx, fail2ban, nftables',
  () => {
    let node: FakeNode;
    let spec: string;
    let work: string;
    let sippPort = 5100;
    let changed = '';

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
      const [user, , password] = fields.split(';');
      extra = ['-au', user!, '-ap', password!, ...extra];
      const csv = join(work, `users-${sippPort}.csv`);
      writeFileSync(csv, `SEQUENTIAL\n${fields}\n`);
      const port = sippPort++;
      return [
        'sipp',
        '127.0.0.1:5060',
        '-sf',
        join(SCENARIOS, scenario),
        '-inf',
        csv,
        '-m',
        '1',
        '-l',
        '1',
        '-i',
        '127.0.0.1',
        '-p',
        String(port),
        '-mp',
        String(port + 2000),
        '-timeout',
        '20s',
        '-timeout_error',
        '-nostdin',
        '-trace_err',
        '-error_file',
        join(work, `sipp-${port}.err`),
        '-trace_msg',
        '-message_file',
        join(work, `sipp-${port}.msg`),
        ...extra,
      ];
    }
    const register = async (number: string, s = spec) =>
      inNode(sipp('register.xml', await credentials(number, s)), {}, 30_000);

    beforeAll(async () => {
      node = await startFakeNode('e2e');
      work = tempDir('deploy-e2e-');
      spec = specCopy({ 'platform.yaml': soloStaging });
      await prepareAgentNode(node, work, {
        buckets: [BUCKET],
        config: {
          node: 'pbx-1',
          region: 'eu-central-1',
          bucket: BUCKET,
          bundleParameter: PARAM,
          statusParameter: STATUS,
          endpoints: { s3: AWS.AWS_ENDPOINT_URL_S3, ssm: AWS.AWS_ENDPOINT_URL_SSM },
        },
      });
    }, 60_000);

    afterAll(() => {
      node?.dispose();
    });

    it('first publish: the agent installs the tree, starts FreeSWITCH; a phone registers and calls', async () => {
      const p = publish();
      expect(p.stderr).toBe('');
      expect(p.status).toBe(0);
      const a = agent();
      expect(a.stdout).toContain('pbxc-agent check: nginx -t: ok');
      expect(a.stdout).toContain('pbxc-agent plan: ');
      expect(a.stdout).toMatch(/pbxc-agent state: Ready Activated/);
      expect(a.status).toBe(0);
      const again = agent();
      expect(again.stdout).toContain('pbxc-agent state: Ready UpToDate');
      expect(
        inNode([
          'sh',
          '-c',
          'readlink /etc/freeswitch; ls /etc/freeswitch/tls/agent.pem /etc/pbxc/tls/provisioning.crt',
        ]).stdout,
      ).toMatch(/current\/freeswitch/);
      expect(inNode(['nft', 'list', 'table', 'inet', 'pbxc']).status).toBe(0);
      expect(inNode(['fail2ban-client', 'status']).stdout).toContain('pbxc-sip');
      const r = await register('1000');
      expect(
        r.status,
        `${r.stderr}\n${inNode(['tail', '-n', '30', '/var/log/freeswitch/freeswitch.log']).stdout}\n${fsApi('sofia status')}`,
      ).toBe(0);
      const call = inNode(sipp('call.xml', `${await credentials('1000')};*9196`, ['-d', '1000']), {}, 40_000);
      expect(call.status, call.stderr).toBe(0);
    }, 180_000);

    it('a change (new extension, rotated trunk password, new whitelist entry) goes live without a restart; a call survives', async () => {
      const pid = fsPid();
      expect(pid).toMatch(/^\d+$/);
      // a call held until FreeSWITCH hangs it up: only a call that survived the activation is there to hang up
      const call = node.spawn(
        sipp('call-held.xml', `${await credentials('1000')};*9196`, ['-timeout', '300s']),
      );
      const callDone = new Promise<number | null>((resolve) => call.on('exit', (code) => resolve(code)));
      for (let i = 0; i < 80 && !/^1 total/m.test(fsApi('show channels count')); i++) await sleep(250);
      expect(fsApi('show channels count')).toMatch(/^1 total/m);

      changed = specCopy({
        'tenants/xynap.yaml': (t) =>
          t
            .replace('extensions:\n', 'extensions:\n  - { number: "1050", name: New Hire }\n')
            .replace('password: { secret: telekom-trunk }', 'password: { secret: telekom-trunk, rev: 1 }'),
        'platform.yaml': (t) =>
          soloStaging(t).replace('office: ["203.0.113.0/24"]', 'office: ["203.0.113.0/24", "198.51.100.77"]'),
      });
      const p = publish(changed, { PBXC_SECRET_TELEKOM_TRUNK: 'rotated-trunk-password' });
      expect(p.status, p.stderr).toBe(0);
      const a = agent();
      expect(a.status, a.stdout).toBe(0);
      expect(a.stdout).toMatch(
        /pbxc-agent plan: \d+ files changed: reloadxml, \d+ directory files read at lookup \(no reload\), external: killgw xynap-telekom, rescan, nft -f, fail2ban reload/,
      );
      expect(a.stdout).toContain('pbxc-agent freeswitch: sofia profile external killgw xynap-telekom');
      expect(a.stdout).not.toContain('restarting profile');
      expect(a.stdout).toMatch(/pbxc-agent state: Ready Activated: \w{12} active \(was \w{12}\)/);

      // the same FreeSWITCH process, the call still up on both ends; FreeSWITCH's BYE answered
      expect(fsPid()).toBe(pid);
      expect(fsApi('show channels count')).toMatch(/^1 total/m);
      expect(call.exitCode).toBe(null);
      expect(fsApi('hupall NORMAL_CLEARING')).toMatch(/\+OK/);
      expect(await callDone).toBe(0);
      // the new extension registers; the trunk was rebuilt with its new password; the whitelist is live
      const r = await register('1050', changed);
      expect(r.status, r.stderr).toBe(0);
      expect(fsApi('sofia xmlstatus gateway xynap-telekom')).toContain('<name>xynap-telekom</name>');
      expect(
        inNode([
          'grep',
          '-c',
          'rotated-trunk-password',
          '/etc/freeswitch/sip_profiles/external.xml',
        ]).stdout.trim(),
      ).toBe('1');
      expect(inNode(['nft', 'list', 'table', 'inet', 'pbxc']).stdout).toContain('198.51.100.77');
      expect(inNode(['fail2ban-client', 'get', 'pbxc-sip', 'ignoreip']).stdout).toContain('198.51.100.77');
    }, 120_000);

    it('broken bundles (bad digest, a site nginx rejects) are refused; the node keeps serving and reports it', async () => {
      const pid = fsPid();
      const active = inNode(['readlink', '/var/lib/pbxc/current']).stdout.trim();
      const good = JSON.parse(inNode([process.execPath, TOOLS, 'get-param', PARAM]).stdout) as {
        key: string;
      };

      const forged = JSON.stringify({ version: '0'.repeat(12), key: good.key, sha256: '0'.repeat(64) });
      expect(inNode([process.execPath, TOOLS, 'put-param', PARAM, forged]).status).toBe(0);
      const bad = agent();
      expect(bad.status).toBe(2);
      expect(bad.stdout).toMatch(
        /pbxc-agent state: Failed DigestMismatch: bundle sha256 is [0-9a-f]{64}, published 0{64}/,
      );
      expect(inNode(['readlink', '/var/lib/pbxc/current']).stdout.trim()).toBe(active);

      const tree = join(work, 'broken');
      const rendered = await run(['render', '--spec', spec, '--out', tree], { env: SECRETS_ENV });
      expect(rendered.code).toBe(0);
      const site = join(tree, 'provisioning/nginx/pbxc-provisioning.conf');
      writeFileSync(site, `${readFileSync(site, 'utf8')}bogus_directive on;\n`);
      expect(inNode([process.execPath, TOOLS, 'publish-tree', tree, BUCKET, PARAM]).status).toBe(0);
      const refused = agent();
      expect(refused.status).toBe(2);
      expect(refused.stdout).toContain('pbxc-agent check: nginx -t: FAILED');
      expect(refused.stdout).toMatch(
        /pbxc-agent state: Failed CheckFailed: nginx -t: provisioning\/nginx\/pbxc-provisioning\.conf:\d+ \(exit 1\)/,
      );
      expect(inNode(['readlink', '/var/lib/pbxc/current']).stdout.trim()).toBe(active);
      expect(
        inNode(['grep', '-c', 'bogus', '/etc/nginx/sites-enabled/pbxc-provisioning.conf']).stdout.trim(),
      ).toBe('0');
      // a failed version is not retried every minute
      expect(agent().stdout).toContain('failed before; not retried');

      // passes every check but FreeSWITCH refuses it while activating: swapped back and restored
      const modules = join(tree, 'freeswitch/autoload_configs/modules.conf.xml');
      writeFileSync(site, readFileSync(site, 'utf8').replace('bogus_directive on;\n', ''));
      writeFileSync(
        modules,
        readFileSync(modules, 'utf8').replace(
          '</modules>',
          '  <load module="mod_pbxc_missing"/>\n  </modules>',
        ),
      );
      // A new directory user (a line of its bucket file, read at lookup time): rolled back with the link.
      const map = parseDomainsMap(readFileSync(join(tree, 'freeswitch/directory/domains.map'), 'utf8'));
      const bucket = join(tree, 'freeswitch', lookupFile('1098', 'sip.xynap.tech', map)!.file);
      writeFileSync(
        bucket,
        readFileSync(bucket, 'utf8').replace(
          '</users>',
          '<user id="1098"><params><param name="password" value="x"/></params></user>\n</users>',
        ),
      );
      expect(inNode([process.execPath, TOOLS, 'publish-tree', tree, BUCKET, PARAM]).status).toBe(0);
      const rolled = agent();
      expect(rolled.status).toBe(2);
      expect(rolled.stdout).toContain('pbxc-agent freeswitch: reloadxml');
      expect(rolled.stdout).toMatch(/pbxc-agent activate: FAILED: load mod_pbxc_missing/);
      expect(rolled.stdout).toMatch(/pbxc-agent rollback: \w{12} active again/);
      expect(rolled.stdout).toMatch(/pbxc-agent state: Failed ActivateFailed: .*restored \w{12}/);
      expect(inNode(['readlink', '/var/lib/pbxc/current']).stdout.trim()).toBe(active);
      expect(fsApi('user_exists id 1098 sip.xynap.tech').trim()).toBe('false');

      // still serving the previous version: same FreeSWITCH, phones register, nginx answers
      expect(fsPid()).toBe(pid);
      const r = await register('1000');
      expect(r.status, r.stderr).toBe(0);
      expect(inNode(['nginx', '-t', '-q']).status).toBe(0);

      // and both the node and pbxc status say so
      const state = JSON.parse(inNode(['cat', '/var/lib/pbxc/state.json']).stdout) as Record<string, string>;
      expect(state).toMatchObject({
        node: 'pbx-1',
        condition: 'Failed',
        reason: 'ActivateFailed',
        active: active.split('/').at(-1),
      });
      const status = inNode([process.execPath, PBXC, 'status', '--spec', spec, '--env', ENV]);
      expect(status.status).toBe(1);
      expect(status.stdout).toMatch(/pbx-1 \(single\) {2}active \w{12} .*Failed ActivateFailed/);
    }, 120_000);

    it('recovers by re-publishing the good spec; a renewed certificate restarts the profiles once', async () => {
      const pid = fsPid();
      const p = publish(changed, { PBXC_SECRET_TELEKOM_TRUNK: 'rotated-trunk-password' });
      expect(p.status, p.stderr).toBe(0);
      const a = agent();
      expect(a.stdout).toContain('pbxc-agent state: Ready UpToDate');
      expect(a.status).toBe(0);
      const status = inNode([process.execPath, PBXC, 'status', '--spec', changed, '--env', ENV, '--json']);
      expect(status.status, status.stdout).toBe(0);
      const row = JSON.parse(status.stdout).nodes[0];
      expect(row).toMatchObject({ node: 'pbx-1', condition: 'Ready', problems: [] });
      expect(row.active).toBe(JSON.parse(status.stdout).published.version);

      expect(inNode(['touch', '/var/lib/pbxc/tls/.renewed']).status).toBe(0);
      const renewed = agent();
      expect(renewed.stdout).toContain('pbxc-agent tls: renewed certificate: restarting profile external');
      expect(renewed.stdout).toContain('pbxc-agent tls: renewed certificate: restarting profile internal');
      expect(inNode(['test', '-e', '/var/lib/pbxc/tls/.renewed']).status).toBe(1);
      for (let i = 0; i < 60 && !/internal\s+profile[^\n]*RUNNING/.test(fsApi('sofia status')); i++)
        await sleep(250);
      expect(fsPid()).toBe(pid);
      const r = await register('1001', changed);
      expect(r.status, r.stderr).toBe(0);
    }, 90_000);

    it('an HA standby (FreeSWITCH stopped, freeswitchRuns: when-running) takes the files; FreeSWITCH starts with them', async () => {
      const config = JSON.parse(readFileSync(join(work, 'agent.json'), 'utf8')) as Record<string, unknown>;
      writeFileSync(
        join(work, 'agent-standby.json'),
        JSON.stringify({ ...config, freeswitchRuns: 'when-running' }),
      );
      expect(inNode(['sh', '-c', 'kill "$(cat /run/freeswitch/freeswitch.pid)"']).status).toBe(0);
      for (
        let i = 0;
        i < 40 && inNode(['sh', '-c', 'kill -0 "$(cat /run/freeswitch/freeswitch.pid)"']).status === 0;
        i++
      ) {
        await sleep(250);
      }
      const standby = specCopy({
        'tenants/xynap.yaml': (t) =>
          t
            .replace(
              'extensions:\n',
              'extensions:\n  - { number: "1050", name: New Hire }\n  - { number: "1051", name: Standby Hire }\n',
            )
            .replace('password: { secret: telekom-trunk }', 'password: { secret: telekom-trunk, rev: 1 }')
            .replace('    ring_timeout: 30\n', '    ring_timeout: 25\n'),
        'platform.yaml': (t) =>
          soloStaging(t).replace('office: ["203.0.113.0/24"]', 'office: ["203.0.113.0/24", "198.51.100.77"]'),
      });
      expect(publish(standby, { PBXC_SECRET_TELEKOM_TRUNK: 'rotated-trunk-password' }).status).toBe(0);
      const a = inNode([process.execPath, PBXC, 'agent', '--config', join(work, 'agent-standby.json')]);
      // A dialplan change (reloadxml) and a new user (read at lookup): the standby puts the files in
      // place and runs no FreeSWITCH step.
      expect(a.stdout).toMatch(
        /pbxc-agent plan: \d+ files changed: reloadxml, \d+ directory files read at lookup/,
      );
      expect(a.stdout).toContain(
        'pbxc-agent freeswitch: not running on this node (standby): files in place, FreeSWITCH steps skipped',
      );
      expect(a.stdout).not.toMatch(/pbxc-agent freeswitch: (reloadxml|sofia)/);
      expect(a.stdout).toMatch(/pbxc-agent state: Ready Activated/);
      expect(a.status).toBe(0);
      // failover: FreeSWITCH starts here and serves the new tree at once
      expect(inNode(['sh', join(work, 'fs-start.sh')]).status).toBe(0);
      for (let i = 0; i < 120 && !/internal\s+profile[^\n]*RUNNING/.test(fsApi('sofia status')); i++)
        await sleep(250);
      const r = await register('1051', standby);
      expect(r.status, r.stderr).toBe(0);
    }, 90_000);
  },
);
