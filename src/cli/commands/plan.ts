import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { summaryLine, summaryMarkdown } from '../../cloud/plan-summary.js';
import { findTerraform } from '../../cloud/terraform-binary.js';
import { init, plan as planStep, type TerraformSession } from '../../cloud/workflow.js';
import { COMMON, parse } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { loadOrReport } from '../pipeline.js';
import type { Terminal } from '../terminal.js';
import { reportCloudError, selectEnvironment, stackDir, synthInto } from './cloud-common.js';

export const PLAN_FILE = 'pbxc.tfplan';

export const HELP = `Usage: pbxc plan --env ENV [--spec DIR] [--dir DIR] [--out FILE] [--json FILE] [--markdown FILE]

Synthesizes the environment's stack, runs terraform init and terraform plan into a
saved plan file (default: <dir>/pbxc.tfplan), and prints what it would change.
Disruptive changes are flagged DESTRUCTIVE: a node replaced or updated in place (a new
user_data or instance type stops and starts it), an Elastic IP released or its
association replaced, a firewall rule deleted, a shared storage mount target replaced,
a DNS record, the bundle bucket or the shared storage deleted.

Options:
  --env ENV        the environment (required)
  --dir DIR        folder Terraform runs in (default: cdktf.out/stacks/pbxc-<platform>-<env>)
  --out FILE       the saved plan (default: <dir>/pbxc.tfplan), for pbxc apply --plan
  --json FILE      write the summary as JSON (add/change/destroy, destructive changes)
  --markdown FILE  write the summary as Markdown, for a pull request comment

Terraform: PBXC_TF_BIN, else terraform, else tofu on PATH. PBXC_TF_PLUGIN_DIR adds
-plugin-dir to init (an offline provider mirror). AWS credentials come from the
environment as for Terraform itself.

Exit: 0 planned, 1 invalid spec, 2 usage error, no Terraform, or Terraform failed`;

export function resolveIn(cwd: string, path: string): string {
  return isAbsolute(path) ? path : join(cwd, path);
}

export async function plan(argv: readonly string[], term: Terminal): Promise<number> {
  const { values } = parse(argv, {
    ...COMMON,
    env: { type: 'string' },
    dir: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'string' },
    markdown: { type: 'string' },
  });
  if (values.help) {
    term.out(HELP);
    return EXIT.ok;
  }
  const loaded = await loadOrReport(term, 'human', String(values.spec));
  if ('exit' in loaded) return loaded.exit;
  const { model } = loaded;
  const env = selectEnvironment(model, values.env, { aws: true });
  try {
    const bin = findTerraform(term.env, term.cwd);
    const dir = stackDir(term.cwd, model.platform.id, env.name, values.dir);
    const planFile = values.out ? resolveIn(term.cwd, String(values.out)) : join(dir, PLAN_FILE);
    await synthInto(model, env.name, dir);
    const session: TerraformSession = { bin, dir, env: term.env, onLine: (l) => term.err(l) };
    await init(session);
    const summary = await planStep(session, env.name, planFile);
    for (const d of summary.destructive) term.out(`DESTRUCTIVE: ${d.address}: ${d.reason}`);
    term.out(summaryLine(summary));
    term.out(`saved plan: ${planFile}`);
    if (values.json)
      await writeReport(resolveIn(term.cwd, String(values.json)), `${JSON.stringify(summary, null, 2)}\n`);
    if (values.markdown)
      await writeReport(resolveIn(term.cwd, String(values.markdown)), summaryMarkdown(summary));
    return EXIT.ok;
  } catch (error) {
    return reportCloudError(term, 'plan', error);
  }
}

export async function writeReport(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}
