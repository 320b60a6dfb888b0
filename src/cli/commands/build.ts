import { buildTree } from '../../build-tree.js';
import { TERRAFORM_DIR } from '../../cloud/terraform-tree.js';
import { partKeys } from '../../emit/cache-key.js';
import type { ReusedFile } from '../../emit/emit-all.js';
import { TARGETS } from '../../emit/registry.js';
import type { Model } from '../../model/types.js';
import { codeFingerprint, type EmitCache, openEmitCache } from '../../out/emit-cache.js';
import { realTarget } from '../../out/write-tree.js';
import { auditSecret } from '../../secrets/resolver.js';
import { packageVersion } from '../../util/package-root.js';
import { COMMON, defaultOut, formatOption, parse } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { boundHeapGrowth } from '../heap.js';
import { buildOrProgress, loadOrReport, writeOrReport } from '../pipeline.js';
import { count, phase } from '../progress.js';
import type { Terminal } from '../terminal.js';

export const HELP = `Usage: pbxc build [--spec DIR] [--out DIR] [--format human|json|github] [--strict] [--no-cache]

Compiles the spec through every target into the audit tree (default: generated/ beside --spec):
FreeSWITCH configuration, phone files, Ringotel imports, fail2ban and nftables rules,
plus MANIFEST.json (every file's sha256, the spec digest, the pbxc version).
Needs no secrets: each secret is a placeholder naming it and its revision.
The output is byte-identical for the same spec on any machine. The write is atomic:
on any error nothing in --out changes; on success it holds exactly the new tree, plus
the terraform/ folder pbxc synth wrote, which build keeps as it is (check verifies it).
A tenant whose file, the platform and pbxc did not change since the last build is not
compiled again: its files are taken from --out after checking them against MANIFEST.json.
The cache index lives outside --out: $PBXC_CACHE_DIR, else node_modules/.cache/pbxc above
--out, else $XDG_CACHE_HOME/pbxc (with none of them every build compiles everything).

Options:
  --spec DIR      spec folder (default: spec)
  --out DIR       output folder (default: generated/ beside the spec folder)
  --format F      diagnostics format: human, json, github
  --strict        warnings fail too
  --no-cache      compile every tenant (the cache index is still refreshed)
Exit: 0 built, 1 invalid spec, 2 usage or IO error, 3 internal error`;

export async function build(argv: readonly string[], term: Terminal): Promise<number> {
  const { values } = parse(argv, { ...COMMON, out: { type: 'string' }, 'no-cache': { type: 'boolean' } });
  if (values.help) {
    term.out(HELP);
    return 0;
  }
  const format = formatOption(values.format);
  const out = defaultOut(values.spec, values.out);
  boundHeapGrowth();
  const loaded = await loadOrReport(term, format, String(values.spec), !!values.strict);
  if ('exit' in loaded) return loaded.exit;
  const version = packageVersion();
  const plan = await cachePlan(term, loaded.model, out, version, !!values['no-cache']);
  const tree = await buildOrProgress(term, () =>
    buildTree(
      loaded.model,
      version,
      'audit',
      auditSecret,
      plan ? { keys: plan.keys, reused: plan.reused } : undefined,
    ),
  );
  const code = await writeOrReport(term, format, loaded, tree, {
    path: out,
    shown: out,
    private: false,
    strict: !!values.strict,
    keep: [TERRAFORM_DIR],
  });
  if (code === EXIT.ok && plan) await plan.cache.save(tree, plan.keys, plan.reused);
  return code;
}

interface CachePlan {
  readonly cache: EmitCache;
  readonly keys: Map<string, string>;
  readonly reused: Map<string, readonly ReusedFile[]>;
}

/**
 * The tenant parts this build can take from the previous tree. Without a cache location, or if
 * anything about the cache fails, there is no plan and every part is compiled.
 */
async function cachePlan(
  term: Terminal,
  model: Model,
  out: string,
  version: string,
  noCache: boolean,
): Promise<CachePlan | undefined> {
  try {
    const cache = await openEmitCache(await realTarget(out), term.env);
    if (!cache) return undefined;
    const keys = partKeys(model, TARGETS, { version, code: await codeFingerprint(), mode: 'audit' });
    const reused = noCache
      ? new Map<string, readonly ReusedFile[]>()
      : await phase(
          term,
          () => cache.reusable(keys),
          (r) => `found ${count(r.size, 'unchanged tenant part')} of ${keys.size.toLocaleString('en-US')}`,
        );
    return { cache, keys, reused };
  } catch {
    return undefined;
  }
}
