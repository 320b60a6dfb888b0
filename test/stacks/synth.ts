import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { loadModel } from '../../src/load-model.js';
import type { Model } from '../../src/model/types.js';
import { buildApp } from '../../stacks/app.js';

export const WHITELIST_SPEC = fileURLToPath(new URL('../fixtures/specs/stacks-whitelist', import.meta.url));

/** A Terraform JSON document, loosely typed: tests walk it by block type and resource type. */
// biome-ignore lint/suspicious/noExplicitAny: synthesized JSON is walked by string keys
export type TfJson = Record<string, any>;

export interface Synthesized {
  readonly dir: string;
  /** Every file under the outdir by relative path. */
  readonly files: ReadonlyMap<string, string>;
  readonly stacks: Readonly<Record<string, TfJson>>;
}

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** Synthesizes the model's App into a fresh temporary folder, as `npm run synth` would. */
export async function synthModel(model: Model): Promise<Synthesized> {
  const dir = await mkdtemp(join(tmpdir(), 'pbxc-stacks-'));
  dirs.push(dir);
  buildApp(model, { outdir: dir }).synth();
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(dir, path), await readFile(path, 'utf8'));
  }
  const stacks: Record<string, TfJson> = {};
  for (const [path, text] of files) {
    const m = /^stacks\/([^/]+)\/cdk\.tf\.json$/.exec(path);
    if (m) stacks[m[1]!] = JSON.parse(text);
  }
  return { dir, files: new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1))), stacks };
}

export async function fixtureModel(dir: string): Promise<Model> {
  const { model, diagnostics } = await loadModel(dir);
  if (!model) throw new Error(`fixture ${dir} invalid:\n${diagnostics.map((d) => d.message).join('\n')}`);
  return model;
}

/** The resources of one type, without cdktf's "//" metadata. */
export function resources(stack: TfJson, type: string): TfJson[] {
  return Object.values<TfJson>(stack.resource?.[type] ?? {}).map(({ '//': _, ...rest }) => rest);
}
