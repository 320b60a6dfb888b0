import { createHash } from 'node:crypto';
import type { EmitMode, EmittedFile } from '../emit/target.js';

export const MANIFEST_NAME = 'MANIFEST.json';

export interface Manifest {
  readonly generator: 'pbxc';
  readonly version: string;
  readonly mode: EmitMode;
  readonly specDigest: string;
  readonly files: readonly { readonly path: string; readonly sha256: string; readonly bytes: number }[];
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The manifest of a tree: every file with its hash, no timestamps, in path order. */
export function buildManifest(
  files: readonly EmittedFile[],
  mode: EmitMode,
  version: string,
  specDigest: string,
): Manifest {
  return {
    generator: 'pbxc',
    version,
    mode,
    specDigest,
    files: files.map((f) => ({
      path: f.path,
      sha256: sha256(f.content),
      bytes: Buffer.byteLength(f.content, 'utf8'),
    })),
  };
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
