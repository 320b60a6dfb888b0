import { resolve } from 'node:path';
import { awsErrorText, isCredentialsError } from '../../deploy/publish/aws-settings.js';
import { controlPlane, describeName } from '../../deploy/publish/control-plane.js';
import { findEnvironment } from '../../deploy/publish/plan.js';
import { decideRollback, publishedPointerJson } from '../../deploy/publish/pointer.js';
import { provenance } from '../../deploy/publish/provenance.js';
import { recordPointer } from '../../deploy/publish/record-pointer.js';
import { packageVersion } from '../../util/package-root.js';
import { COMMON, formatOption, parse, UsageError } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { loadOrReport } from '../pipeline.js';
import type { Terminal } from '../terminal.js';

export const HELP = `Usage: pbxc rollback --env ENV [--to VERSION] [--dry-run] [--spec DIR]

Points the environment back at a bundle it ran before, without rendering anything: the
published history (every pointer publish or rollback wrote, with its commit and time) names
the bundle, which is still in the bucket (bundles are content-addressed and never deleted).
Without --to: the version the current one replaced. With --to: that version (or a unique
prefix of at least 4 hex digits). The rollback is recorded like a publish (a new history
entry naming the version it replaces, who, when); nodes activate it within a minute. To go
forward again, publish the spec (or roll back --to the newer version).

Options:
  --env ENV      environment of platform.yaml (required)
  --to VERSION   the version to go back to (default: the previous one)
  --dry-run      print what would be set; change nothing
  --spec DIR     spec folder (default: spec)
Exit: 0 rolled back, 1 refused (no such version, nothing earlier, bundle missing, a
concurrent publish won), 2 usage error or storage failure, 3 internal error`;

export async function rollback(argv: readonly string[], term: Terminal): Promise<number> {
  const { values } = parse(argv, {
    ...COMMON,
    env: { type: 'string' },
    to: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
  });
  if (values.help) {
    term.out(HELP);
    return EXIT.ok;
  }
  const format = formatOption(values.format);
  if (!values.env) throw new UsageError('rollback needs --env ENV (an environment of platform.yaml)');
  const loaded = await loadOrReport(term, format, String(values.spec), !!values.strict);
  if ('exit' in loaded) return loaded.exit;
  const env = findEnvironment(loaded.model, String(values.env));
  if (!env) throw new UsageError(`unknown environment "${String(values.env)}"`);
  const plane = controlPlane(loaded.model, env);
  const { openControl, readPublished } = await import('../../deploy/publish/open-control.js');
  try {
    const { bundles, control } = await openControl(plane, term.env);
    const published = await readPublished(plane, control);
    const meta = provenance(resolve(term.cwd, String(values.spec)), term.env, packageVersion(), new Date());
    const decision = decideRollback({
      published,
      ...(values.to !== undefined ? { to: String(values.to) } : {}),
      provenance: meta,
    });
    if (decision.action === 'refuse') {
      term.err(`pbxc rollback: refused: ${decision.reason}`);
      return EXIT.invalid;
    }
    const p = decision.pointer;
    if (!(await bundles.exists(p.key))) {
      term.err(`pbxc rollback: refused: s3://${plane.bucket}/${p.key} is not in the bucket any more`);
      return EXIT.invalid;
    }
    const where = describeName(plane, plane.pointer);
    if (values['dry-run']) {
      term.out(`would set ${where} = ${publishedPointerJson(p)}`);
      return EXIT.ok;
    }
    if (!(await recordPointer(plane, control, p))) {
      term.err(
        `pbxc rollback: refused: another publish recorded #${p.sequence} at the same time; look again`,
      );
      return EXIT.invalid;
    }
    term.out(`rolled back ${env.name} from ${p.previous} to ${p.version} (#${p.sequence})`);
    term.out(`set ${where} = ${publishedPointerJson(p)}`);
    return EXIT.ok;
  } catch (error) {
    term.err(
      isCredentialsError(error)
        ? 'pbxc rollback: no AWS credentials found. Set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY).'
        : `pbxc rollback: ${awsErrorText(error)}`,
    );
    return EXIT.usage;
  }
}
