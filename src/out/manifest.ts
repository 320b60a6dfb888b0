import { createHash } from 'node:crypto';
import { type EmitMode, type EmittedFile, fileBytes } from '../emit/target.js';
import { compareStrings } from '../util/text.js';

export const MANIFEST_NAME = 'MANIFEST.json';

export interface ManifestEntry {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}

export interface Manifest {
  readonly generator: 'pbxc';
  readonly version: string;
  readonly mode: EmitMode;
  readonly specDigest: string;
  readonly files: readonly ManifestEntry[];
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The manifest of a tree: every file with its hash, no timestamps, in path order. `reused` are
 * files whose hash is already known (taken unchanged from the previous tree).
 */
export function buildManifest(
  files: readonly EmittedFile[],
  mode: EmitMode,
  version: string,
  specDigest: string,
  reused: readonly ManifestEntry[] = [],
): Manifest {
  const entries: ManifestEntry[] = files.map((f) => {
    if (f.encoding !== 'base64')
      return { path: f.path, sha256: sha256(f.content), bytes: Buffer.byteLength(f.content, 'utf8') };
    const bytes = fileBytes(f);
    return { path: f.path, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
  });
  if (reused.length > 0) {
    for (const r of reused) entries.push({ path: r.path, sha256: r.sha256, bytes: r.bytes });
    entries.sort((a, b) => compareStrings(a.path, b.path));
  }
  return { generator: 'pbxc', version, mode, specDigest, files: entries };
}

export function manifestFile(manifest: Manifest): EmittedFile {
  return { path: MANIFEST_NAME, content: `${JSON.stringify(manifest, null, 2)}\n` };
}

export function parseManifest(text: string): Manifest | undefined {
  try {
    const value = JSON.parse(text) as Manifest;
    return value?.generator === 'pbxc' && Array.isArray(value.files) ? value : undefined;
  } catch {
    return undefined;
  }
}
