import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/example.js';
import { type FakeNode, fakeNodeUnavailable } from './fake-node.js';

/**
 * The set-up every agent test on a fake node shares (agent-kill, end-to-end, generic end-to-end):
 * the real FreeSWITCH started the way systemd does, the node's daemons as first boot leaves them,
 * local object storage (and SSM for the AWS kind) inside the node, and agent.json.
 */
export const FREESWITCH = '/opt/freeswitch/bin/freeswitch';
export const PBXC = join(ROOT, 'bin/pbxc.js');
/** Helper commands run inside the node (cloud, s3, put-param, fs-api, …): node-tools.mjs. */
export const TOOLS = join(ROOT, 'test/deploy/node-tools.mjs');
export const STATE = '/var/lib/pbxc';

/** Why the agent cannot run on a fake node here (namespaces, the real daemons, extra tools). */
export function agentNodeUnavailable(
  extra: readonly (readonly [string, readonly string[]])[] = [],
): string | undefined {
  const node = fakeNodeUnavailable();
  if (node) return node;
  for (const [tool, args] of [
    [FREESWITCH, ['-version']],
    ['nginx', ['-v']],
    ['fail2ban-client', ['--version']],
    ['nft', ['--version']],
    ['xmllint', ['--version']],
    ['openssl', ['version']],
    ...extra,
  ] as const) {
    if (spawnSync(tool, args).status !== 0) return `${tool} is not installed`;
  }
  return undefined;
}

/**
 * fs-start.sh: (re)starts FreeSWITCH with the installed tree, as `systemctl restart freeswitch`
 * does. setsid: FreeSWITCH is not in the agent's process group (under systemd it runs in its own
 * unit), so killing the agent does not kill it.
 */
export function writeFreeswitchStart(work: string): string {
  const file = join(work, 'fs-start.sh');
  writeFileSync(
    file,
    [
      '#!/bin/sh',
      'set -e',
      'mkdir -p /var/log/freeswitch /var/lib/freeswitch/db /var/lib/freeswitch/storage /var/lib/freeswitch/recordings /run/freeswitch /var/cache/freeswitch /var/tmp/freeswitch',
      'if [ -f /run/freeswitch/freeswitch.pid ]; then kill "$(cat /run/freeswitch/freeswitch.pid)" 2>/dev/null && sleep 2; rm -f /run/freeswitch/freeswitch.pid; fi',
      // its complaints (the agent's reasons never quote a tool) go to a file a failing test can show
      `exec setsid ${FREESWITCH} -nc -nonat -nonatmap -conf /etc/freeswitch -log /var/log/freeswitch -db /var/lib/freeswitch/db -run /run/freeswitch -temp /var/tmp/freeswitch -storage /var/lib/freeswitch/storage -recordings /var/lib/freeswitch/recordings -certs /etc/freeswitch/tls -cache /var/cache/freeswitch >> ${join(work, 'fs-start.log')} 2>&1`,
      '',
    ].join('\n'),
  );
  return file;
}

/**
 * Starts the node's storage inside it: `aws` = s3rver on :4568 and the fake SSM on :4583;
 * `s3` = s3rver alone (provider: generic: nothing answers an SSM call).
 */
export async function startNodeStorage(
  node: FakeNode,
  work: string,
  buckets: readonly string[],
  kind: 'aws' | 's3' = 'aws',
): Promise<void> {
  const cloud = node.spawn([
    process.execPath,
    TOOLS,
    kind === 'aws' ? 'cloud' : 's3',
    join(work, 's3'),
    ...buckets,
  ]);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('local storage did not start')), 15_000);
    cloud.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

/**
 * The node as first boot leaves it: nginx and fail2ban running with Debian's configuration (without
 * Debian's sshd jail: no sshd here), no FreeSWITCH yet.
 */
export function bootNodeDaemons(node: FakeNode): void {
  const boot = node.exec([
    'sh',
    '-c',
    'rm -f /etc/fail2ban/jail.d/defaults-debian.conf && mkdir -p /var/log/nginx /etc/nftables.d && nginx && fail2ban-client start >/dev/null',
  ]);
  if (boot.status !== 0) throw new Error(`fake node boot failed: ${boot.stderr}`);
}

/**
 * agent.json for a fake node: the given configuration with the node's public name and FreeSWITCH
 * started by fs-start.sh (production paths: the node's /etc, /srv and /var are its own overlays).
 */
export function writeAgentConfig(work: string, config: Record<string, unknown>, name = 'agent.json'): string {
  const file = join(work, name);
  writeFileSync(
    file,
    JSON.stringify({
      tls: { publicName: 'pbx-1.staging.voice.example.net' },
      commands: { freeswitchStart: ['sh', join(work, 'fs-start.sh')] },
      freeswitchStartTimeout: 45,
      ...config,
    }),
  );
  return file;
}

/** The whole fake-node set-up: fs-start.sh, storage, daemons, agent.json. */
export async function prepareAgentNode(
  node: FakeNode,
  work: string,
  o: { buckets: readonly string[]; storage?: 'aws' | 's3'; config: Record<string, unknown> },
): Promise<void> {
  writeFreeswitchStart(work);
  writeAgentConfig(work, o.config);
  await startNodeStorage(node, work, o.buckets, o.storage);
  bootNodeDaemons(node);
}
