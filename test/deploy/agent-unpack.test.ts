import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BundleError,
  DEFAULT_LIMITS,
  download,
  extract,
  layoutProblem,
  verifyManifest,
} from '../../src/deploy/agent/unpack.js';
import { packBundle } from '../../src/deploy/pack/bundle.js';
import { buildManifest, manifestFile } from '../../src/out/manifest.js';
import { ROOT } from '../helpers/example.js';
import { bundle, sha } from './hostile-bundles.js';

const files = [{ path: 'freeswitch/vars.xml', content: '<include/>\n' }];

async function unpack(bytes: Buffer, sha256: string, limits = DEFAULT_LIMITS): Promise<Map<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-unpack-'));
  const file = join(dir, 'bundle.part');
  await download(
    (async function* () {
      yield bytes;
    })(),
    file,
    sha256,
    limits.bundleBytes,
  );
  const out = join(dir, 'staging');
  mkdirSync(out);
  const got = await extract(file, out, limits);
  verifyManifest(out, got);
  return got;
}

async function reasonOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'accepted';
  } catch (error) {
    if (error instanceof BundleError) return error.reason;
    return `crash: ${(error as Error).name}: ${(error as Error).message}`;
  }
}

describe('bundle download and unpack (streamed, bounded)', () => {
  it("accepts pbxc's own bundle and writes its files", async () => {
    const b = packBundle([manifestFile(buildManifest(files, 'render', '0.0.0', 'x')), ...files]);
    expect([...(await unpack(b.bytes, b.sha256)).keys()].sort()).toEqual([
      'MANIFEST.json',
      'freeswitch/vars.xml',
    ]);
  });

  const manifest = (entries: unknown[]) =>
    JSON.stringify({ generator: 'pbxc', version: '0', mode: 'render', specDigest: 'x', files: entries });
  const entry = { path: 'freeswitch/vars.xml', sha256: sha(Buffer.from('<include/>\n')), bytes: 11 };
  const cases: [string, () => { bytes: Buffer; sha256: string }, string][] = [
    ['a wrong digest', () => ({ ...bundle(files), sha256: '0'.repeat(64) }), 'DigestMismatch'],
    ['a null manifest entry', () => bundle(files, { manifest: manifest([entry, null]) }), 'ManifestMismatch'],
    [
      'a manifest entry without a digest',
      () => bundle(files, { manifest: manifest([{ path: 'x', bytes: 1 }]) }),
      'ManifestMismatch',
    ],
    ['a manifest that is not JSON', () => bundle(files, { manifest: '{' }), 'ManifestMismatch'],
    [
      'an audit tree',
      () => bundle(files, { manifest: manifest([entry]).replace('"render"', '"audit"') }),
      'ManifestMismatch',
    ],
    [
      'an unlisted file',
      () => bundle(files, { extra: [{ path: 'nftables/x.nft', content: '' }] }),
      'ManifestMismatch',
    ],
    [
      'a path that is both a file and a folder',
      () => bundle(files, { extra: [{ path: 'freeswitch', content: 'x' }] }),
      'BundleRefused',
    ],
    [
      'a folder after a file of the same name',
      () => bundle([{ path: 'phones/a', content: 'x' }], { extra: [{ path: 'phones/a/b', content: 'y' }] }),
      'BundleRefused',
    ],
    [
      'a file at freeswitch/tls',
      () => bundle([...files, { path: 'freeswitch/tls', content: 'x' }]),
      'BundleRefused',
    ],
    [
      'a file in freeswitch/tls/',
      () => bundle([...files, { path: 'freeswitch/tls/agent.pem', content: 'x' }]),
      'BundleRefused',
    ],
    [
      'a fail2ban file outside action.d, filter.d, jail.d',
      () => bundle([...files, { path: 'fail2ban/fail2ban.local', content: '[Definition]\n' }]),
      'BundleRefused',
    ],
    [
      'a fail2ban file nested deeper',
      () => bundle([...files, { path: 'fail2ban/jail.d/x/y.local', content: '' }]),
      'BundleRefused',
    ],
    ['a duplicate entry', () => bundle(files, { extra: [files[0]!] }), 'BundleRefused'],
    [
      'a symlink entry',
      () => bundle(files, { extra: [{ path: 'freeswitch/l', content: '', type: '2' }] }),
      'ManifestMismatch',
    ],
    [
      'a path with ..',
      () => bundle(files, { extra: [{ path: 'freeswitch/../../etc/x', content: '' }] }),
      'ManifestMismatch',
    ],
    [
      'an absolute path',
      () => bundle(files, { extra: [{ path: '/etc/passwd', content: '' }] }),
      'ManifestMismatch',
    ],
    [
      'not gzip at all',
      () => ({ bytes: Buffer.from('hello'), sha256: sha(Buffer.from('hello')) }),
      'ManifestMismatch',
    ],
  ];
  it.each(cases)('refuses %s with a reason (never a crash)', async (_name, make, reason) => {
    const b = make();
    expect(await reasonOf(unpack(b.bytes, b.sha256))).toBe(reason);
  });

  it('refuses past each limit', async () => {
    const b = bundle([...files, { path: 'phones/a', content: 'x'.repeat(10_000) }]);
    const small = { bundleBytes: 100, treeBytes: 1 << 30, files: 100 };
    expect(await reasonOf(unpack(b.bytes, b.sha256, small))).toBe('TooLarge');
    expect(
      await reasonOf(unpack(b.bytes, b.sha256, { ...small, bundleBytes: 1 << 20, treeBytes: 5000 })),
    ).toBe('TooLarge');
    expect(await reasonOf(unpack(b.bytes, b.sha256, { ...small, bundleBytes: 1 << 20, files: 2 }))).toBe(
      'TooLarge',
    );
  });

  it('places only the documented fail2ban files and nginx site', () => {
    expect(layoutProblem('fail2ban/jail.d/pbxc.local')).toBeUndefined();
    expect(layoutProblem('fail2ban/action.d/pbxc-nftables.conf')).toBeUndefined();
    expect(layoutProblem('fail2ban/paths-debian.conf')).toMatch(/action.d, filter.d or jail.d/);
    expect(layoutProblem('provisioning/nginx/sub/x.conf')).toMatch(/one provisioning\/nginx/);
  });

  // Memory: measured in a child process so the test runner's own heap does not count.
  it.each([
    ['a 1 GiB object', 'large', /larger than the 67108864-byte limit/],
    [
      'a gzip bomb (≈400 KB that expands to 400 MiB)',
      'bomb',
      /expands to more than the 268435456-byte limit/,
    ],
  ])(
    'refuses %s in bounded memory',
    (_name, kind, message) => {
      const r = spawnSync(
        process.execPath,
        ['--import', 'tsx', join(ROOT, 'test/deploy/unpack-rss.mts'), kind],
        {
          cwd: ROOT,
          encoding: 'utf8',
          timeout: 120_000,
        },
      );
      expect(r.status, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as { reason: string; message: string; rssMiB: number };
      expect(out.reason).toBe('TooLarge');
      expect(out.message).toMatch(message);
      console.log(`${kind}: peak RSS ${out.rssMiB} MiB`);
      expect(out.rssMiB).toBeLessThan(200);
    },
    130_000,
  );
});

describe('reasons never quote file content', () => {
  it('keeps the tool, the file and the line', async () => {
    const { failure } = await import('../../src/deploy/agent/exec.js');
    const output =
      '/var/lib/pbxc/releases/.staging-1/freeswitch/sip_profiles/external.xml:12: parser error : Opening and ending tag mismatch\n<param name="password" value="Tr-unk-secret"/>\n^';
    const why = failure({ ok: false, status: 1, killed: false, output }, [
      { dir: '/var/lib/pbxc/releases/.staging-1/freeswitch', as: 'freeswitch/' },
    ]);
    expect(why).toBe('freeswitch/sip_profiles/external.xml:12 (exit 1)');
    expect(why).not.toContain('secret');
  });
});
