import { AGENT_PACKAGE_KEY } from '../../deploy/bootstrap/node-bootstrap.js';
import { packAgentPackage } from '../../deploy/pack/agent-package.js';
import { packBundle } from '../../deploy/pack/bundle.js';
import { awsErrorText, awsSettings, isCredentialsError } from '../../deploy/publish/aws-settings.js';
import { findEnvironment, pointerJson, publishPlan } from '../../deploy/publish/plan.js';
import { packageRoot, packageVersion } from '../../util/package-root.js';
import { COMMON, formatOption, parse, UsageError } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { renderedTree } from '../rendered-tree.js';
import type { Terminal } from '../terminal.js';

export const HELP = `Usage: pbxc publish --env ENV [--dry-run] [--spec DIR] [--secrets FILE] [--master-key-file FILE]

Renders the environment's bundle (the same tree as render --env ENV: only the tenants the
environment serves, with its domains, DIDs and trunk overrides, secrets filled in), packs it
deterministically (.tar.gz: sorted names, fixed times and owners, so the same spec and
secrets give the same bytes), uploads it to the environment's bundle bucket
(pbxc-<platform>-<env>-bundles, key bundles/<sha256>.tar.gz) and records
{"version","key","sha256"} in the SSM parameter /pbxc/<platform>/<env>/bundle, where the
node agents look. Nothing is uploaded twice: an object with the same digest is kept.
The pbxc package itself (the node agent) goes to agent/pbxc.tgz for first boot.

AWS access uses the standard SDK configuration: AWS_PROFILE, AWS_ACCESS_KEY_ID and
AWS_SECRET_ACCESS_KEY, SSO, or an instance role; AWS_REGION (default: the environment's
region); AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL_SSM (or AWS_ENDPOINT_URL) for other
endpoints, e.g. a local S3 (path-style addressing is used with a custom endpoint).

Options:
  --env ENV              environment of platform.yaml (required)
  --dry-run              print what would be uploaded and recorded; no AWS access
  --spec DIR             spec folder (default: spec)
  --secrets FILE         YAML map of named secrets
  --master-key-file FILE file holding the master key
  --format F             diagnostics format: human, json, github
Exit: 0 published (or dry run), 1 invalid spec, 2 usage/IO error, missing secret or
AWS failure (no credentials, bucket missing, access denied), 3 internal error`;

export async function publish(argv: readonly string[], term: Terminal): Promise<number> {
  const { values } = parse(argv, {
    ...COMMON,
    env: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
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
  const settings = awsSettings(term.env, plan.region);
  const { s3Store, ssmStore } = await import('../../deploy/publish/aws-stores.js');
  try {
    const store = await s3Store(settings, plan.bucket);
    const upload = await store.put(plan.pointer.key, bundle.bytes, plan.pointer.sha256);
    term.out(`${upload === 'uploaded' ? 'uploaded' : 'already present'} ${url} (${facts})`);
    if (agentPackage) {
      // The agent nodes install at first boot: the pbxc that published (see docs/deploy.md).
      const sent = await store.put(AGENT_PACKAGE_KEY, agentPackage.bytes, agentPackage.sha256);
      term.out(`${sent === 'uploaded' ? 'uploaded' : 'already present'} ${agentUrl} (${agentFacts})`);
    }
    const parameters = await ssmStore(settings);
    await parameters.put(plan.parameter, pointerJson(plan.pointer));
    term.out(`set ${plan.parameter} = ${pointerJson(plan.pointer)}`);
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
