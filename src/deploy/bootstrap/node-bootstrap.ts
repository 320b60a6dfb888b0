import { usedModules } from '../../emit/freeswitch/modules.js';
import {
  AGENT_PATHS,
  bundleBucketName,
  bundleParameterName,
  nodeSecretParameterPrefix,
  nodeStatusParameterPrefix,
} from '../../model/deploy-names.js';
import type { EnvironmentModel, Model } from '../../model/types.js';
import { type AgentConfig, defaultAgentConfig } from '../agent/config.js';
import { certDeployHook, TLS_RENEWED_MARKER } from './cert-hook.js';
import { shq, writeFile } from './shell.js';
import { AGENT_COMMAND, agentService, agentTimer } from './units.js';

/** Key of the pbxc package (the agent) in the bundle bucket; `pbxc publish` uploads it. */
export const AGENT_PACKAGE_KEY = 'agent/pbxc.tgz';
/** The group that may read the installed tree: FreeSWITCH and nginx are members. */
export const NODE_GROUP = 'pbxc';

/** systemd drop-in for the packaged freeswitch.service: pbxc's runtime settings. */
export const FREESWITCH_DROP_IN = '/etc/systemd/system/freeswitch.service.d/pbxc.conf';

export interface NodeName {
  /** "pbx-1". */
  readonly name: string;
  /** pbx-1.<dns_zone>, when the environment has a zone: the name the ACME certificate is for. */
  readonly fqdn?: string;
}

/** The agent configuration a node gets: production paths, its own status parameter. */
export function nodeAgentConfig(model: Model, env: EnvironmentModel, node: NodeName): AgentConfig {
  const platform = model.platform.id;
  return {
    ...defaultAgentConfig({
      node: node.name,
      region: env.region,
      bucket: bundleBucketName(platform, env.name),
      bundleParameter: bundleParameterName(platform, env.name),
      statusParameter: `${nodeStatusParameterPrefix(platform, env.name)}/${node.name}`,
      publicName: node.fqdn ?? node.name,
    }),
    fileGroup: NODE_GROUP,
    // With more than one node the HA watcher (pbxc-ha) decides where FreeSWITCH runs.
    freeswitchRuns: env.nodes > 1 ? 'when-running' : 'always',
  };
}

/** Debian packages of the FreeSWITCH modules the tree loads (SignalWire's repository names). */
export function freeswitchPackages(model: Model): string[] {
  const modules = usedModules(model).map((m) => `freeswitch-mod-${m.module.slice(4).replaceAll('_', '-')}`);
  // mod_pgsql: pre-loaded (not in modules.conf) when node.env names a database (docs/ha.md).
  return ['freeswitch', ...modules, 'freeswitch-mod-pgsql', 'freeswitch-sounds-en-us-callie'];
}

function freeswitchInstall(model: Model, env: EnvironmentModel): string[] {
  if (env.freeswitch.source === 'image') {
    return [
      '# FreeSWITCH comes with the image (environments.<env>.freeswitch.source: image).',
      "command -v freeswitch >/dev/null || { echo 'pbxc: the image has no FreeSWITCH' >&2; exit 1; }",
    ];
  }
  const parameter = `${nodeSecretParameterPrefix(model.platform.id, env.name)}/${env.freeswitch.tokenSecret}`;
  const repo = 'https://freeswitch.signalwire.com/repo/deb/debian-release';
  return [
    "# FreeSWITCH from SignalWire's Debian repository. Its token is a named secret the instance role",
    '# reads from SSM Parameter Store: never in user data, never in Terraform.',
    'if ! command -v freeswitch >/dev/null; then',
    `  token="$(aws ssm get-parameter --region "$PBXC_REGION" --with-decryption --name ${shq(parameter)} --query Parameter.Value --output text)"`,
    '  install -d -m 0755 /etc/apt/auth.conf.d',
    '  umask 077',
    '  printf \'machine freeswitch.signalwire.com login signalwire password %s\\n\' "$token" > /etc/apt/auth.conf.d/signalwire.conf',
    '  umask 022',
    '  unset token',
    `  curl -fsSL --netrc-file /etc/apt/auth.conf.d/signalwire.conf -o /usr/share/keyrings/signalwire-freeswitch-repo.gpg ${shq(`${repo}/signalwire-freeswitch-repo.gpg`)}`,
    `  echo ${shq(`deb [signed-by=/usr/share/keyrings/signalwire-freeswitch-repo.gpg] ${repo}/ bookworm main`)} > /etc/apt/sources.list.d/freeswitch.list`,
    '  apt-get update -q',
    `  apt-get install -y -q ${freeswitchPackages(model).join(' ')}`,
    'fi',
  ];
}

/**
 * The first-boot part of a node's user data, after the identity lines the stack writes (node.env):
 * POSIX shell, idempotent (a re-run installs nothing twice), no secret in it. Turns Debian 12 into
 * a PBX node: packages, Node.js for the agent, FreeSWITCH, the agent and its timer, a certificate,
 * then the first activation. Pure: the same model gives the same text.
 */
export function nodeBootstrap(model: Model, env: EnvironmentModel, node: NodeName): string {
  const config = nodeAgentConfig(model, env, node);
  const lines = [
    `# pbxc node bootstrap for ${node.name} of ${model.platform.id}/${env.name} (docs/deploy.md). No secrets here.`,
    'set -eu',
    'export DEBIAN_FRONTEND=noninteractive',
    `PBXC_REGION=${shq(env.region)}`,
    `PBXC_BUCKET=${shq(config.bucket)}`,
    'apt-get update -q',
    'apt-get install -y -q ca-certificates curl gnupg awscli nginx fail2ban nftables certbot python3-certbot-dns-route53 libxml2-utils openssl',
    '# Node.js 22 for the agent (Debian 12 ships 18; the AWS SDK needs 20 or later), from NodeSource.',
    'if ! node -e "process.exit(Number(process.versions.node.split(\'.\')[0]) >= 20 ? 0 : 1)" 2>/dev/null; then',
    '  install -d -m 0755 /etc/apt/keyrings',
    '  curl -fsSL https://deb.nodesource.com/gpgkey/nodesource-repo.gpg.key | gpg --dearmor --yes -o /etc/apt/keyrings/nodesource.gpg',
    "  echo 'deb [signed-by=/etc/apt/keyrings/nodesource.gpg] https://deb.nodesource.com/node_22.x nodistro main' > /etc/apt/sources.list.d/nodesource.list",
    '  apt-get update -q',
    '  apt-get install -y -q nodejs',
    'fi',
    ...freeswitchInstall(model, env),
    `# FreeSWITCH and nginx read the installed tree through group ${NODE_GROUP} (files 0640).`,
    `getent group ${NODE_GROUP} >/dev/null || groupadd --system ${NODE_GROUP}`,
    `id freeswitch >/dev/null 2>&1 && usermod -a -G ${NODE_GROUP} freeswitch`,
    `usermod -a -G ${NODE_GROUP} www-data`,
    '# The agent is pbxc itself, uploaded next to the bundles by pbxc publish.',
    `aws s3 cp --region "$PBXC_REGION" "s3://$PBXC_BUCKET/${AGENT_PACKAGE_KEY}" /var/tmp/pbxc.tgz`,
    'npm install -g --omit=dev --no-audit --no-fund /var/tmp/pbxc.tgz',
    ...writeFile(AGENT_PATHS.config, `${JSON.stringify(config, null, 2)}\n`, '0644'),
    ...writeFile('/etc/systemd/system/pbxc-agent.service', agentService(), '0644'),
    ...writeFile('/etc/systemd/system/pbxc-agent.timer', agentTimer(), '0644'),
    ...writeFile('/etc/letsencrypt/renewal-hooks/deploy/pbxc', certDeployHook(config), '0755'),
    // Measured at 20,000 extensions: without a cap on glibc's malloc arenas FreeSWITCH keeps about
    // one parsed configuration per reloadxml (RSS 398 MiB after five reloads, 170 MiB with it).
    ...writeFile(FREESWITCH_DROP_IN, '[Service]\nEnvironment=MALLOC_ARENA_MAX=2\n', '0644'),
    "# pbxc's nftables table is loaded at boot with the rest of the ruleset.",
    'install -d -m 0755 /etc/nftables.d',
    `grep -qF 'include "/etc/nftables.d/*.nft"' /etc/nftables.conf || printf '%s\\n' 'include "/etc/nftables.d/*.nft"' >> /etc/nftables.conf`,
    'rm -f /etc/nginx/sites-enabled/default',
    'systemctl enable --now nftables fail2ban nginx',
    ...(env.nodes > 1
      ? ['# pbxc-ha starts FreeSWITCH on the active node only.']
      : ['systemctl enable freeswitch']),
  ];
  if (node.fqdn) {
    lines.push(
      `# A certificate for ${node.fqdn} (ACME DNS-01 through Route53); the agent's self-signed one stands in until then.`,
      `certbot certonly --non-interactive --agree-tos --register-unsafely-without-email --dns-route53 -d ${shq(node.fqdn)} --deploy-hook /etc/letsencrypt/renewal-hooks/deploy/pbxc || echo 'pbxc: no ACME certificate yet; using the self-signed one' >&2`,
    );
  }
  lines.push(
    'systemctl daemon-reload',
    `# First activation (${AGENT_COMMAND}), then every minute.`,
    'systemctl start pbxc-agent.service || echo "pbxc: first activation failed; see journalctl -u pbxc-agent" >&2',
    'systemctl enable --now pbxc-agent.timer',
    ...(env.nodes > 1
      ? [
          '# The HA watcher (enabled by the identity part) can run now that pbxc is installed: it adds the',
          '# service-bind address, lets the health checks of the other nodes in, starts FreeSWITCH if active.',
          'systemctl start pbxc-ha.service',
        ]
      : []),
    `# ${TLS_RENEWED_MARKER} tells the agent to restart the TLS profiles after a renewal.`,
  );
  return `${lines.join('\n')}\n`;
}
