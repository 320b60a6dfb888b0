import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from './bundle.js';
import { gzip } from './gzip.js';
import { writeTar } from './tar.js';

/**
 * pbxc itself as an npm package (.tgz, files under package/), for nodes to install the agent with
 * `npm install -g`: package.json, the CLI, the compiled code and the files it reads at run time.
 * Packed with the same deterministic writer as bundles, so an unchanged pbxc is never re-uploaded.
 */
const PARTS = ['package.json', 'bin', 'dist', 'spec/schema', 'src/emit/phones/templates'];

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
  if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) return undefined;
  const files = PARTS.flatMap((p) => collect(root, p));
  const bytes = gzip(
    writeTar(files.map((f) => ({ path: `package/${f}`, content: readFileSync(join(root, f)) }))),
  );
  return { bytes, sha256: sha256Hex(bytes) };
}
