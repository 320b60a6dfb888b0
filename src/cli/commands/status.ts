import { awsErrorText, awsSettings, isCredentialsError } from '../../deploy/publish/aws-settings.js';
import { findEnvironment, statusPrefix } from '../../deploy/publish/plan.js';
import { formatStatus, parseBundlePointer, parseNodeState, statusRows } from '../../deploy/status-view.js';
import { bundleParameterName } from '../../model/deploy-names.js';
import { COMMON, formatOption, parse, UsageError } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { loadOrReport } from '../pipeline.js';
import type { Terminal } from '../terminal.js';

export const HELP = `Usage: pbxc status --env ENV [--spec DIR] [--json]

Shows the bundle version published for the environment (SSM /pbxc/<platform>/<env>/bundle)
and what every node agent last reported (/pbxc/<platform>/<env>/status/<node>): the version
it serves, Ready or Failed with a reason, the message and the time of its last attempt.
AWS access as for publish (standard SDK configuration, AWS_ENDPOINT_URL_SSM).

Options:
  --env ENV    environment of platform.yaml (required)
  --spec DIR   spec folder (default: spec)
  --json       one JSON object: {"published", "nodes"}
Exit: 0 every reporting node serves the published version, 1 a node is behind or failed,
2 usage error or AWS failure, 3 internal error`;

export async function status(argv: readonly string[], term: Terminal): Promise<number> {
  const { values } = parse(argv, {
    ...COMMON,
    env: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  if (values.help) {
    term.out(HELP);
    return 0;
  }
  const format = formatOption(values.format);
  if (!values.env) throw new UsageError('status needs --env ENV (an environment of platform.yaml)');
  const loaded = await loadOrReport(term, format, String(values.spec), !!values.strict);
  if ('exit' in loaded) return loaded.exit;
  const env = findEnvironment(loaded.model, String(values.env));
  if (!env) throw new UsageError(`unknown environment "${String(values.env)}"`);
  const settings = awsSettings(term.env, env.region);
  const { ssmStore } = await import('../../deploy/publish/aws-stores.js');
  try {
    const store = await ssmStore(settings);
    const pointerText = await store.get(bundleParameterName(loaded.model.platform.id, env.name));
    const published = pointerText === undefined ? undefined : parseBundlePointer(pointerText);
    const states = [...(await store.list(statusPrefix(loaded.model, env))).values()]
      .map(parseNodeState)
      .filter((s) => s !== undefined);
    const rows = statusRows(published, states);
    if (values.json) term.out(JSON.stringify({ published: published ?? null, nodes: rows }, null, 2));
    else for (const line of formatStatus(published, rows)) term.out(line);
    return rows.every((r) => r.current) ? EXIT.ok : EXIT.invalid;
  } catch (error) {
    term.err(
      isCredentialsError(error)
        ? 'pbxc status: no AWS credentials found. Set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY).'
        : `pbxc status: ${awsErrorText(error)}`,
    );
    return EXIT.usage;
  }
}
