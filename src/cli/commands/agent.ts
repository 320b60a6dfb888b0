import { readFile } from 'node:fs/promises';
import type { NodeOverride } from '../../deploy/status-report.js';
import { AGENT_PATHS } from '../../model/deploy-names.js';
import { packageVersion } from '../../util/package-root.js';
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

/** agent.json's "pointerStore": "s3" (provider: generic), read beside the agent's own parser. */
function pointerStore(text: string): 'ssm' | 's3' {
  try {
    return (JSON.parse(text) as { pointerStore?: unknown }).pointerStore === 's3' ? 's3' : 'ssm';
  } catch {
    return 'ssm';
  }
}

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
  const stores = await import('../../deploy/publish/aws-stores.js');
  const { s3BundleSource } = await import('../../deploy/agent/source.js');
  const { reconcile } = await import('../../deploy/agent/reconcile.js');
  const { LockedError } = await import('../../deploy/agent/lock.js');
  const report = await import('../../deploy/publish/node-report.js');
  const { readCoverage } = await import('../../deploy/agent/acme.js');
  const tlsNames = () => readCoverage(config.stateDir);
  const base = awsSettings(term.env, config.region);
  const settings = {
    ...base,
    region: config.region,
    ...(config.endpoints.s3 ? { s3Endpoint: base.s3Endpoint ?? config.endpoints.s3 } : {}),
    ...(config.endpoints.ssm ? { ssmEndpoint: config.endpoints.ssm } : {}),
  };
  const log = (step: string, message: string) => term.out(`pbxc-agent ${step}: ${message}`);
  // provider: generic (agent.json "pointerStore": "s3"): pointer, status and overrides are objects
  // in the bucket; the SSM client is never loaded.
  const control =
    pointerStore(await readFile(file, 'utf8')) === 's3'
      ? await stores.s3ControlStore(settings, config.bucket)
      : await stores.ssmStore(settings);
  const ctl = {
    node: config.node,
    bundleParameter: config.bundleParameter,
    ...(config.statusParameter ? { statusParameter: config.statusParameter } : {}),
    stateDir: config.stateDir,
    tlsDir: config.tls.dir,
    freeswitchRuns: config.freeswitchRuns,
  };
  try {
    // Per-node override and "nothing published yet": decided here, before the agent's own run.
    const override: NodeOverride = await report.readOverride(ctl, control).catch((error: Error) => {
      log('override', `cannot read this node's override (${error.message}); following the published pointer`);
      return {};
    });
    const extras = () => ({
      role: report.haRole(ctl),
      ...(report.haLease(ctl) ? { lease: report.haLease(ctl) } : {}),
      agent: packageVersion(),
      ...(override.paused ? { paused: true } : {}),
      ...(override.pin ? { pinned: override.pin.version } : {}),
      ...(report.tlsWarning(ctl.tlsDir) ? { tlsWarning: report.tlsWarning(ctl.tlsDir) } : {}),
      ...(tlsNames() ? { tlsNames: tlsNames() } : {}),
    });
    if (override.paused) {
      log(
        'override',
        `paused by ${override.by ?? 'an operator'} at ${override.at ?? '?'}: changing nothing (pbxc node resume)`,
      );
      await report.reportIdle(
        ctl,
        control,
        'Ready',
        'Paused',
        `paused by ${override.by ?? 'an operator'}`,
        extras(),
        new Date(),
      );
      return EXIT.ok;
    }
    const nothingPublished =
      !override.pin && (await control.get(config.bundleParameter).catch(() => '')) === undefined;
    if (nothingPublished) {
      log(
        'fetch',
        `waiting for a bundle: nothing is published at ${config.bundleParameter} yet (pbxc publish)`,
      );
      await report.reportIdle(
        ctl,
        control,
        'Reconciling',
        'WaitingForBundle',
        'nothing published yet',
        extras(),
        new Date(),
      );
      return EXIT.ok;
    }
    if (override.pin) log('override', `pinned to ${override.pin.version} by ${override.by ?? 'an operator'}`);
    const state = await reconcile(
      config,
      {
        bundles: await s3BundleSource(settings, config.bucket),
        parameters: report.agentStore(ctl, control, override, extras),
        log,
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
