/**
 * A small ustar writer and reader for bundles. The writer is deterministic by construction: entries in
 * byte order of their paths, every header with the same mtime, owner and mode, so the same files always
 * give the same bytes. Only regular files are written or accepted; the reader refuses links, devices,
 * absolute paths and "..", so a bundle can never write outside the folder it is unpacked into.
 */

export interface TarEntry {
  /** Relative POSIX path. */
  readonly path: string;
  readonly content: Buffer;
}

const BLOCK = 512;
/** 2000-01-01T00:00:00Z: a fixed, plausible mtime (0 makes some tools warn about the epoch). */
export const TAR_MTIME = 946684800;
const MODE = 0o600;

export class TarError extends Error {}

function octal(value: number, width: number): string {
  // width - 1 digits then NUL, as ustar expects.
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function put(header: Buffer, offset: number, width: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length > width) throw new TarError(`tar field too long: ${text}`);
  bytes.copy(header, offset);
}

function header(name: string, size: number, type: '0' | 'x', prefix = ''): Buffer {
  const h = Buffer.alloc(BLOCK);
  put(h, 0, 100, name);
  put(h, 100, 8, octal(MODE, 8));
  put(h, 108, 8, octal(0, 8));
  put(h, 116, 8, octal(0, 8));
  put(h, 124, 12, octal(size, 12));
  put(h, 136, 12, octal(TAR_MTIME, 12));
  h.fill(0x20, 148, 156); // checksum is computed with its own field as spaces
  put(h, 156, 1, type);
  put(h, 257, 6, 'ustar\0');
  put(h, 263, 2, '00');
  put(h, 265, 32, 'root');
  put(h, 297, 32, 'root');
  put(h, 345, 155, prefix);
  let sum = 0;
  for (const byte of h) sum += byte;
  put(h, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return h;
}

function padding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

/** ustar's name/prefix split, or undefined when the path needs a pax header. */
function splitName(path: string): { name: string; prefix: string } | undefined {
  if (Buffer.byteLength(path) <= 100) return { name: path, prefix: '' };
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { name, prefix };
  }
  return undefined;
}

function paxRecord(key: string, value: string): string {
  // "<len> key=value\n" where len counts the whole record, its own digits included.
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body) + 1;
  while (`${len}${body}`.length !== len) len = Buffer.byteLength(`${len}${body}`);
  return `${len}${body}`;
}

export function checkEntryPath(path: string): void {
  const parts = path.split('/');
  if (
    path === '' ||
    path.startsWith('/') ||
    path.includes('\0') ||
    path.includes('\\') ||
    parts.some((p) => p === '' || p === '.' || p === '..')
  ) {
    throw new TarError(`unsafe path in bundle: ${JSON.stringify(path)}`);
  }
}

/** The tar archive of `entries`, sorted by path (byte order). */
export function writeTar(entries: readonly TarEntry[]): Buffer {
  const sorted = [...entries].sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
  const chunks: Buffer[] = [];
  let previous: string | undefined;
  for (const entry of sorted) {
    checkEntryPath(entry.path);
    if (entry.path === previous) throw new TarError(`duplicate path in bundle: ${entry.path}`);
    previous = entry.path;
    const split = splitName(entry.path);
    if (split) {
      chunks.push(header(split.name, entry.content.length, '0', split.prefix));
    } else {
      const pax = Buffer.from(paxRecord('path', entry.path), 'utf8');
      chunks.push(header('PaxHeader', pax.length, 'x'), pax, padding(pax.length));
      chunks.push(
        header(Buffer.from(entry.path).subarray(0, 100).toString('latin1'), entry.content.length, '0'),
      );
    }
    chunks.push(entry.content, padding(entry.content.length));
  }
  chunks.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(chunks);
}

export function field(h: Buffer, offset: number, width: number): string {
  const raw = h.subarray(offset, offset + width);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? width : end).toString('utf8');
}

export function number(h: Buffer, offset: number, width: number): number {
  const text = field(h, offset, width).trim();
  if (!/^[0-7]+$/.test(text)) throw new TarError('corrupt tar header (number field)');
  return Number.parseInt(text, 8);
}

export function paxPath(data: Buffer): string | undefined {
  let path: string | undefined;
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    const len = Number.parseInt(data.subarray(at, space).toString('latin1'), 10);
    if (space < 0 || !Number.isInteger(len) || at + len > data.length || len <= space - at + 1) {
      throw new TarError('corrupt pax header');
    }
    const kv = data.subarray(space + 1, at + len - 1).toString('utf8');
    const eq = kv.indexOf('=');
    if (kv.slice(0, eq) === 'path') path = kv.slice(eq + 1);
    at += len;
  }
  return path;
}

/** Every regular file of a tar archive; anything else (links, devices, unsafe names) is refused. */
export function readTar(archive: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  let longPath: string | undefined;
  while (offset + BLOCK <= archive.length) {
    const h = archive.subarray(offset, offset + BLOCK);
    if (h.every((b) => b === 0)) return entries;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
    if (sum !== number(h, 148, 8)) throw new TarError('corrupt tar header (checksum)');
    const size = number(h, 124, 12);
    const type = String.fromCharCode(h[156]!);
    const start = offset + BLOCK;
    if (start + size > archive.length) throw new TarError('truncated tar archive');
    const data = archive.subarray(start, start + size);
    offset = start + size + ((BLOCK - (size % BLOCK)) % BLOCK);
    if (type === 'x') {
      longPath = paxPath(data);
      continue;
    }
    if (type !== '0' && type !== '\0') throw new TarError(`bundle holds a non-file entry (type ${type})`);
    const prefix = field(h, 345, 155);
    const path = longPath ?? (prefix ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100));
    longPath = undefined;
    checkEntryPath(path);
    entries.push({ path, content: Buffer.from(data) });
  }
  throw new TarError('tar archive has no end marker');
}
