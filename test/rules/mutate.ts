import { check } from '../../src/compile.js';
import type { Diagnostic } from '../../src/diag/diagnostic.js';
import { readSpec } from '../../src/load/read-spec.js';
import { EXAMPLE_SPEC } from '../helpers/example.js';

/** One text replacement in one file of the example spec ("platform.yaml", "tenants/xynap.yaml"). */
export interface Mutation {
  readonly file: string;
  readonly from: string;
  readonly to: string;
}

/**
 * Checks the example spec with the mutations applied; each `from` must occur in its file. The
 * warnings the untouched example already has (TLS needs the node's certificate, PBX3100/PBX3101)
 * are left out, so a case lists what its mutation causes.
 */
export async function checkMutated(...mutations: Mutation[]): Promise<Diagnostic[]> {
  const all = await checkMutatedAll(...mutations);
  const key = (d: Diagnostic) => `${d.code} ${d.location?.file}:${d.location?.line}:${d.location?.col}`;
  const baseline = new Set(
    (mutations.length > 0 ? await checkMutatedAll() : []).filter((d) => d.severity === 'warning').map(key),
  );
  return all.filter((d) => !baseline.has(key(d)));
}

async function checkMutatedAll(...mutations: Mutation[]): Promise<Diagnostic[]> {
  const { texts } = await readSpec(EXAMPLE_SPEC);
  const edit = (path: string, text: string) => {
    let out = text;
    for (const m of mutations.filter((m) => path.endsWith(`/${m.file}`))) {
      if (!out.includes(m.from)) throw new Error(`${m.file} does not contain ${m.from}`);
      out = out.replace(m.from, m.to);
    }
    return out;
  };
  const platform = texts.platform && {
    ...texts.platform,
    text: edit(texts.platform.path, texts.platform.text),
  };
  const tenants = texts.tenants.map((t) => ({ ...t, text: edit(t.path, t.text) }));
  const media = texts.media ? { media: texts.media } : {};
  return [...check({ ...(platform ? { platform } : {}), tenants, ...media }).diagnostics];
}

/** "file:line code message" with the file relative to the spec folder, for compact expectations. */
export function brief(d: Diagnostic): string {
  const file = d.location?.file.replace(/^.*\/spec\//, '') ?? '';
  return `${file}:${d.location?.line} ${d.code} ${d.message.replaceAll(`${EXAMPLE_SPEC}/`, 'spec/')}`;
}

/** "file:line [WARN ]CODE" of each diagnostic: what the table tests compare. */
export function codesAt(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => {
    const [where = ''] = brief(d).split(' ');
    return `${where} ${d.severity === 'warning' ? 'WARN ' : ''}${d.code}`;
  });
}
