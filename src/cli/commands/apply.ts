import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { summaryLine } from '../../cloud/plan-summary.js';
import { findTerraform } from '../../cloud/terraform-binary.js';
import {
  apply as applyStep,
  init,
  plan as planStep,
  show,
  type TerraformSession,
} from '../../cloud/workflow.js';
import { COMMON, parse, UsageError } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { loadOrReport } from '../pipeline.js';
import type { Terminal } from '../terminal.js';
import { reportCloudError, selectEnvironment, stackDir, synthInto } from './cloud-common.js';
import { PLAN_FILE, resolveIn } from './plan.js';

export const HELP = `Usage: pbxc apply --env ENV [--plan FILE] [--auto-approve] [--spec DIR] [--dir DIR]

Applies an environment's stack with Terraform, always from a saved plan:
  --plan FILE      apply exactly this plan (from pbxc plan --out), nothing else;
                   Terraform refuses it when the state changed since it was made
  --auto-approve   without --plan: plan now and apply that plan
Without either, apply plans, prints the summary and stops: nothing is applied.

Options:
  --env ENV        the environment (required)
  --dir DIR        folder Terraform runs in (default: cdktf.out/stacks/pbxc-<platform>-<env>)

Terraform: PBXC_TF_BIN, else terraform, else tofu on PATH; PBXC_TF_PLUGIN_DIR adds
-plugin-dir to init.

Exit: 0 applied, 1 invalid spec, 2 usage error, not approved, no Terraform, or Terraform failed`;

export async function apply(argv: readonly string[], term: Terminal): Promise<number> {
  const { values } = parse(argv, {
    ...COMMON,
    env: { type: 'string' },
    dir: { type: 'string' },
    plan: { type: 'string' },
    'auto-approve': { type: 'boolean', default: false },
  });
  if (values.help) {
    term.out(HELP);
    return EXIT.ok;
  }
  const loaded = await loadOrReport(term, 'human', String(values.spec));
  if ('exit' in loaded) return loaded.exit;
  const { model } = loaded;
  const env = selectEnvironment(model, values.env, { aws: true });
  const saved = values.plan ? resolveIn(term.cwd, String(values.plan)) : undefined;
  if (saved) {
    try {
      await access(saved);
    } catch {
      throw new UsageError(
        `--plan ${String(values.plan)}: no such plan file (make one with pbxc plan --out)`,
      );
    }
  }
  try {
    const bin = findTerraform(term.env, term.cwd);
    const dir = stackDir(term.cwd, model.platform.id, env.name, values.dir);
    await synthInto(model, env.name, dir);
    const session: TerraformSession = { bin, dir, env: term.env, onLine: (l) => term.err(l) };
    await init(session);
    const planFile = saved ?? join(dir, PLAN_FILE);
    const summary = saved
      ? await show(session, env.name, saved)
      : await planStep(session, env.name, planFile);
    for (const d of summary.destructive) term.out(`DESTRUCTIVE: ${d.address}: ${d.reason}`);
    term.out(summaryLine(summary));
    if (!saved && !values['auto-approve']) {
      term.err(
        `pbxc apply: nothing applied. Review the plan, then run pbxc apply --env ${env.name} --plan ${planFile} (or pass --auto-approve)`,
      );
      return EXIT.usage;
    }
    await applyStep(session, planFile);
    term.out(`applied ${env.name}`);
    return EXIT.ok;
  } catch (error) {
    return reportCloudError(term, 'apply', error);
  }
}
