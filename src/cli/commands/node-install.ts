import { findEnvironment } from '../../deploy/publish/plan.js';
import { nodeNames } from '../../model/environments.js';
import { COMMON, formatOption, parse, UsageError } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { loadOrReport } from '../pipeline.js';
import type { Terminal } from '../terminal.js';

export const HELP = `Usage: pbxc node-install --env ENV [--node NODE] [--public-ip ADDR] [--cloud-init] [--spec DIR]

Prints the installer of one host of a provider: generic environment (your own Debian 12
server at any provider or on premises): run it as root with the storage credentials in
its environment

  pbxc node-install --env office --node pbx-1 > install.sh
  scp install.sh root@host: && ssh root@host 'AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… sh install.sh'

It writes the node's identity (/etc/pbxc/node.env), the credentials (/etc/pbxc/agent.env,
0600), the agent's configuration and its systemd timer first, then installs Debian's
packages, Node.js, FreeSWITCH from environments.<env>.freeswitch.source (signalwire-repo:
PBXC_SIGNALWIRE_TOKEN from the environment; image: already on the host), its systemd unit,
and the agent from the bucket (retried every minute until pbxc publish put it there).
An environment with database.dsn_secret also needs PBXC_DB_DSN=<the database URI> in that
environment on the first run (kept root-only in /etc/pbxc/db-dsn; pbxc ha turns it into
node.env's PBXC_DB_* and /etc/pbxc/pgpass), and with nodes > 1 PBXC_HA_SERVICE_IP=<the
service address> (PBXC_HA_SERVICE_DEV: default the default route's device).
No secret is in the output. Re-running it is safe.

Options:
  --env ENV         a provider: generic environment (required)
  --node NODE       pbx-1 … pbx-<nodes> (default pbx-1)
  --public-ip ADDR  the address phones and trunks use (default: the host's own, detected)
  --cloud-init      print a cloud-init file instead of a shell script
  --spec DIR        spec folder (default: spec)
Exit: 0 printed, 1 invalid spec, 2 usage error (unknown or AWS environment)`;

export async function nodeInstall(argv: readonly string[], term: Terminal): Promise<number> {
  const { values } = parse(argv, {
    ...COMMON,
    env: { type: 'string' },
    node: { type: 'string', default: 'pbx-1' },
    'public-ip': { type: 'string' },
    'cloud-init': { type: 'boolean', default: false },
  });
  if (values.help) {
    term.out(HELP);
    return EXIT.ok;
  }
  const format = formatOption(values.format);
  if (!values.env) throw new UsageError('node-install needs --env ENV (a provider: generic environment)');
  const loaded = await loadOrReport(term, format, String(values.spec), !!values.strict);
  if ('exit' in loaded) return loaded.exit;
  const env = findEnvironment(loaded.model, String(values.env));
  if (!env) throw new UsageError(`unknown environment "${String(values.env)}"`);
  if (env.provider !== 'generic')
    throw new UsageError(
      `environment "${env.name}" is provider: aws: its nodes are set up by the stacks' user data (pbxc plan/apply)`,
    );
  const node = String(values.node);
  if (!nodeNames(env).includes(node))
    throw new UsageError(`--node must be one of ${nodeNames(env).join(', ')}`);
  const ip = values['public-ip'];
  if (ip !== undefined && !/^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(String(ip)))
    throw new UsageError('--public-ip must be an IPv4 address');
  const { nodeInstallScript, nodeInstallCloudInit } = await import('../../deploy/bootstrap/node-install.js');
  const script = nodeInstallScript(loaded.model, env, { node, ...(ip ? { publicIpv4: String(ip) } : {}) });
  term.out((values['cloud-init'] ? nodeInstallCloudInit(script) : script).trimEnd());
  return EXIT.ok;
}
