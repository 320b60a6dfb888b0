// Run as a child (node --import tsx): downloads and unpacks one hostile object with the default
// limits and prints {"reason","message","rssMiB"} — the peak RSS of this process while it did.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { BundleError, DEFAULT_LIMITS, download, extract } from '../../src/deploy/agent/unpack.js';
import { tarHeader } from './hostile-bundles.js';

const kind = process.argv[2];
const dir = mkdtempSync(join(tmpdir(), 'unpack-rss-'));
let peak = 0;
const sample = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20);
const MiB = 1024 * 1024;

async function* chunks(total: number, make: (n: number) => Buffer): AsyncIterable<Buffer> {
  for (let sent = 0; sent < total; sent += MiB) yield make(Math.min(MiB, total - sent));
}

/** A gzip stream of a tar header for a 400 MiB file of zeros: about 400 KB compressed. */
async function* bomb(): AsyncIterable<Buffer> {
  const gz = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gz.on('data', (d: Buffer) => out.push(d));
  gz.write(tarHeader('freeswitch/big.xml', 400 * MiB));
  const zero = Buffer.alloc(MiB);
  for (let i = 0; i < 400; i++) {
    if (!gz.write(zero)) await new Promise((r) => gz.once('drain', r));
    while (out.length) yield out.shift()!;
  }
  gz.end();
  await new Promise((r) => gz.once('end', r));
  while (out.length) yield out.shift()!;
}

let result: { reason: string; message: string; bytes?: number };
try {
  const file = join(dir, 'bundle.part');
  if (kind === 'large') {
    // 1 GiB of data (fresh buffers each MiB): refused at the 64 MiB compressed limit
    await download(chunks(1024 * MiB, (n) => Buffer.alloc(n, 7)), file, '0'.repeat(64), DEFAULT_LIMITS.bundleBytes);
    result = { reason: 'accepted', message: '' };
  } else {
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256');
    const parts: Buffer[] = [];
    let bytes = 0;
    for await (const b of bomb()) {
      hash.update(b);
      parts.push(b);
      bytes += b.length;
    }
    const body = (async function* () {
      yield* parts;
    })();
    await download(body, file, hash.digest('hex'), DEFAULT_LIMITS.bundleBytes);
    await extract(file, join(dir, 'out'), DEFAULT_LIMITS);
    result = { reason: 'accepted', message: '', bytes };
  }
} catch (error) {
  result = {
    reason: error instanceof BundleError ? error.reason : `crash: ${(error as Error).name}`,
    message: (error as Error).message,
  };
}
clearInterval(sample);
peak = Math.max(peak, process.memoryUsage().rss);
rmSync(dir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({ ...result, rssMiB: Math.round(peak / MiB) })}\n`);
