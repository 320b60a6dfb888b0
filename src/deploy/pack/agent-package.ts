import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from './bundle.js';
import { gzip } from './gzip.js';
import { writeTar } from './tar.js';

/**
 * pbxc itself as an npm package (.tgz, files under package/), for nodes to install the agent with
 * `npm install -g`: package.json and exactly what its `files` list ships (the CLI, the compiled
 * code, the files it reads at run time), like `npm pack`. Packed with the same deterministic writer
 * as bundles, so an unchanged pbxc is never re-uploaded.
 */
function parts(root: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { files?: string[] };
  return ['package.json', ...(pkg.files ?? []).map((f) => f.replace(/\/+$/, ''))];
}

function collect(root: string, rel: string): string[] {
  const path = join(root, rel);
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [rel];
  return readdirSync(path)
    .sort()
    .flatMap((name) => collect(root, `${rel}/${name}`))
    .filter((p) => !p.endsWith('.tsbuildinfo'));
}

export function packAgentPackage(root: string): { bytes: Buffer; sha256: string } | undefined {
  if (!existsSync(join(root, 'dist', 'src', 'cli', 'main.js'))) return undefined;
  const files = parts(root).flatMap((p) => collect(root, p));
  const bytes = gzip(
    writeTar(files.map((f) => ({ path: `package/${f}`, content: readFileSync(join(root, f)) }))),
  );
  return { bytes, sha256: sha256Hex(bytes) };
}
