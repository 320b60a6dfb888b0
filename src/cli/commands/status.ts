import { awsErrorText, isCredentialsError } from '../../deploy/publish/aws-settings.js';
import { controlPlane, overrideName } from '../../deploy/publish/control-plane.js';
import { findEnvironment } from '../../deploy/publish/plan.js';
import {
  formatStatusReport,
  type NodeOverride,
  parseNodeOverride,
  statusReport,
} from '../../deploy/status-report.js';
import { parseNodeState } from '../../deploy/status-view.js';
import { nodeNames } from '../../model/environments.js';
import { COMMON, formatOption, parse, UsageError } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { loadOrReport } from '../pipeline.js';
import type { Terminal } from '../terminal.js';

/** Default --max-age: the agent reports every minute; ten missed runs is a failure. */
export const DEFAULT_MAX_AGE_SECONDS = 600;

export const HELP = `Usage: pbxc status --env ENV [--spec DIR] [--max-age SECONDS] [--json]

Shows the bundle version published for the environment (who published it, when, from which
commit, with which pbxc) and what every node of the spec last reported: its HA role
(single, active, standby), the version it serves with that version's commit and publish
time, Ready or Failed with a reason, the time of its last report, its pbxc, a pause or
pin (pbxc node), and a warning when it serves a self-signed certificate.
AWS environments: SSM /pbxc/<platform>/<env>/{bundle,history,status,nodes}; provider:
generic: the objects control/{bundle,history,status,nodes} in the storage bucket.
Access as for publish (standard AWS SDK configuration).

Options:
  --env ENV          environment of platform.yaml (required)
  --spec DIR         spec folder (default: spec)
  --max-age SECONDS  a node whose last report is older fails (default: ${DEFAULT_MAX_AGE_SECONDS})
  --json             one JSON object: {"published", "nodes", "unknown", "maxAgeSeconds", "ok"}
Exit: 0 every node of the spec reported within --max-age and serves the published version
(or its pin, or is paused), 1 nothing published, a node never reported, its report is too
old, it is behind or failed, 2 usage error or storage failure, 3 internal error`;

export async function status(argv: readonly string[], term: Terminal): Promise<number> {
  const { values } = parse(argv, {
    ...COMMON,
    env: { type: 'string' },
    json: { type: 'boolean', default: false },
    'max-age': { type: 'string' },
  });
  if (values.help) {
    term.out(HELP);
    return 0;
  }
  const format = formatOption(values.format);
  if (!values.env) throw new UsageError('status needs --env ENV (an environment of platform.yaml)');
  const maxAge = values['max-age'] === undefined ? DEFAULT_MAX_AGE_SECONDS : Number(values['max-age']);
  if (!Number.isInteger(maxAge) || maxAge < 1)
    throw new UsageError('--max-age must be a positive number of seconds');
  const loaded = await loadOrReport(term, format, String(values.spec), !!values.strict);
  if ('exit' in loaded) return loaded.exit;
  const env = findEnvironment(loaded.model, String(values.env));
  if (!env) throw new UsageError(`unknown environment "${String(values.env)}"`);
  const plane = controlPlane(loaded.model, env);
  const { openControl, readPublished } = await import('../../deploy/publish/open-control.js');
  try {
    const { control } = await openControl(plane, term.env);
    const published = await readPublished(plane, control);
    const states = [...(await control.list(plane.statusPrefix)).values()]
      .map(parseNodeState)
      .filter((s) => s !== undefined);
    const expected = nodeNames(env);
    const overrides = new Map<string, NodeOverride>();
    for (const node of expected)
      overrides.set(node, parseNodeOverride(await control.get(overrideName(plane, node))));
    const report = statusReport({
      ...(published.pointer ? { published: published.pointer } : {}),
      history: published.history,
      expected,
      states,
      overrides,
      now: new Date(),
      maxAgeSeconds: maxAge,
      single: env.nodes === 1,
    });
    if (values.json) term.out(JSON.stringify(report, null, 2));
    else for (const line of formatStatusReport(report)) term.out(line);
    return report.ok ? EXIT.ok : EXIT.invalid;
  } catch (error) {
    term.err(
      isCredentialsError(error)
        ? 'pbxc status: no AWS credentials found. Set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY).'
        : `pbxc status: ${awsErrorText(error)}`,
    );
    return EXIT.usage;
  }
}
