import { resolve } from 'node:path';
import { AGENT_PACKAGE_KEY } from '../../deploy/bootstrap/node-bootstrap.js';
import { packAgentPackage } from '../../deploy/pack/agent-package.js';
import { packBundle } from '../../deploy/pack/bundle.js';
import { awsErrorText, isCredentialsError } from '../../deploy/publish/aws-settings.js';
import { controlPlane, describeName } from '../../deploy/publish/control-plane.js';
import { findEnvironment, pointerJson, publishPlan } from '../../deploy/publish/plan.js';
import { decidePublish, latest, publishedPointerJson } from '../../deploy/publish/pointer.js';
import { ancestry, provenance } from '../../deploy/publish/provenance.js';
import { recordPointer } from '../../deploy/publish/record-pointer.js';
import { packageRoot, packageVersion } from '../../util/package-root.js';
import { COMMON, formatOption, parse, UsageError } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { renderedTree } from '../rendered-tree.js';
import type { Terminal } from '../terminal.js';

export const HELP = `Usage: pbxc publish --env ENV [--dry-run] [--allow-older] [--spec DIR] [--secrets FILE] [--master-key-file FILE]

Renders the environment's bundle (the same tree as render --env ENV: only the tenants the
environment serves, with its domains, DIDs and trunk overrides, secrets filled in), packs it
deterministically (.tar.gz: sorted names, fixed times and owners, so the same spec and
secrets give the same bytes), uploads it to the environment's bundle bucket
(pbxc-<platform>-<env>-bundles, key bundles/<sha256>.tar.gz) and records
{"version","key","sha256"} in the SSM parameter /pbxc/<platform>/<env>/bundle, where the
node agents look (provider: generic: the object control/bundle in the environment's
storage bucket, no SSM). Nothing is uploaded twice: an object with the same digest is kept.

The pointer update is conditional: it names the version it replaces and its sequence
number, claimed first in the history (<pointer folder>/history/<n>; two concurrent runs
cannot both win), with who published (PBXC_PUBLISHED_BY, GITHUB_ACTOR or USER), the spec's
git commit, the time and the pbxc version. It never goes backwards by accident: a version
that was published and replaced, or a checkout that does not contain the published commit,
is refused (exit 1) unless --allow-older.
The pbxc package itself (the node agent) goes to agent/pbxc.tgz for first boot.

AWS access uses the standard SDK configuration: AWS_PROFILE, AWS_ACCESS_KEY_ID and
AWS_SECRET_ACCESS_KEY, SSO, or an instance role; AWS_REGION (default: the environment's
region); AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL_SSM (or AWS_ENDPOINT_URL) for other
endpoints, e.g. a local S3 (path-style addressing is used with a custom endpoint).

Options:
  --env ENV              environment of platform.yaml (required)
  --dry-run              print what would be uploaded and recorded; no AWS access
  --allow-older          publish even when it replaces a newer version (prefer pbxc rollback)
  --spec DIR             spec folder (default: spec)
  --secrets FILE         YAML map of named secrets
  --master-key-file FILE file holding the master key
  --format F             diagnostics format: human, json, github
Exit: 0 published (or dry run, or already published), 1 invalid spec or refused (older,
or a concurrent publish won), 2 usage/IO error, missing secret or
AWS failure (no credentials, bucket missing, access denied), 3 internal error`;

export async function publish(argv: readonly string[], term: Terminal): Promise<number> {
  const { values } = parse(argv, {
    ...COMMON,
    env: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    'allow-older': { type: 'boolean', default: false },
    secrets: { type: 'string' },
    'master-key-file': { type: 'string' },
  });
  if (values.help) {
    term.out(HELP);
    return 0;
  }
  const format = formatOption(values.format);
  if (!values.env) throw new UsageError('publish needs --env ENV (an environment of platform.yaml)');
  const rendered = await renderedTree(term, format, { ...values, env: String(values.env) }, true);
  if ('exit' in rendered) return rendered.exit;
  const env = findEnvironment(rendered.model, String(values.env))!;
  const bundle = packBundle(rendered.tree.files);
  const plan = publishPlan(rendered.model, env, bundle);
  const url = `s3://${plan.bucket}/${plan.pointer.key}`;
  const facts = `version ${plan.pointer.version}, sha256 ${plan.pointer.sha256}, ${plan.files} files, ${plan.bytes} bytes`;
  const agentPackage = packAgentPackage(packageRoot());
  const agentUrl = `s3://${plan.bucket}/${AGENT_PACKAGE_KEY}`;
  const agentFacts = agentPackage ? `pbxc ${packageVersion()}, sha256 ${agentPackage.sha256}` : '';
  if (values['dry-run']) {
    term.out(`would upload ${url} (${facts})`);
    if (agentPackage) term.out(`would upload ${agentUrl} (${agentFacts})`);
    term.out(`would set ${plan.parameter} = ${pointerJson(plan.pointer)}`);
    return EXIT.ok;
  }
  const plane = controlPlane(rendered.model, env);
  const { openControl, readPublished } = await import('../../deploy/publish/open-control.js');
  const specDir = resolve(term.cwd, String(values.spec));
  const meta = provenance(specDir, term.env, packageVersion(), new Date());
  try {
    const { bundles: store, control } = await openControl(plane, term.env);
    const upload = await store.put(plan.pointer.key, bundle.bytes, plan.pointer.sha256);
    term.out(`${upload === 'uploaded' ? 'uploaded' : 'already present'} ${url} (${facts})`);
    if (agentPackage) {
      // The agent nodes install at first boot: the pbxc that published (see docs/deploy.md).
      const sent = await store.put(AGENT_PACKAGE_KEY, agentPackage.bytes, agentPackage.sha256);
      term.out(`${sent === 'uploaded' ? 'uploaded' : 'already present'} ${agentUrl} (${agentFacts})`);
    }
    const published = await readPublished(plane, control);
    const current = latest(published);
    const decision = decidePublish({
      published,
      next: plan.pointer,
      provenance: meta,
      allowOlder: !!values['allow-older'],
      ancestry: ancestry(specDir, current?.commit, meta.commit),
    });
    const where = describeName(plane, plane.pointer);
    if (decision.action === 'refuse') {
      term.err(`pbxc publish: refused: ${decision.reason}`);
      return EXIT.invalid;
    }
    if (decision.action === 'unchanged') {
      if (decision.repair) {
        // An earlier publish recorded its history entry and died before the pointer: finish it.
        await control.put(plane.pointer, publishedPointerJson(decision.current));
        term.out(`completed ${where} = ${publishedPointerJson(decision.current)}`);
      } else
        term.out(
          `already published: ${where} names ${plan.pointer.version} (#${decision.current.sequence ?? '-'})`,
        );
      return EXIT.ok;
    }
    for (const w of decision.warnings) term.err(`pbxc publish: warning: ${w}`);
    const recorded = await recordPointer(plane, control, decision.pointer);
    if (!recorded) {
      term.err(
        `pbxc publish: refused: another publish recorded #${decision.pointer.sequence} at the same time; run pbxc status --env ${env.name} and publish again if this spec is newer`,
      );
      return EXIT.invalid;
    }
    term.out(`set ${where} = ${publishedPointerJson(decision.pointer)}`);
  } catch (error) {
    if (isCredentialsError(error)) {
      term.err(
        'pbxc publish: no AWS credentials found. Set AWS_PROFILE (or AWS_ACCESS_KEY_ID and ' +
          'AWS_SECRET_ACCESS_KEY), sign in with aws sso login, or run where an instance role applies.',
      );
    } else {
      term.err(`pbxc publish: ${url}: ${awsErrorText(error)}`);
    }
    return EXIT.usage;
  }
  return EXIT.ok;
}
