import { serviceName } from '../../cloud/dns-records.js';
import {
  AGENT_PATHS,
  bundleBucketName,
  bundleParameterName,
  nodeSecretParameterPrefix,
  nodeStatusParameterPrefix,
} from '../../model/deploy-names.js';
import type { EnvironmentModel, Model } from '../../model/types.js';
import { type AgentConfig, defaultAgentConfig } from '../agent/config.js';
import { controlPlane, statusName } from '../publish/control-plane.js';
import { certDeployHook, TLS_RENEWED_MARKER } from './cert-hook.js';
import { shq, writeFile } from './shell.js';
import { AGENT_COMMAND, AGENT_ENV_FILE, AGENT_RUN, agentService, agentTimer } from './units.js';

/** Key of the pbxc package (the agent) in the bundle bucket; `pbxc publish` uploads it. */
export const AGENT_PACKAGE_KEY = 'agent/pbxc.tgz';
/** The group that may read the installed tree: FreeSWITCH and nginx are members. */
export const NODE_GROUP = 'pbxc';

/** systemd drop-in for the packaged freeswitch.service: pbxc's runtime settings. */
export const FREESWITCH_DROP_IN = '/etc/systemd/system/freeswitch.service.d/pbxc.conf';
/** pbxc's own freeswitch.service, written only when neither the package nor freeswitch-systemd has one. */
export const FREESWITCH_UNIT = '/etc/systemd/system/freeswitch.service';

/** The first-boot scripts a node keeps: the timer's service runs them until the node is complete. */
export const BOOT_FILES = {
  /** Packages, Node.js, FreeSWITCH and its unit: idempotent, re-run until it succeeds. */
  setup: '/usr/local/lib/pbxc/node-setup',
  /** What pbxc-agent.service runs: setup if not done, the agent package (retry, backoff), the agent. */
  run: AGENT_RUN,
  /** Marker: node-setup finished. */
  setupDone: '/var/lib/pbxc/.node-setup-done',
} as const;

/**
 * Every FreeSWITCH module package a node installs: all the modules any spec may load
 * (src/emit/freeswitch/modules.ts), so the package list, and with it the user data, does not depend
 * on the spec's codecs or features. A codec change is a bundle change, never a new user_data (which
 * would stop and start every node). A test checks usedModules never names one outside this list.
 */
export const FREESWITCH_MODULES = [
  'mod_callcenter',
  'mod_commands',
  'mod_conference',
  'mod_console',
  'mod_db',
  'mod_dialplan_xml',
  'mod_dptools',
  'mod_event_socket',
  'mod_g729',
  'mod_hash',
  'mod_local_stream',
  'mod_logfile',
  'mod_lua',
  'mod_native_file',
  'mod_opus',
  // pre-loaded (not in modules.conf) when node.env names a database (docs/ha.md).
  'mod_pgsql',
  'mod_say_de',
  'mod_say_en',
  'mod_say_es',
  'mod_say_fr',
  'mod_say_it',
  'mod_say_nl',
  'mod_sndfile',
  'mod_sofia',
  'mod_tone_stream',
  'mod_valet_parking',
  'mod_voicemail',
] as const;

export interface NodeName {
  /** "pbx-1". */
  readonly name: string;
  /** pbx-1.<dns_zone>, when the environment has a zone: the name the ACME certificate is for. */
  readonly fqdn?: string;
}

/** The agent configuration a node gets: production paths, its own status parameter or object. */
export function nodeAgentConfig(
  model: Model,
  env: EnvironmentModel,
  node: NodeName,
): AgentConfig & {
  readonly pointerStore?: 's3';
} {
  const platform = model.platform.id;
  const plane = controlPlane(model, env);
  const generic = plane.store === 's3';
  const base = defaultAgentConfig({
    node: node.name,
    region: env.region,
    bucket: generic ? plane.bucket : bundleBucketName(platform, env.name),
    bundleParameter: generic ? plane.pointer : bundleParameterName(platform, env.name),
    statusParameter: generic
      ? statusName(plane, node.name)
      : `${nodeStatusParameterPrefix(platform, env.name)}/${node.name}`,
    publicName: node.fqdn ?? node.name,
  });
  return {
    ...base,
    // Node-level names only: the agent adds the bundle's tenant domains, so no tenant is listed here.
    tls: {
      ...base.tls,
      names: certificateNames(model, env, node),
      ...(env.dnsZone ? { zone: env.dnsZone } : {}),
      acme: env.provider === 'aws' && env.dnsZone ? 'dns-route53' : 'http',
    },
    ...(generic && plane.endpoint ? { endpoints: { s3: plane.endpoint } } : {}),
    fileGroup: NODE_GROUP,
    // With more than one node the HA watcher (pbxc-ha) decides where FreeSWITCH runs.
    freeswitchRuns: env.nodes > 1 ? 'when-running' : 'always',
    // provider generic: pointer, status and overrides are objects in the bucket (no SSM).
    ...(generic ? { pointerStore: 's3' as const } : {}),
  };
}

/** Debian packages of every FreeSWITCH module a node may load (SignalWire's repository names). */
export function freeswitchPackages(): string[] {
  const modules = FREESWITCH_MODULES.map((m) => `freeswitch-mod-${m.slice(4).replaceAll('_', '-')}`);
  return ['freeswitch', ...modules, 'freeswitch-sounds-en-us-callie'];
}

/**
 * freeswitch.service as SignalWire's freeswitch-systemd package ships it, for a node whose packages
 * brought none (the packaging splits the unit out; an image may lack it).
 */
export function freeswitchUnit(): string {
  return `[Unit]
Description=FreeSWITCH (unit written by pbxc: no packaged unit was installed)
After=network-online.target
Wants=network-online.target

[Service]
Type=forking
PIDFile=/run/freeswitch/freeswitch.pid
RuntimeDirectory=freeswitch
RuntimeDirectoryMode=0750
ExecStartPre=/bin/chown -R freeswitch:freeswitch /var/lib/freeswitch /var/log/freeswitch
ExecStart=/usr/bin/freeswitch -u freeswitch -g freeswitch -ncwait -nonat
TimeoutSec=45s
Restart=always
LimitCORE=infinity
LimitNOFILE=100000
LimitNPROC=60000
LimitSTACK=250000
LimitRTPRIO=infinity
LimitRTTIME=infinity
IOSchedulingClass=realtime
IOSchedulingPriority=2
CPUSchedulingPolicy=rr
CPUSchedulingPriority=89
UMask=0007

[Install]
WantedBy=multi-user.target
`;
}

function freeswitchInstall(model: Model, env: EnvironmentModel): string[] {
  if (env.freeswitch.source === 'image') {
    return [
      '# FreeSWITCH comes with the image or host (environments.<env>.freeswitch.source: image).',
      "command -v freeswitch >/dev/null || { echo 'pbxc: this host has no FreeSWITCH (freeswitch.source: image)' >&2; exit 1; }",
    ];
  }
  const repo = 'https://freeswitch.signalwire.com/repo/deb/debian-release';
  const token =
    env.provider === 'generic'
      ? [
          "  # provider generic: the token comes from the installer's environment (never from this script).",
          `  token="\${PBXC_SIGNALWIRE_TOKEN:?set PBXC_SIGNALWIRE_TOKEN to your SignalWire token (freeswitch.source: signalwire-repo)}"`,
        ]
      : [
          `  token="$(aws ssm get-parameter --region "$PBXC_REGION" --with-decryption --name ${shq(`${nodeSecretParameterPrefix(model.platform.id, env.name)}/${env.freeswitch.tokenSecret}`)} --query Parameter.Value --output text)"`,
        ];
  return [
    "# FreeSWITCH from SignalWire's Debian repository. Its token is a named secret (AWS: read from SSM by",
    '# the instance role): never in user data, never in Terraform.',
    'if ! command -v freeswitch >/dev/null; then',
    '  if [ ! -s /etc/apt/auth.conf.d/signalwire.conf ]; then',
    ...token.map((l) => `  ${l}`),
    '    install -d -m 0755 /etc/apt/auth.conf.d',
    '    umask 077',
    '    printf \'machine freeswitch.signalwire.com login signalwire password %s\\n\' "$token" > /etc/apt/auth.conf.d/signalwire.conf',
    '    umask 022',
    '    unset token',
    '  fi',
    `  curl -fsSL --netrc-file /etc/apt/auth.conf.d/signalwire.conf -o /usr/share/keyrings/signalwire-freeswitch-repo.gpg ${shq(`${repo}/signalwire-freeswitch-repo.gpg`)}`,
    `  echo ${shq(`deb [signed-by=/usr/share/keyrings/signalwire-freeswitch-repo.gpg] ${repo}/ bookworm main`)} > /etc/apt/sources.list.d/freeswitch.list`,
    '  apt-get update -q',
    `  apt-get install -y -q ${freeswitchPackages().join(' ')}`,
    'fi',
  ];
}

/**
 * The part of the setup that makes sure systemd can run FreeSWITCH: SignalWire's packaging splits
 * the unit into freeswitch-systemd, so it is installed when the unit is missing, and pbxc writes
 * the upstream unit itself when no package has one. Then it is verified: a node without the unit
 * fails here, loudly, not later at `systemctl enable`.
 */
function freeswitchUnitSetup(): string[] {
  return [
    '# freeswitch.service: SignalWire packages it separately (freeswitch-systemd).',
    'if ! systemctl cat freeswitch.service >/dev/null 2>&1; then',
    '  apt-get install -y -q freeswitch-systemd || true',
    'fi',
    'if ! systemctl cat freeswitch.service >/dev/null 2>&1; then',
    '  id freeswitch >/dev/null 2>&1 || useradd --system --home-dir /var/lib/freeswitch --shell /usr/sbin/nologin freeswitch',
    '  install -d -o freeswitch -g freeswitch -m 0750 /var/lib/freeswitch /var/log/freeswitch',
    ...writeFile(FREESWITCH_UNIT, freeswitchUnit(), '0644', 'PBXC_UNIT_EOF'),
    '  systemctl daemon-reload',
    'fi',
    "systemctl cat freeswitch.service >/dev/null 2>&1 || { echo 'pbxc: check failed: no freeswitch.service unit' >&2; exit 1; }",
  ];
}

/**
 * The node-level names clients use (agent.json tls.names): the node, the service name (with a zone)
 * and the provisioning name. Tenant domains are not here: the agent reads them from the bundle.
 */
export function certificateNames(model: Model, env: EnvironmentModel, node: NodeName): string[] {
  const names = [
    node.fqdn,
    env.dnsZone ? serviceName(env.dnsZone) : undefined,
    model.platform.provisioning.host,
  ].filter((n): n is string => !!n && /^[a-z0-9.-]+$/.test(n) && n.includes('.'));
  return [...new Set(names.map((n) => n.toLowerCase()))];
}

/** nginx on port 80: ACME HTTP-01 challenges from the agent's webroot, nothing else. */
export function acmeSite(webroot: string): string {
  return `# pbxc: ACME HTTP-01 challenges for the node certificate (docs/deploy.md, TLS). Nothing else on port 80.
server {
    listen 80 default_server;
    listen [::]:80 default_server;
    server_name _;
    server_tokens off;
    location /.well-known/acme-challenge/ {
        root ${webroot};
        default_type text/plain;
    }
    location / {
        return 404;
    }
}
`;
}

/**
 * node-setup: everything slow and fallible (apt, Node.js, FreeSWITCH and its unit, the certificate),
 * idempotent, so the timer's service re-runs it until it succeeds.
 */
export function nodeSetupScript(model: Model, env: EnvironmentModel, node: NodeName): string {
  const aws = env.provider === 'aws';
  const webroot = nodeAgentConfig(model, env, node).tls.webroot;
  const lines = [
    '#!/bin/sh',
    `# pbxc node setup for ${node.name} of ${model.platform.id}/${env.name}: packages, Node.js, FreeSWITCH (docs/deploy.md).`,
    'set -eu',
    'export DEBIAN_FRONTEND=noninteractive',
    // Only the AWS token lookup uses the region.
    ...(aws && env.freeswitch.source === 'signalwire-repo' ? [`PBXC_REGION=${shq(env.region)}`] : []),
    'apt-get update -q',
    `apt-get install -y -q ca-certificates curl gnupg nginx fail2ban nftables iputils-arping libxml2-utils openssl certbot${aws ? ' awscli python3-certbot-dns-route53' : ''}`,
    '# Node.js 22 for the agent (Debian 12 ships 18; the AWS SDK needs 20 or later), from NodeSource.',
    'if ! node -e "process.exit(Number(process.versions.node.split(\'.\')[0]) >= 20 ? 0 : 1)" 2>/dev/null; then',
    '  install -d -m 0755 /etc/apt/keyrings',
    '  curl -fsSL https://deb.nodesource.com/gpgkey/nodesource-repo.gpg.key | gpg --dearmor --yes -o /etc/apt/keyrings/nodesource.gpg',
    "  echo 'deb [signed-by=/etc/apt/keyrings/nodesource.gpg] https://deb.nodesource.com/node_22.x nodistro main' > /etc/apt/sources.list.d/nodesource.list",
    '  apt-get update -q',
    '  apt-get install -y -q nodejs',
    'fi',
    ...freeswitchInstall(model, env),
    ...freeswitchUnitSetup(),
    `# FreeSWITCH and nginx read the installed tree through group ${NODE_GROUP} (files 0640).`,
    `getent group ${NODE_GROUP} >/dev/null || groupadd --system ${NODE_GROUP}`,
    `id freeswitch >/dev/null 2>&1 && usermod -a -G ${NODE_GROUP} freeswitch`,
    `usermod -a -G ${NODE_GROUP} www-data`,
    "# pbxc's nftables table is loaded at boot with the rest of the ruleset.",
    'install -d -m 0755 /etc/nftables.d',
    `grep -qF 'include "/etc/nftables.d/*.nft"' /etc/nftables.conf || printf '%s\\n' 'include "/etc/nftables.d/*.nft"' >> /etc/nftables.conf`,
    'rm -f /etc/nginx/sites-enabled/default',
    '# ACME HTTP-01 for names outside the DNS zone (the agent orders the certificate; docs/deploy.md).',
    `install -d -m 0755 ${shq(webroot)}`,
    ...writeFile('/etc/nginx/sites-enabled/pbxc-acme.conf', acmeSite(webroot), '0644', 'PBXC_ACME_EOF'),
    'systemctl enable --now nftables fail2ban nginx',
    ...(env.nodes > 1
      ? ['# pbxc-ha starts FreeSWITCH on the active node only.']
      : ['systemctl enable freeswitch']),
  ];
  // The certificate itself is the agent's (every run: the names clients use, tenant domains from
  // the bundle; ACME when due): nothing here depends on tenants.
  lines.push(
    `install -d -m 0755 "$(dirname ${shq(BOOT_FILES.setupDone)})"`,
    `touch ${shq(BOOT_FILES.setupDone)}`,
  );
  return `${lines.join('\n')}\n`;
}

/**
 * agent-run: what pbxc-agent.service runs every minute. Until the node is complete it finishes the
 * setup, then installs the agent package with retry and backoff; while the bucket has no agent
 * package yet it says "waiting for a bundle" (journal and, on AWS, the node's status) and exits 0,
 * so the timer simply tries again: a node comes up whatever the order of apply and publish.
 */
export function agentRunScript(model: Model, env: EnvironmentModel, node: NodeName): string {
  const plane = controlPlane(model, env);
  const generic = plane.store === 's3';
  const status = generic
    ? statusName(plane, node.name)
    : `${nodeStatusParameterPrefix(model.platform.id, env.name)}/${node.name}`;
  const fetch = generic
    ? [
        '  # S3-compatible storage: curl signs the request itself (SigV4), no AWS CLI needed.',
        `  endpoint="\${AWS_ENDPOINT_URL_S3:-${plane.endpoint ?? ''}}"`,
        `  curl -fsS --aws-sigv4 "aws:amz:$PBXC_REGION:s3" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" -o /var/tmp/pbxc.tgz.part "$endpoint/$PBXC_BUCKET/${AGENT_PACKAGE_KEY}"`,
      ]
    : [
        `  aws s3 cp --only-show-errors --region "$PBXC_REGION" "s3://$PBXC_BUCKET/${AGENT_PACKAGE_KEY}" /var/tmp/pbxc.tgz.part`,
      ];
  const report = generic
    ? [
        `  curl -fsS --aws-sigv4 "aws:amz:$PBXC_REGION:s3" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" -X PUT -H 'content-type: application/json' --data-binary "$1" "\${AWS_ENDPOINT_URL_S3:-${plane.endpoint ?? ''}}/$PBXC_BUCKET/${status}" >/dev/null || true`,
      ]
    : [
        `  aws ssm put-parameter --region "$PBXC_REGION" --overwrite --type String --name ${shq(status)} --value "$1" >/dev/null || true`,
      ];
  const lines = [
    '#!/bin/sh',
    `# pbxc-agent.service for ${node.name} of ${model.platform.id}/${env.name}: finish first boot, install the agent, run it.`,
    'set -eu',
    `PBXC_REGION=${shq(env.region)}`,
    `PBXC_BUCKET=${shq(plane.bucket)}`,
    'report_waiting() {',
    `  state="$(printf '{"node":"%s","condition":"Reconciling","reason":"WaitingForBundle","message":"%s","attemptedAt":"%s"}' ${shq(node.name)} "$1" "$(date -u +%Y-%m-%dT%H:%M:%S.000Z)")"`,
    '  set -- "$state"',
    ...report,
    '}',
    `if [ ! -e ${shq(BOOT_FILES.setupDone)} ]; then`,
    `  flock -n /run/pbxc-node-setup.lock ${shq(BOOT_FILES.setup)} || { echo 'pbxc: node setup did not finish; retried on the next run' >&2; exit 1; }`,
    'fi',
    'if [ ! -x /usr/bin/pbxc ]; then',
    '  delay=5',
    '  attempt=1',
    '  while :; do',
    // Only the download itself ends the loop when it succeeds.
    ...fetch.map((l, i) => (i === fetch.length - 1 ? `  ${l} && break` : `  ${l}`)),
    '    if [ "$attempt" -ge 5 ]; then',
    `      echo "pbxc: waiting for a bundle: s3://$PBXC_BUCKET/${AGENT_PACKAGE_KEY} is not there yet (run pbxc publish); trying again in a minute" >&2`,
    `      report_waiting "waiting for a bundle: ${AGENT_PACKAGE_KEY} not published yet"`,
    '      exit 0',
    '    fi',
    '    echo "pbxc: agent package not available (attempt $attempt); retrying in $delay s" >&2',
    '    sleep "$delay"',
    '    delay=$((delay * 2))',
    '    attempt=$((attempt + 1))',
    '  done',
    '  mv /var/tmp/pbxc.tgz.part /var/tmp/pbxc.tgz',
    '  npm install -g --omit=dev --no-audit --no-fund /var/tmp/pbxc.tgz',
    ...(env.nodes > 1
      ? [
          '  # The HA watcher (enabled by the identity part) can run now that pbxc is installed.',
          '  systemctl start pbxc-ha.service || true',
        ]
      : []),
    'fi',
    `exec ${AGENT_COMMAND}`,
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * The first-boot part of a node (AWS user data after the identity lines, or what pbxc node-install
 * prints for a generic host): POSIX shell, idempotent, no secret in it, nothing from the spec but
 * environment-level names (never codecs, tenants or trunks: those are the bundle's, so a change of
 * them never changes user_data). Order matters: the agent's timer is installed FIRST, and its
 * service finishes the setup and fetches the agent with retry, so a failure anywhere later (a
 * repository down, nothing published yet) is retried every minute instead of leaving a dead node.
 */
export function nodeBootstrap(model: Model, env: EnvironmentModel, node: NodeName): string {
  const config = nodeAgentConfig(model, env, node);
  const lines = [
    `# pbxc node bootstrap for ${node.name} of ${model.platform.id}/${env.name} (docs/deploy.md). No secrets here.`,
    'set -eu',
    ...writeFile(AGENT_PATHS.config, `${JSON.stringify(config, null, 2)}\n`, '0644'),
    ...writeFile(BOOT_FILES.setup, nodeSetupScript(model, env, node), '0755'),
    ...writeFile(BOOT_FILES.run, agentRunScript(model, env, node), '0755'),
    ...writeFile('/etc/systemd/system/pbxc-agent.service', agentService(), '0644'),
    ...writeFile('/etc/systemd/system/pbxc-agent.timer', agentTimer(), '0644'),
    ...writeFile('/etc/letsencrypt/renewal-hooks/deploy/pbxc', certDeployHook(config), '0755'),
    // Measured at 20,000 extensions: without a cap on glibc's malloc arenas FreeSWITCH keeps about
    // one parsed configuration per reloadxml (RSS 398 MiB after five reloads, 170 MiB with it).
    ...writeFile(FREESWITCH_DROP_IN, '[Service]\nEnvironment=MALLOC_ARENA_MAX=2\n', '0644'),
    `[ -e ${shq(AGENT_ENV_FILE)} ] || install -m 0600 /dev/null ${shq(AGENT_ENV_FILE)}`,
    '# The timer first: from here on a failure is retried every minute by pbxc-agent.service.',
    'systemctl daemon-reload',
    'systemctl enable --now pbxc-agent.timer',
    `flock /run/pbxc-node-setup.lock ${shq(BOOT_FILES.setup)} || echo 'pbxc: node setup failed; pbxc-agent.timer retries it every minute' >&2`,
    `# First activation (${AGENT_COMMAND} through ${BOOT_FILES.run}), then every minute.`,
    'systemctl start pbxc-agent.service || echo "pbxc: first activation not done yet; see journalctl -u pbxc-agent" >&2',
    `# ${TLS_RENEWED_MARKER} tells the agent to restart the TLS profiles after a renewal.`,
  ];
  return `${lines.join('\n')}\n`;
}
