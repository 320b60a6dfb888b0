import { readFile } from 'node:fs/promises';
import { AGENT_PATHS } from '../../model/deploy-names.js';
import { COMMON, parse } from '../args.js';
import { EXIT } from '../exit-codes.js';
import type { Terminal } from '../terminal.js';

export const HELP = `Usage: pbxc agent [--config FILE] [--force]

The node agent (runs on a PBX node, from pbxc-agent.timer every minute and on demand):
reads the published bundle pointer, and when it names a version that is not active,
downloads the bundle, verifies its sha256 and every file against MANIFEST.json, stages
it beside the live tree, checks it with xmllint, nginx -t, fail2ban-client -t and nft -c,
swaps it in atomically and activates it with the least disruption (reloadxml, reloadacl,
killgw + rescan for changed gateways, a profile restart only when its own settings
changed, nginx and fail2ban reloads, nft -f of pbxc's table). On any failure the previous
tree stays or is restored. One log line per step; the outcome goes to
<stateDir>/state.json and the SSM status parameter. See docs/deploy.md.

Options:
  --config FILE  agent configuration (default: ${AGENT_PATHS.config})
  --force        re-run a version that failed before, or re-check the active one
Exit: 0 the published version is active, 2 this attempt failed (state.json says why)
or the configuration is unusable, 3 internal error`;

export async function agent(argv: readonly string[], term: Terminal): Promise<number> {
  const { values } = parse(argv, {
    help: COMMON.help!,
    config: { type: 'string', default: AGENT_PATHS.config },
    force: { type: 'boolean', default: false },
  });
  if (values.help) {
    term.out(HELP);
    return EXIT.ok;
  }
  const file = String(values.config);
  const { ConfigError, parseAgentConfig } = await import('../../deploy/agent/config.js');
  let config: import('../../deploy/agent/config.js').AgentConfig;
  try {
    config = parseAgentConfig(await readFile(file, 'utf8'));
  } catch (error) {
    const why = error instanceof ConfigError ? error.message : (error as Error).message;
    term.err(`pbxc agent: ${file}: ${why}`);
    return EXIT.usage;
  }
  const { awsSettings } = await import('../../deploy/publish/aws-settings.js');
  const { s3Store, ssmStore } = await import('../../deploy/publish/aws-stores.js');
  const { reconcile } = await import('../../deploy/agent/reconcile.js');
  const { LockedError } = await import('../../deploy/agent/lock.js');
  const base = awsSettings(term.env, config.region);
  const settings = {
    ...base,
    region: config.region,
    ...(config.endpoints.s3 ? { s3Endpoint: config.endpoints.s3 } : {}),
    ...(config.endpoints.ssm ? { ssmEndpoint: config.endpoints.ssm } : {}),
  };
  try {
    const state = await reconcile(
      config,
      {
        bundles: await s3Store(settings, config.bucket),
        parameters: await ssmStore(settings),
        log: (step, message) => term.out(`pbxc-agent ${step}: ${message}`),
        now: () => new Date(),
      },
      { force: !!values.force },
    );
    return state.condition === 'Ready' ? EXIT.ok : EXIT.usage;
  } catch (error) {
    if (error instanceof LockedError) {
      term.err(`pbxc agent: ${error.message}`);
      return EXIT.usage;
    }
    throw error;
  }
}
