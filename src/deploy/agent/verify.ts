import { MANIFEST_NAME, parseManifest } from '../../out/manifest.js';
import { sha256Hex } from '../pack/bundle.js';
import { gunzip } from '../pack/gzip.js';
import { readTar } from '../pack/tar.js';

export class VerifyError extends Error {
  constructor(
    readonly reason: 'DigestMismatch' | 'ManifestMismatch',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The files of a downloaded bundle, after checking its sha256 against the published pointer and every
 * file against MANIFEST.json (digest and size, nothing missing, nothing extra, a rendered tree).
 */
export function verifyBundle(bytes: Buffer, sha256: string): Map<string, Buffer> {
  const actual = sha256Hex(bytes);
  if (actual !== sha256)
    throw new VerifyError('DigestMismatch', `bundle sha256 is ${actual}, published ${sha256}`);
  let entries: ReturnType<typeof readTar>;
  try {
    entries = readTar(gunzip(bytes));
  } catch (error) {
    throw new VerifyError(
      'ManifestMismatch',
      `bundle is not a readable .tar.gz: ${(error as Error).message}`,
    );
  }
  const files = new Map(entries.map((e) => [e.path, e.content]));
  const manifestBytes = files.get(MANIFEST_NAME);
  const manifest = manifestBytes ? parseManifest(manifestBytes.toString('utf8')) : undefined;
  if (!manifest) throw new VerifyError('ManifestMismatch', `bundle has no valid ${MANIFEST_NAME}`);
  if (manifest.mode !== 'render') {
    throw new VerifyError('ManifestMismatch', `bundle is a ${manifest.mode} tree, not a rendered one`);
  }
  const listed = new Set<string>();
  for (const f of manifest.files) {
    listed.add(f.path);
    const content = files.get(f.path);
    if (!content)
      throw new VerifyError('ManifestMismatch', `${f.path} is in ${MANIFEST_NAME} but not in the bundle`);
    if (content.length !== f.bytes || sha256Hex(content) !== f.sha256) {
      throw new VerifyError('ManifestMismatch', `${f.path} does not match its ${MANIFEST_NAME} digest`);
    }
  }
  for (const path of files.keys()) {
    if (path !== MANIFEST_NAME && !listed.has(path)) {
      throw new VerifyError('ManifestMismatch', `${path} is in the bundle but not in ${MANIFEST_NAME}`);
    }
  }
  return files;
}
