import { createHash } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { MANIFEST_NAME } from '../../out/manifest.js';
import { checkEntryPath, field, number as octal, paxPath, TarError } from '../pack/tar.js';

/**
 * Download and unpack in bounded memory: the object is streamed to a file while its sha256 and size
 * are counted (refused past the compressed limit), then gunzipped and un-tarred as a stream into the
 * staging folder (refused past the expanded limit or file count). Nothing is held whole in memory.
 */
export interface Limits {
  /** Largest bundle object accepted (compressed bytes). */
  readonly bundleBytes: number;
  /** Largest expanded tar stream accepted (bytes). */
  readonly treeBytes: number;
  /** Most files in one bundle. */
  readonly files: number;
}

export const DEFAULT_LIMITS: Limits = {
  bundleBytes: 64 * 1024 * 1024,
  treeBytes: 256 * 1024 * 1024,
  files: 200_000,
};

/** A refusal of the bundle itself (a Failed state, never retried for the same digest). */
export class BundleError extends Error {
  constructor(
    readonly reason: 'DigestMismatch' | 'ManifestMismatch' | 'TooLarge' | 'BundleRefused',
    message: string,
  ) {
    super(message);
  }
}

/** Streams `body` to `file`, counting bytes and the sha256; refuses past `limit`. */
export async function download(
  body: AsyncIterable<Uint8Array>,
  file: string,
  sha256: string,
  limit: number,
): Promise<number> {
  const hash = createHash('sha256');
  const fd = openSync(file, 'w', 0o600);
  let size = 0;
  try {
    for await (const chunk of body) {
      size += chunk.length;
      if (size > limit) {
        throw new BundleError(
          'TooLarge',
          `bundle is larger than the ${limit}-byte limit (limits.bundleBytes)`,
        );
      }
      hash.update(chunk);
      writeSync(fd, chunk);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  const actual = hash.digest('hex');
  if (actual !== sha256)
    throw new BundleError('DigestMismatch', `bundle sha256 is ${actual}, published ${sha256}`);
  return size;
}

const BLOCK = 512;

/** Where a bundle may put files: anything else is refused before it reaches the node. */
export function layoutProblem(path: string): string | undefined {
  if (path === 'freeswitch/tls' || path.startsWith('freeswitch/tls/'))
    return `${path}: freeswitch/tls is the node's certificate folder, not part of a bundle`;
  if (
    path.startsWith('fail2ban/') &&
    !/^fail2ban\/(action\.d|filter\.d|jail\.d)\/[A-Za-z0-9_.-]+\.(conf|local)$/.test(path)
  )
    return `${path}: fail2ban files go in action.d, filter.d or jail.d (name.conf or name.local)`;
  if (path.startsWith('provisioning/nginx/') && !/^provisioning\/nginx\/[A-Za-z0-9_.-]+\.conf$/.test(path))
    return `${path}: the nginx site is one provisioning/nginx/<name>.conf`;
  return undefined;
}

/**
 * A streaming ustar reader that writes each regular file under `dir` as it arrives and returns
 * path → sha256 and size. Refuses links, devices, unsafe paths, duplicates, a path that is both a
 * file and a folder, the layout problems above, and more than the limits.
 */
export async function extract(
  archive: string,
  dir: string,
  limits: Limits,
): Promise<Map<string, { sha256: string; bytes: number }>> {
  const out = new Map<string, { sha256: string; bytes: number }>();
  const folders = new Set<string>();
  let pending: Buffer = Buffer.alloc(0);
  let expanded = 0;
  let ended = false;
  // the entry being read: its data, then the padding to the next 512-byte block
  let entry: { path: string | undefined; size: number; remaining: number; pad: number } | undefined;
  let fd: number | undefined;
  let hash: ReturnType<typeof createHash> | undefined;
  let paxData: Buffer[] = [];
  let longPath: string | undefined;

  const open = (path: string) => {
    checkEntryPath(path);
    const problem = layoutProblem(path);
    if (problem) throw new BundleError('BundleRefused', problem);
    if (out.has(path)) throw new BundleError('BundleRefused', `${path} appears twice in the bundle`);
    if (folders.has(path)) throw new BundleError('BundleRefused', `${path} is both a file and a folder`);
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('/');
      if (out.has(parent)) throw new BundleError('BundleRefused', `${parent} is both a file and a folder`);
      folders.add(parent);
    }
    if (out.size >= limits.files)
      throw new BundleError('TooLarge', `bundle has more than ${limits.files} files (limits.files)`);
    const file = join(dir, ...parts);
    mkdirSync(dirname(file), { recursive: true, mode: 0o750 });
    fd = openSync(file, 'wx', 0o640);
    hash = createHash('sha256');
  };

  const readHeader = (h: Buffer) => {
    if (h.every((b) => b === 0)) {
      ended = true;
      return;
    }
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
    if (sum !== octal(h, 148, 8)) throw new TarError('corrupt tar header (checksum)');
    const size = octal(h, 124, 12);
    const type = String.fromCharCode(h[156]!);
    const pad = (BLOCK - (size % BLOCK)) % BLOCK;
    if (type === 'x') {
      if (size > 64 * 1024) throw new TarError('pax header too large');
      paxData = [];
      entry = { path: undefined, size, remaining: size, pad };
    } else if (type === '0' || type === '\0') {
      const prefix = field(h, 345, 155);
      const path = longPath ?? (prefix ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100));
      longPath = undefined;
      open(path);
      entry = { path, size, remaining: size, pad };
    } else {
      throw new TarError(`bundle holds a non-file entry (type ${type})`);
    }
  };

  const finishEntry = () => {
    const e = entry!;
    entry = undefined;
    if (e.path === undefined) {
      longPath = paxPath(Buffer.concat(paxData));
      return;
    }
    closeSync(fd!);
    fd = undefined;
    out.set(e.path, { sha256: hash!.digest('hex'), bytes: e.size });
  };

  const consume = () => {
    while (!ended) {
      if (!entry) {
        if (pending.length < BLOCK) return;
        const h = pending.subarray(0, BLOCK);
        pending = pending.subarray(BLOCK);
        readHeader(h);
        continue;
      }
      if (entry.remaining > 0) {
        if (pending.length === 0) return;
        const data = pending.subarray(0, Math.min(entry.remaining, pending.length));
        pending = pending.subarray(data.length);
        entry.remaining -= data.length;
        if (entry.path === undefined) paxData.push(Buffer.from(data));
        else {
          hash!.update(data);
          writeSync(fd!, data);
        }
        continue;
      }
      if (entry.pad > 0) {
        if (pending.length === 0) return;
        const skip = Math.min(entry.pad, pending.length);
        pending = pending.subarray(skip);
        entry.pad -= skip;
        continue;
      }
      finishEntry();
    }
  };

  const gunzip = createGunzip();
  const input = createReadStream(archive);
  input.pipe(gunzip);
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      expanded += chunk.length;
      if (expanded > limits.treeBytes) {
        throw new BundleError(
          'TooLarge',
          `bundle expands to more than the ${limits.treeBytes}-byte limit (limits.treeBytes)`,
        );
      }
      if (ended) continue;
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      consume();
    }
  } catch (error) {
    if (error instanceof BundleError) throw error;
    throw new BundleError(
      'ManifestMismatch',
      `bundle is not a readable .tar.gz: ${(error as Error).message}`,
    );
  } finally {
    input.destroy();
    gunzip.destroy();
    if (fd !== undefined) closeSync(fd);
  }
  if (!ended) throw new BundleError('ManifestMismatch', 'bundle is not a readable .tar.gz: no end marker');
  return out;
}

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Checks the unpacked files against MANIFEST.json: a rendered pbxc tree, every entry a well-formed
 * {path, sha256, bytes}, every listed file present with that digest and size, nothing unlisted.
 */
export function verifyManifest(
  dir: string,
  files: ReadonlyMap<string, { sha256: string; bytes: number }>,
): void {
  const m = files.get(MANIFEST_NAME);
  if (!m) throw new BundleError('ManifestMismatch', `bundle has no ${MANIFEST_NAME}`);
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(readFileSync(join(dir, MANIFEST_NAME), 'utf8')) as Record<string, unknown>;
  } catch {
    throw new BundleError('ManifestMismatch', `${MANIFEST_NAME} is not JSON`);
  }
  if (
    !manifest ||
    typeof manifest !== 'object' ||
    manifest.generator !== 'pbxc' ||
    !Array.isArray(manifest.files)
  )
    throw new BundleError('ManifestMismatch', `bundle has no valid ${MANIFEST_NAME}`);
  if (manifest.mode !== 'render')
    throw new BundleError(
      'ManifestMismatch',
      `bundle is a ${String(manifest.mode)} tree, not a rendered one`,
    );
  const listed = new Set<string>();
  (manifest.files as unknown[]).forEach((raw, i) => {
    const f = raw as Record<string, unknown> | null;
    if (
      !f ||
      typeof f !== 'object' ||
      typeof f.path !== 'string' ||
      typeof f.sha256 !== 'string' ||
      !HEX64.test(f.sha256) ||
      typeof f.bytes !== 'number' ||
      !Number.isInteger(f.bytes) ||
      f.bytes < 0
    ) {
      throw new BundleError(
        'ManifestMismatch',
        `${MANIFEST_NAME} entry ${i + 1} is not a {path, sha256, bytes} entry`,
      );
    }
    if (f.path === MANIFEST_NAME || listed.has(f.path))
      throw new BundleError('ManifestMismatch', `${MANIFEST_NAME} lists ${f.path} twice`);
    listed.add(f.path);
    const got = files.get(f.path);
    if (!got)
      throw new BundleError('ManifestMismatch', `${f.path} is in ${MANIFEST_NAME} but not in the bundle`);
    if (got.bytes !== f.bytes || got.sha256 !== f.sha256)
      throw new BundleError('ManifestMismatch', `${f.path} does not match its ${MANIFEST_NAME} digest`);
  });
  for (const path of files.keys()) {
    if (path !== MANIFEST_NAME && !listed.has(path))
      throw new BundleError('ManifestMismatch', `${path} is in the bundle but not in ${MANIFEST_NAME}`);
  }
}
