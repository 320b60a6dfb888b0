import { AGENT_PATHS } from '../../model/deploy-names.js';

/** The agent's command line on a node (also in docs/deploy.md). */
export const AGENT_COMMAND = `/usr/bin/pbxc agent --config ${AGENT_PATHS.config}`;

/** Credentials of a generic node's storage (AWS_ACCESS_KEY_ID, …), 0600, written by the installer. */
export const AGENT_ENV_FILE = '/etc/pbxc/agent.env';

/** What the service runs: first-boot completion, the agent package (retry), then the agent. */
export const AGENT_RUN = '/usr/local/lib/pbxc/agent-run';

/** One agent run; systemd never runs two at once, and the agent's own lock covers manual runs. */
export function agentService(): string {
  return `[Unit]
Description=pbxc node agent: activate the published bundle
Documentation=https://github.com/pbxc/pbxc/blob/main/docs/deploy.md
After=network-online.target
Wants=network-online.target

[Service]
Type=oneshot
Environment=AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
EnvironmentFile=-${AGENT_ENV_FILE}
ExecStart=${AGENT_RUN}
TimeoutStartSec=600
`;
}

/** Every minute (and 30 s after boot), so a merged change reaches every node within about a minute. */
export function agentTimer(): string {
  return `[Unit]
Description=Run the pbxc node agent every minute

[Timer]
OnBootSec=30s
OnUnitInactiveSec=60s
AccuracySec=5s
RandomizedDelaySec=10s

[Install]
WantedBy=timers.target
`;
}
