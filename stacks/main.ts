/**
 * Entry point of `npm run synth` (and `cdktf synth`): spec → Terraform JSON in cdktf.out, or in
 * CDKTF_OUTDIR when the cdktf CLI sets it. The spec folder comes from PBXC_SPEC, default "spec".
 * Like `pbxc validate`, an invalid spec prints every diagnostic and exits 1 with nothing written.
 */
import { formatHuman, hasErrors, loadModel } from '../src/index.js';
import { buildApp } from './app.js';

const specDir = process.env.PBXC_SPEC ?? 'spec';
const { model, diagnostics } = await loadModel(specDir);
for (const d of diagnostics) process.stderr.write(`${formatHuman(d, { color: false, frames: false })}\n`);
if (!model || hasErrors(diagnostics)) {
  process.stderr.write(`pbxc: ${specDir} is invalid; nothing synthesized\n`);
  process.exit(1);
}
buildApp(model).synth();
