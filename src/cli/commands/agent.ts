import { readFile } from 'node:fs/promises';
import { AGENT_PATHS } from '../../model/deploy-names.js';
import { COMMON, parse } from '../args.js';
import { EXIT } from '../exit-codes.js';
import type { Terminal } from '../terminal.js';

export const HELP = `Usage: pbxc agent [--config FILE] [--force]

The node agent (runs on a PBX node, from pbxc-agent.timer every minute and on demand):
first finishes or rolls back an activation an interrupted run left open (intent.json);
then reads the published bundle pointer, and when its version and sha256 are not the
activated ones, streams the bundle (size limits), verifies its sha256 and every file
against MANIFEST.json, stages it beside the live tree, checks it with xmllint, nginx -t,
fail2ban-client -t and nft -c, records its intent, swaps it in atomically and activates it
with the least disruption (reloadxml, reloadacl, killgw + rescan for changed gateways, a
profile restart only when its own settings changed, nginx and fail2ban reloads, nft -f of
pbxc's table), then records it as activated. On any failure the previous tree is restored.
A refused bundle is not retried; a transient fault is retried with backoff. One log line
per step; the outcome goes to <stateDir>/state.json and the SSM status parameter. See
docs/deploy.md ("What happens when…").

Options:
  --config FILE  agent configuration (default: ${AGENT_PATHS.config})
  --force        retry a version that failed before, or install the active one again
                 (fresh copy beside the live one; the live release is never removed first)
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
  const { ssmStore } = await import('../../deploy/publish/aws-stores.js');
  const { s3BundleSource } = await import('../../deploy/agent/source.js');
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
        bundles: await s3BundleSource(settings, config.bucket),
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
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
      // the node's disk or permissions (ENOSPC, EACCES, EROFS…): an I/O fault, not a bug
      term.err(`pbxc agent: ${(error as Error).message}`);
      return EXIT.usage;
    }
    throw error;
  }
}
