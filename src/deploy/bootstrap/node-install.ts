import { DB_DSN_FILE } from '../../ha/db-node.js';
import type { EnvironmentModel, Model } from '../../model/types.js';
import { nodeBootstrap } from './node-bootstrap.js';
import { shq } from './shell.js';
import { AGENT_ENV_FILE } from './units.js';

/** Where a generic host keeps its identity, as the AWS stacks' user data does. */
export const NODE_ENV_FILE = '/etc/pbxc/node.env';

export interface InstallOptions {
  readonly node: string;
  /** The address phones and trunks use; default: detected at install time (the host's own). */
  readonly publicIpv4?: string;
}

/**
 * The installer of a provider: generic host (any Debian 12): the identity (node.env, the host name),
 * the storage credentials from the installer's environment into a 0600 file (never in the script),
 * then the same first-boot part as an AWS node. Pure: the same spec gives the same text.
 */
export function nodeInstallScript(model: Model, env: EnvironmentModel, o: InstallOptions): string {
  const fqdn = env.dnsZone ? `${o.node}.${env.dnsZone}` : undefined;
  const db = env.database?.dsnSecret;
  const lines = [
    '#!/bin/sh',
    `# pbxc node installer: ${o.node} of ${model.platform.id}/${env.name} (provider: generic), for Debian 12.`,
    '# Run as root. Storage credentials (read-only access to the bucket and write access to control/status/',
    '# is enough) come from your environment, never from this script:',
    `#   AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=…${env.freeswitch.source === 'signalwire-repo' ? ' PBXC_SIGNALWIRE_TOKEN=…' : ''}${db ? ' PBXC_DB_DSN=…' : ''} sh install.sh`,
    '# Re-running it is safe. See docs/deploy.md ("Your own servers").',
    'set -eu',
    `[ "$(id -u)" = 0 ] || { echo 'pbxc: run the installer as root' >&2; exit 2; }`,
    `if ! grep -q '^VERSION_CODENAME=bookworm' /etc/os-release 2>/dev/null; then echo 'pbxc: warning: this is not Debian 12 (bookworm); the packages may differ' >&2; fi`,
    'install -d -m 0755 /etc/pbxc',
    `if [ -n "\${AWS_ACCESS_KEY_ID:-}" ] && [ -n "\${AWS_SECRET_ACCESS_KEY:-}" ]; then`,
    '  umask 077',
    `  printf 'AWS_ACCESS_KEY_ID=%s\\nAWS_SECRET_ACCESS_KEY=%s\\n' "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" > ${shq(`${AGENT_ENV_FILE}.new`)}`,
    `  if [ -n "\${AWS_ENDPOINT_URL_S3:-}" ]; then printf 'AWS_ENDPOINT_URL_S3=%s\\n' "$AWS_ENDPOINT_URL_S3" >> ${shq(`${AGENT_ENV_FILE}.new`)}; fi`,
    `  mv ${shq(`${AGENT_ENV_FILE}.new`)} ${shq(AGENT_ENV_FILE)}`,
    '  umask 022',
    'fi',
    `grep -q '^AWS_SECRET_ACCESS_KEY=.' ${shq(AGENT_ENV_FILE)} 2>/dev/null || { echo 'pbxc: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (the storage credentials) for the first run' >&2; exit 2; }`,
    ...(db ? databaseLines(db) : []),
    '# The address FreeSWITCH binds to and the one it advertises (a host with its own public address: the same).',
    `bind="\${PBXC_SIP_BIND_IPV4:-$(ip -4 route get 192.0.2.1 2>/dev/null | sed -n 's/.* src \\([0-9.]*\\).*/\\1/p')}"`,
    `public="\${PBXC_PUBLIC_IPV4:-${o.publicIpv4 ?? '$bind'}}"`,
    `if [ -z "$bind" ] || [ -z "$public" ]; then echo 'pbxc: cannot tell the host address: set PBXC_SIP_BIND_IPV4 and PBXC_PUBLIC_IPV4' >&2; exit 2; fi`,
    `if command -v hostnamectl >/dev/null; then hostnamectl set-hostname ${shq(fqdn ?? o.node)} || true; fi`,
    `{`,
    `  printf '%s\\n' ${shq(`PBXC_PLATFORM=${model.platform.id}`)} ${shq(`PBXC_ENVIRONMENT=${env.name}`)} ${shq(`PBXC_NODE=${o.node}`)} ${shq(`PBXC_HOSTNAME=${fqdn ?? o.node}`)}`,
    `  printf 'PBXC_PUBLIC_IPV4=%s\\nPBXC_NODE_PUBLIC_IPV4=%s\\nPBXC_SIP_BIND_IPV4=%s\\n' "$public" "$public" "$bind"`,
    ...(db ? databaseEnvLines(env.nodes > 1) : []),
    `} > ${shq(`${NODE_ENV_FILE}.new`)}`,
    `chmod 0644 ${shq(`${NODE_ENV_FILE}.new`)}`,
    `mv ${shq(`${NODE_ENV_FILE}.new`)} ${shq(NODE_ENV_FILE)}`,
    nodeBootstrap(model, env, { name: o.node, ...(fqdn ? { fqdn } : {}) }).trimEnd(),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * The database URI (the named secret `secret`): from the installer's environment (PBXC_DB_DSN)
 * into a root-only file, never into the script; required on the first run, kept on later ones.
 */
function databaseLines(secret: string): string[] {
  const file = shq(DB_DSN_FILE);
  return [
    `# The database (environments.<env>.database.dsn_secret: ${secret}): its URI comes from your environment as`,
    '# PBXC_DB_DSN, never from this script; pbxc ha turns it into node.env PBXC_DB_* and the passfile (docs/ha.md).',
    `if [ -n "\${PBXC_DB_DSN:-}" ]; then`,
    '  umask 077',
    `  printf '%s\\n' "$PBXC_DB_DSN" > ${shq(`${DB_DSN_FILE}.new`)}`,
    `  mv ${shq(`${DB_DSN_FILE}.new`)} ${file}`,
    '  umask 022',
    'fi',
    `[ -s ${file} ] || { echo ${shq(`pbxc: set PBXC_DB_DSN (the database URI, secret ${secret}) for the first run`)} >&2; exit 2; }`,
    `chmod 0600 ${file}`,
  ];
}

/**
 * node.env lines of a node with a database: where its URI is, the PBXC_DB_* facts pbxc ha wrote
 * before (kept, so FreeSWITCH finds them after a re-install), and with several nodes the lease
 * group with its service address on the LAN (PBXC_HA_SERVICE_IP from the installer's environment).
 */
function databaseEnvLines(group: boolean): string[] {
  return [
    `  printf '%s\\n' ${shq(`PBXC_DB_DSN_FILE=${DB_DSN_FILE}`)}`,
    `  grep -E '^PBXC_DB_(HOST|PORT|NAME|USER|SSLMODE)=' ${shq(NODE_ENV_FILE)} 2>/dev/null || true`,
    ...(group
      ? [
          `  printf '%s\\n' 'PBXC_HA=active-standby'`,
          `  if [ -n "\${PBXC_HA_SERVICE_IP:-}" ]; then`,
          `    printf 'PBXC_HA_SERVICE_IP=%s\\nPBXC_HA_SERVICE_DEV=%s\\n' "$PBXC_HA_SERVICE_IP" "\${PBXC_HA_SERVICE_DEV:-$(ip -4 route show default | sed -n 's/.* dev \\([^ ]*\\).*/\\1/p' | head -n 1)}"`,
          '  fi',
        ]
      : []),
  ];
}

/** The same installer as a cloud-init file: written to the host, run once by cloud-init. */
export function nodeInstallCloudInit(script: string): string {
  const indented = script
    .trimEnd()
    .split('\n')
    .map((l) => (l === '' ? '' : `      ${l}`))
    .join('\n');
  return `#cloud-config
# pbxc node installer as cloud-init. Add the storage credentials yourself (never commit them), e.g.
# a write_files entry for /etc/pbxc/agent.env (0600) with AWS_ACCESS_KEY_ID=… and AWS_SECRET_ACCESS_KEY=….
write_files:
  - path: /var/lib/pbxc-install/install.sh
    permissions: '0700'
    content: |
${indented}
runcmd:
  - [sh, /var/lib/pbxc-install/install.sh]
`;
}
