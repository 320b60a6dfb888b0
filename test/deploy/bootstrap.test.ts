import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAgentConfig } from '../../src/deploy/agent/config.js';
import { certDeployHook } from '../../src/deploy/bootstrap/cert-hook.js';
import {
  agentRunScript,
  FREESWITCH_MODULES,
  freeswitchPackages,
  nodeAgentConfig,
  nodeBootstrap,
  nodeSetupScript,
} from '../../src/deploy/bootstrap/node-bootstrap.js';
import { nodeInstallScript } from '../../src/deploy/bootstrap/node-install.js';
import { shq } from '../../src/deploy/bootstrap/shell.js';
import { AGENT_COMMAND, agentService, agentTimer } from '../../src/deploy/bootstrap/units.js';
import { usedModules } from '../../src/emit/freeswitch/modules.js';
import type { EnvironmentModel } from '../../src/model/types.js';
import { MASTER_KEY, SECRETS_ENV } from '../helpers/cli.js';
import { exampleModel } from '../helpers/example.js';

const hasShellcheck = spawnSync('shellcheck', ['--version']).status === 0;
if (!hasShellcheck)
  console.warn('SKIPPED: shellcheck of the node bootstrap because shellcheck is not installed');

function shellcheck(script: string): string {
  const r = spawnSync('shellcheck', ['-s', 'sh', '-'], { input: script, encoding: 'utf8' });
  return r.status === 0 ? '' : r.stdout;
}

async function staging(): Promise<{
  model: Awaited<ReturnType<typeof exampleModel>>;
  env: EnvironmentModel;
}> {
  const model = await exampleModel();
  return { model, env: model.platform.environments.find((e) => e.name === 'staging')! };
}

describe('node bootstrap (first-boot user data)', () => {
  it.skipIf(!hasShellcheck)('is POSIX shell shellcheck accepts, for both FreeSWITCH sources', async () => {
    const { model, env } = await staging();
    for (const source of ['signalwire-repo', 'image'] as const) {
      const script = nodeBootstrap(
        model,
        { ...env, freeswitch: { ...env.freeswitch, source } },
        { name: 'pbx-1', fqdn: 'pbx-1.staging.voice.example.net' },
      );
      expect(shellcheck(`#!/bin/sh\n${script}`)).toBe('');
    }
    expect(shellcheck(certDeployHook(nodeAgentConfig(model, env, { name: 'pbx-1' })))).toBe('');
    // The scripts the node keeps (setup and the agent's run script), and a generic host's installer.
    const generic = {
      ...env,
      provider: 'generic' as const,
      storage: { bucket: 'pbx-office', endpoint: 'https://s3.example.com' },
    };
    for (const e of [env, generic]) {
      expect(shellcheck(nodeSetupScript(model, e, { name: 'pbx-1' }))).toBe('');
      expect(shellcheck(agentRunScript(model, e, { name: 'pbx-1' }))).toBe('');
    }
    expect(shellcheck(nodeInstallScript(model, generic, { node: 'pbx-1' }))).toBe('');
  });

  it('reads the FreeSWITCH token from SSM and carries no secret', async () => {
    const { model, env } = await staging();
    const script = nodeBootstrap(model, env, { name: 'pbx-1', fqdn: 'pbx-1.staging.voice.example.net' });
    expect(script).toContain("--name '/pbxc/voice-example/staging/secrets/signalwire-token'");
    expect(script).toContain('freeswitch-mod-sofia');
    for (const secret of [MASTER_KEY, ...Object.values(SECRETS_ENV)]) expect(script).not.toContain(secret);
    expect(script).not.toMatch(/PBXC_SECRET\(|password=(?!%s)/);
    // only the image source skips the repository
    const { dnsZone: _zone, ...noZone } = env;
    const image = nodeBootstrap(
      model,
      { ...noZone, freeswitch: { ...env.freeswitch, source: 'image' } },
      { name: 'pbx-1' },
    );
    expect(image).not.toContain('signalwire');
    expect(image).not.toContain('certbot certonly');
    // The certificate is the agent's (tenant domains come from the bundle): user data only says how.
    expect(script).not.toContain('certbot certonly');
    const agentJson = JSON.parse(
      /cat > '\/etc\/pbxc\/agent\.json' <<'PBXC_FILE_EOF'\n([\s\S]*?)\nPBXC_FILE_EOF/.exec(script)![1]!,
    );
    expect(agentJson.tls).toMatchObject({
      names: [
        'pbx-1.staging.voice.example.net',
        'sip.staging.voice.example.net',
        model.platform.provisioning.host,
      ],
      zone: 'staging.voice.example.net',
      acme: 'dns-route53',
    });
    // nginx answers ACME HTTP-01 challenges on port 80 (tenant domains outside the zone), nothing else
    expect(script).toContain("cat > '/etc/nginx/sites-enabled/pbxc-acme.conf'");
    expect(script).toContain('location /.well-known/acme-challenge/ {');
    expect(nodeBootstrap(model, env, { name: 'pbx-1' })).toBe(nodeBootstrap(model, env, { name: 'pbx-1' }));
  });

  it('installs an agent.json the agent accepts, with production paths and its own status parameter', async () => {
    const { model, env } = await staging();
    const script = nodeBootstrap(model, env, { name: 'pbx-2' });
    const json = /cat > '\/etc\/pbxc\/agent\.json' <<'PBXC_FILE_EOF'\n([\s\S]*?)\nPBXC_FILE_EOF/.exec(
      script,
    )![1]!;
    const config = parseAgentConfig(json);
    expect(config).toEqual(nodeAgentConfig(model, env, { name: 'pbx-2' }));
    expect(config).toMatchObject({
      node: 'pbx-2',
      bucket: 'pbxc-voice-example-staging-bundles',
      bundleParameter: '/pbxc/voice-example/staging/bundle',
      statusParameter: '/pbxc/voice-example/staging/status/pbx-2',
      stateDir: '/var/lib/pbxc',
      fileGroup: 'pbxc',
      links: { freeswitch: '/etc/freeswitch', nftables: '/etc/nftables.d/pbx.nft' },
    });
  });

  it('leaves FreeSWITCH to the HA watcher when the environment has several nodes', async () => {
    const { model, env } = await staging();
    const ha = { ...env, nodes: 2 };
    expect(nodeAgentConfig(model, ha, { name: 'pbx-1' }).freeswitchRuns).toBe('when-running');
    expect(nodeAgentConfig(model, env, { name: 'pbx-1' }).freeswitchRuns).toBe('always');
    expect(nodeBootstrap(model, ha, { name: 'pbx-1' })).not.toContain('systemctl enable freeswitch');
    expect(nodeBootstrap(model, env, { name: 'pbx-1' })).toContain('systemctl enable freeswitch');
    // The watcher unit is enabled before pbxc exists; it must be started once pbxc is installed.
    const text = nodeBootstrap(model, ha, { name: 'pbx-1' });
    expect(text.indexOf('systemctl start pbxc-ha.service')).toBeGreaterThan(text.indexOf('npm install -g'));
    expect(nodeBootstrap(model, env, { name: 'pbx-1' })).not.toContain('pbxc-ha.service');
  });

  it('runs the agent from a systemd timer every minute', () => {
    expect(agentService()).toContain('ExecStart=/usr/local/lib/pbxc/agent-run');
    expect(agentService()).toMatch(/^Type=oneshot$/m);
    expect(agentTimer()).toMatch(/^OnUnitInactiveSec=60s$/m);
    expect(AGENT_COMMAND).toBe('/usr/bin/pbxc agent --config /etc/pbxc/agent.json');
  });

  it('names one Debian package per FreeSWITCH module any spec may load, independent of the spec', async () => {
    const { model } = await staging();
    expect(freeswitchPackages()).toContain('freeswitch-mod-valet-parking');
    expect(freeswitchPackages()).toContain('freeswitch-mod-dialplan-xml');
    // Every module the emitter may load (with every optional feature on) is in the fixed list.
    const everything = {
      ...model,
      platform: { ...model.platform, sip: { ...model.platform.sip, codecs: ['OPUS', 'G729', 'PCMA'] } },
    } as typeof model;
    for (const m of usedModules(everything)) expect(FREESWITCH_MODULES).toContain(m.module);
  });

  it('keeps codecs, tenants and trunks out of the first-boot script (no user_data change, no node restart)', async () => {
    const { model, env } = await staging();
    const other = {
      ...model,
      platform: { ...model.platform, sip: { ...model.platform.sip, codecs: ['G729', 'PCMU'] } },
      tenants: model.tenants.slice(0, 1),
    } as typeof model;
    const node = { name: 'pbx-1', fqdn: 'pbx-1.staging.voice.example.net' };
    expect(nodeBootstrap(other, env, node)).toBe(nodeBootstrap(model, env, node));
    // no tenant domain in it: the node certificate's tenant names come from the bundle at run time
    const script = nodeBootstrap(model, env, node);
    for (const t of model.tenants) expect(script).not.toContain(t.domain);
  });

  it('quotes any string for the shell (property, real sh)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }).filter((s) => !s.includes('\0')),
        (value) => {
          const r = spawnSync('sh', ['-c', `printf %s ${shq(value)}`], { encoding: 'utf8' });
          expect(r.stdout).toBe(value);
        },
      ),
      { numRuns: 40 },
    );
  });
});
