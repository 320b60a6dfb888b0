/**
 * pbxc as a library: the CLI, stacks/ and the tests all go through these functions.
 * Nothing here loads cdktf.
 */
export { type CheckResult, type CheckStats, check } from './compile.js';
export { CODES, type Code } from './diag/codes.js';
export type { Diagnostic, Location } from './diag/diagnostic.js';
export { formatMessage, hasErrors, sortDiagnostics } from './diag/diagnostic.js';
export { formatGithub, formatHuman, formatJson } from './diag/format.js';
export { emitAll } from './emit/emit-all.js';
export { TARGETS } from './emit/registry.js';
export type { EmitContext, EmitMode, EmitResult, EmittedFile, Target } from './emit/target.js';
export { readSpec, type SpecTexts } from './load/read-spec.js';
export { loadModel } from './load-model.js';
export { environmentModel, serves, tenantInEnvironment } from './model/environment-view.js';
export { NODE_PATHS } from './model/node-paths.js';
export type * from './model/types.js';
export { fetchesOverTftp, VENDORS } from './model/vendors.js';
export { derive } from './secrets/derive.js';
export { placeholder, secretEnvName } from './secrets/placeholder.js';
