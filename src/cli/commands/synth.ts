import { isAbsolute, join } from 'node:path';
import { customerDnsText, dnsPlan } from '../../cloud/dns-records.js';
import { loadStacks } from '../../cloud/load-stacks.js';
import { STACK_FILE, terraformTree } from '../../cloud/terraform-tree.js';
import { awsEnvironments } from '../../model/environments.js';
import { OutputError, writeTree } from '../../out/write-tree.js';
import { packageVersion } from '../../util/package-root.js';
import { COMMON, defaultOut, parse } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { loadOrReport } from '../pipeline.js';
import type { Terminal } from '../terminal.js';
import { reportCloudError, selectEnvironment, stackDir, synthInto } from './cloud-common.js';

export const HELP = `Usage: pbxc synth [--spec DIR] [--env ENV] [--out DIR]

Synthesizes the AWS stacks (CDK for Terraform) of the spec's environments as Terraform
JSON: deterministic, no absolute paths, no secrets.

Without --env: every environment into the audit tree, <out>/<env>/cdk.tf.json plus
<out>/MANIFEST.json (default out: generated/terraform beside --spec, where build
writes), so a pull request shows
infrastructure changes next to configuration changes; pbxc check verifies it.
With --env: that environment's cdk.tf.json into the folder Terraform runs in
(default: cdktf.out/stacks/pbxc-<platform>-<env>; other files there are kept).

Tenant domains outside the environment's dns_zone are printed with the DNS records
their owners must create.

Exit: 0 written, 1 invalid spec, 2 unknown environment, usage or IO error`;

export async function synth(argv: readonly string[], term: Terminal): Promise<number> {
  const { values } = parse(argv, { ...COMMON, env: { type: 'string' }, out: { type: 'string' } });
  if (values.help) {
    term.out(HELP);
    return EXIT.ok;
  }
  const loaded = await loadOrReport(term, 'human', String(values.spec));
  if ('exit' in loaded) return loaded.exit;
  const { model } = loaded;
  try {
    if (values.env !== undefined) {
      const env = selectEnvironment(model, values.env, { aws: true });
      const dir = stackDir(term.cwd, model.platform.id, env.name, values.out);
      await synthInto(model, env.name, dir);
      term.out(`wrote ${join(values.out ? String(values.out) : dir, STACK_FILE)}`);
      const dns = customerDnsText(env.name, dnsPlan(model, env));
      if (dns) term.out(dns.trimEnd());
      return EXIT.ok;
    }
    const shown =
      typeof values.out === 'string' ? values.out : join(defaultOut(values.spec, undefined), 'terraform');
    const out = isAbsolute(shown) ? shown : join(term.cwd, shown);
    const names = awsEnvironments(model).map((e) => e.name);
    const json = await (await loadStacks()).synthTerraform(model, names);
    const files = terraformTree(model, packageVersion(), json);
    await writeTree(out, files, { private: false });
    term.out(
      `wrote ${names.length} environment${names.length === 1 ? '' : 's'} (${files.length} files) to ${shown}`,
    );
    for (const env of awsEnvironments(model)) {
      const dns = customerDnsText(env.name, dnsPlan(model, env));
      if (dns) term.out(dns.trimEnd());
    }
    return EXIT.ok;
  } catch (error) {
    if (error instanceof OutputError) {
      term.err(`pbxc synth: ${error.message}`);
      return EXIT.usage;
    }
    return reportCloudError(term, 'synth', error);
  }
}
