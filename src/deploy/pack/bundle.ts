import { createHash } from 'node:crypto';
import { type EmittedFile, fileBytes } from '../../emit/target.js';
import { gzip } from './gzip.js';
import { writeTar } from './tar.js';

/** A packed bundle: the bytes that are uploaded and the names nodes know it by. */
export interface PackedBundle {
  readonly bytes: Buffer;
  readonly sha256: string;
  /** Short, content-derived version: the same files give the same version on any machine. */
  readonly version: string;
  readonly files: number;
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Packs a rendered tree (MANIFEST.json included) as a deterministic .tar.gz. */
export function packBundle(files: readonly EmittedFile[]): PackedBundle {
  const bytes = gzip(writeTar(files.map((f) => ({ path: f.path, content: fileBytes(f) }))));
  const sha256 = sha256Hex(bytes);
  return { bytes, sha256, version: sha256.slice(0, 12), files: files.length };
}
