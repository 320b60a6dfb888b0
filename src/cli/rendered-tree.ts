import { buildTree, type Tree } from '../build-tree.js';
import { diag } from '../diag/diagnostic.js';
import type { OutputFormat } from '../diag/format.js';
import { environmentModel } from '../model/environment-view.js';
import type { Model } from '../model/types.js';
import { secretEnvName } from '../secrets/placeholder.js';
import {
  badSecrets,
  collectSecrets,
  emptySecrets,
  missingSecrets,
  renderSecret,
} from '../secrets/resolver.js';
import { packageVersion } from '../util/package-root.js';
import { UsageError } from './args.js';
import { EXIT, exitFor } from './exit-codes.js';
import { buildOrProgress, type Loaded, loadOrReport } from './pipeline.js';
import { report } from './report.js';
import { secretSources } from './secret-sources.js';
import type { Terminal } from './terminal.js';

export type Rendered =
  | { readonly model: Model; readonly loaded: Exclude<Loaded, { exit: number }>; readonly tree: Tree }
  | { readonly exit: number };

/**
 * The deployable tree in memory: load, check, fill in every secret. Shared by render (which writes
 * it) and publish (which packs it), so both ship exactly the same files. With `env`, the tree of
 * that environment: only its tenants, with its domains, DIDs and trunk overrides, and only the
 * secrets those need. Reports and returns an exit code on invalid specs, missing secrets and (with
 * `checkEmit`) emit errors.
 */
export async function renderedTree(
  term: Terminal,
  format: OutputFormat,
  values: { spec?: string; strict?: boolean; secrets?: string; 'master-key-file'?: string; env?: string },
  checkEmit: boolean,
): Promise<Rendered> {
  const loaded = await loadOrReport(term, format, String(values.spec), !!values.strict);
  if ('exit' in loaded) return loaded;
  let model = loaded.model;
  if (values.env !== undefined) {
    const env = model.platform.environments.find((e) => e.name === values.env);
    if (!env) {
      const known = model.platform.environments.map((e) => e.name).join(', ') || 'none';
      throw new UsageError(`unknown environment "${values.env}" (platform.yaml has: ${known})`);
    }
    model = environmentModel(model, env);
  }
  const { sources, diagnostics: sourceDiagnostics, masterKeyGiven } = await secretSources(term, values);
  const refs = collectSecrets(model);
  const missing = missingSecrets(refs, sources);
  const secretDiagnostics = [
    ...sourceDiagnostics,
    ...missing.named.map((name) => diag('PBX6001', { name, env: secretEnvName(name) })),
    ...emptySecrets(refs, sources).map((name) => diag('PBX6006', { name, env: secretEnvName(name) })),
    ...badSecrets(refs, sources).map(({ name, problem }) =>
      diag('PBX6007', { name, problem, env: secretEnvName(name) }),
    ),
    ...(missing.masterKey && !masterKeyGiven ? [diag('PBX6002', {})] : []),
  ];
  if (secretDiagnostics.length > 0) {
    await report(term, format, [...loaded.result.diagnostics, ...secretDiagnostics], loaded.result.stats);
    return { exit: EXIT.usage };
  }
  const tree = await buildOrProgress(term, () =>
    buildTree(model, packageVersion(), 'render', renderSecret(sources)),
  );
  if (checkEmit) {
    const all = [...loaded.result.diagnostics, ...tree.diagnostics];
    const code = exitFor(all, !!values.strict);
    if (code !== EXIT.ok) {
      await report(term, format, all, loaded.result.stats);
      return { exit: code };
    }
  }
  return { model, loaded, tree };
}
