import { awsErrorText, isCredentialsError } from '../../deploy/publish/aws-settings.js';
import { controlPlane, describeName, overrideName } from '../../deploy/publish/control-plane.js';
import { findEnvironment } from '../../deploy/publish/plan.js';
import { latest } from '../../deploy/publish/pointer.js';
import { publisher } from '../../deploy/publish/provenance.js';
import { nodeNames } from '../../model/environments.js';
import { COMMON, formatOption, parse, UsageError } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { loadOrReport } from '../pipeline.js';
import type { Terminal } from '../terminal.js';

export const HELP = `Usage: pbxc node pause|resume|pin --env ENV --node NODE [--to VERSION] [--spec DIR]

Holds one node while the rest of the environment follows the published pointer:
  pause    the node's agent changes nothing (it still reports: status shows "paused")
  pin      the node activates VERSION (default: its current published version) and stays
           there whatever is published later (status shows "pinned to VERSION")
  resume   the node follows the published pointer again
The override is a small record next to the node's status (SSM /pbxc/<platform>/<env>/nodes/
<node>; provider: generic: control/nodes/<node> in the storage bucket) that the agent reads
on every run, so it takes effect within a minute. Who and when are recorded.

Options:
  --env ENV      environment of platform.yaml (required)
  --node NODE    pbx-1, pbx-2, … (required)
  --to VERSION   pin: the version (from the published history)
  --spec DIR     spec folder (default: spec)
Exit: 0 done, 1 unknown version, 2 usage error or storage failure, 3 internal error`;

export async function node(argv: readonly string[], term: Terminal): Promise<number> {
  const { values, positionals } = parse(argv, {
    ...COMMON,
    env: { type: 'string' },
    node: { type: 'string' },
    to: { type: 'string' },
  });
  if (values.help) {
    term.out(HELP);
    return EXIT.ok;
  }
  const action = positionals[0];
  if (action !== 'pause' && action !== 'resume' && action !== 'pin')
    throw new UsageError('node needs an action: pause, resume or pin');
  if (!values.env) throw new UsageError('node needs --env ENV (an environment of platform.yaml)');
  const format = formatOption(values.format);
  const loaded = await loadOrReport(term, format, String(values.spec), !!values.strict);
  if ('exit' in loaded) return loaded.exit;
  const env = findEnvironment(loaded.model, String(values.env));
  if (!env) throw new UsageError(`unknown environment "${String(values.env)}"`);
  const names = nodeNames(env);
  const name = String(values.node ?? '');
  if (!names.includes(name))
    throw new UsageError(`--node must name a node of ${env.name}: ${names.join(', ') || 'it has none'}`);
  const plane = controlPlane(loaded.model, env);
  const { openControl, readPublished } = await import('../../deploy/publish/open-control.js');
  try {
    const { control } = await openControl(plane, term.env);
    const stamp = { by: publisher(term.env), at: new Date().toISOString() };
    let record: Record<string, unknown> = stamp;
    if (action === 'pause') record = { paused: true, ...stamp };
    if (action === 'pin') {
      const published = await readPublished(plane, control);
      const to = values.to === undefined ? latest(published)?.version : String(values.to);
      const entries = [...published.history, ...(published.pointer ? [published.pointer] : [])];
      const match = [...new Set(entries.filter((e) => to && e.version.startsWith(to)).map((e) => e.version))];
      if (!to || match.length !== 1) {
        term.err(
          `pbxc node: ${to ? `version ${to} is ${match.length ? 'ambiguous' : 'not in the published history'}` : 'nothing is published yet'}`,
        );
        return EXIT.invalid;
      }
      const e = entries.filter((x) => x.version === match[0]).at(-1)!;
      record = { pin: { version: e.version, key: e.key, sha256: e.sha256 }, ...stamp };
    }
    const target = overrideName(plane, name);
    await control.put(target, JSON.stringify(record));
    term.out(
      `${name}: ${action === 'pin' ? `pinned to ${(record.pin as { version: string }).version}` : action === 'pause' ? 'paused' : 'follows the published pointer'} (${describeName(plane, target)})`,
    );
    return EXIT.ok;
  } catch (error) {
    term.err(
      isCredentialsError(error)
        ? 'pbxc node: no AWS credentials found. Set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY).'
        : `pbxc node: ${awsErrorText(error)}`,
    );
    return EXIT.usage;
  }
}
