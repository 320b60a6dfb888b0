import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packBundle } from '../../src/deploy/pack/bundle.js';
import { crc32, gunzip, gzip } from '../../src/deploy/pack/gzip.js';
import { readTar, TarError, writeTar } from '../../src/deploy/pack/tar.js';

const files = [
  { path: 'freeswitch/vars.xml', content: '<include/>\n' },
  { path: 'MANIFEST.json', content: '{}\n' },
  { path: `phones/${'a'.repeat(90)}/${'b'.repeat(80)}.cfg`, content: 'long ustar name\n' },
  { path: `phones/${'c'.repeat(120)}/x.cfg`, content: 'needs pax\n' },
];

describe('deterministic bundle', () => {
  it('same files in any order give the same bytes and digest', () => {
    const a = packBundle(files);
    const b = packBundle([...files].reverse());
    expect(a.bytes.equals(b.bytes)).toBe(true);
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(a.version).toBe(a.sha256.slice(0, 12));
    // fixed gzip header: no mtime, OS unknown
    expect([...a.bytes.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255]);
  });

  it('GNU tar reads it: sorted names, fixed owner, mode and mtime', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-tar-'));
    try {
      writeFileSync(join(dir, 'b.tar.gz'), packBundle(files).bytes);
      const listing = execFileSync('tar', ['--utc', '-tvzf', join(dir, 'b.tar.gz')], { encoding: 'utf8' });
      const lines = listing.trim().split('\n');
      expect(lines).toHaveLength(4);
      for (const line of lines) expect(line).toMatch(/^-rw------- root\/root .* 2000-01-01 00:00 /);
      expect(lines.map((l) => l.split(' ').at(-1))).toEqual(
        [...files.map((f) => f.path)].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))),
      );
      execFileSync('tar', ['-xzf', join(dir, 'b.tar.gz'), '-C', dir]);
      expect(readFileSync(join(dir, files[3]!.path), 'utf8')).toBe('needs pax\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads back what it wrote (property)', () => {
    const segment = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,70}$/);
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/')),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        fc.string(),
        (paths, text) => {
          const entries = paths
            .filter((p) => !paths.some((q) => q !== p && q.startsWith(`${p}/`)))
            .map((path) => ({ path, content: Buffer.from(`${path}:${text}`) }));
          const back = readTar(gunzip(gzip(writeTar(entries))));
          const sorted = [...entries].sort((a, b) =>
            Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)),
          );
          expect(back.map((e) => [e.path, e.content.toString()])).toEqual(
            sorted.map((e) => [e.path, e.content.toString()]),
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses unsafe paths, links and corrupt archives', () => {
    for (const path of ['/etc/passwd', '../x', 'a/../b', 'a//b', '']) {
      expect(() => writeTar([{ path, content: Buffer.from('') }])).toThrow(TarError);
    }
    const dir = mkdtempSync(join(tmpdir(), 'deploy-tar-'));
    try {
      writeFileSync(join(dir, 'x'), 'x');
      execFileSync('ln', ['-s', '/etc/shadow', join(dir, 'link')]);
      const tar = execFileSync('tar', ['-cf', '-', '-C', dir, 'link']);
      expect(() => readTar(tar)).toThrow(/non-file/);
      const evil = execFileSync('tar', ['-cf', '-', '-P', '--transform', 's,^,../,', '-C', dir, 'x']);
      expect(() => readTar(evil)).toThrow(/unsafe path/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const good = writeTar([{ path: 'a', content: Buffer.from('hello') }]);
    const bad = Buffer.from(good);
    bad[512] = 0x41;
    expect(readTar(bad)[0]!.content.toString()).not.toBe('hello'); // data is not checksummed by tar…
    bad[10] = 0x41;
    expect(() => readTar(bad)).toThrow(/checksum/); // …headers are
    expect(() => readTar(good.subarray(0, 512))).toThrow(TarError);
  });

  it('crc32 matches the known check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
});
