import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAgentConfig } from '../../src/deploy/agent/config.js';
import { reconcile } from '../../src/deploy/agent/reconcile.js';
import type { BundleSource, PointerStore } from '../../src/deploy/agent/source.js';
import { tempDir } from '../helpers/cli.js';
import { bundle, tempRootPaths } from './hostile-bundles.js';

/**
 * The agent's shell with in-memory stores (the interface every store implements), on a temporary
 * root: hostile input and store faults end in a Failed state with a reason, never an exception, and
 * nothing on the node changes. (Activation itself runs against the real daemons: agent-kill.test.ts.)
 */
function setup(objects: Map<string, Buffer | Error>, pointer: string | Error | undefined) {
  const root = tempDir('deploy-reconcile-');
  const c = parseAgentConfig(
    JSON.stringify({
      node: 'pbx-1',
      region: 'r',
      bucket: 'b',
      bundleParameter: '/p/bundle',
      statusParameter: '/p/status/pbx-1',
      ...tempRootPaths(root),
      commands: { nft: ['false'], nginx: ['false'], fail2banClient: ['false'], freeswitchStart: ['false'] },
    }),
  );
  const reports: string[] = [];
  const parameters: PointerStore = {
    async get() {
      if (pointer instanceof Error) throw pointer;
      return pointer;
    },
    async put(_name, value) {
      reports.push(value);
    },
  };
  const bundles: BundleSource = {
    async open(key) {
      const o = objects.get(key);
      if (!o) throw Object.assign(new Error('NoSuchKey'), { $metadata: { httpStatusCode: 404 } });
      if (o instanceof Error) throw o;
      return {
        size: o.length,
        body: (async function* () {
          yield o;
        })(),
      };
    },
  };
  let clock = new Date('2026-12-06T04:00:00Z');
  const lines: string[] = [];
  const io = {
    bundles,
    parameters,
    log: (s: string, m: string) => lines.push(`${s}: ${m}`),
    now: () => clock,
  };
  return {
    c,
    root,
    reports,
    lines,
    run: (force = false) => reconcile(c, io, { force }),
    tick: (seconds: number) => {
      clock = new Date(clock.getTime() + seconds * 1000);
    },
  };
}

const files = [{ path: 'freeswitch/vars.xml', content: '<include/>\n' }];
const pointerOf = (b: { sha256: string }) =>
  JSON.stringify({ version: b.sha256.slice(0, 12), key: `bundles/${b.sha256}.tar.gz`, sha256: b.sha256 });
const manifest = (entries: unknown[]) =>
  JSON.stringify({ generator: 'pbxc', version: '0', mode: 'render', specDigest: 'x', files: entries });

describe('agent run on hostile input: a Failed state with a reason, nothing changed', () => {
  it.each([
    ['a null manifest entry', bundle(files, { manifest: manifest([null]) }), 'ManifestMismatch'],
    [
      'a path both file and folder',
      bundle(files, { extra: [{ path: 'freeswitch', content: 'x' }] }),
      'BundleRefused',
    ],
    [
      'a file at freeswitch/tls',
      bundle([...files, { path: 'freeswitch/tls', content: 'x' }]),
      'BundleRefused',
    ],
    [
      'a link outside the fail2ban folders',
      bundle([...files, { path: 'fail2ban/x.conf', content: '' }]),
      'BundleRefused',
    ],
  ])('%s', async (_name, b, reason) => {
    const t = setup(new Map([[`bundles/${b.sha256}.tar.gz`, b.bytes]]), pointerOf(b));
    const state = await t.run();
    expect(state).toMatchObject({ condition: 'Failed', reason });
    expect(state.active).toBeUndefined();
    expect(JSON.parse(t.reports.at(-1)!)).toMatchObject({ condition: 'Failed', reason });
    expect(existsSync(`${t.root}/etc/freeswitch`)).toBe(false);
    expect(readdirSync(join(t.c.stateDir, 'releases'))).toEqual([]);
    // refused: the same bundle is not tried again every minute
    t.tick(3600);
    expect((await t.run()).message).toContain('not retried');
  });

  it('an object over the size limit is refused before it is read', async () => {
    const b = bundle([...files, { path: 'phones/x', content: 'y'.repeat(1000) }]);
    const t = setup(new Map([[`bundles/${b.sha256}.tar.gz`, b.bytes]]), pointerOf(b));
    const c = t.c as { limits: { bundleBytes: number } };
    c.limits = { ...t.c.limits, bundleBytes: 100 };
    expect(await t.run()).toMatchObject({ condition: 'Failed', reason: 'TooLarge' });
  });

  it('a pointer naming the active version with another digest is refused, not UpToDate', async () => {
    const b = bundle(files);
    const t = setup(new Map(), pointerOf(b));
    mkdirSync(t.c.stateDir, { recursive: true });
    writeFileSync(
      join(t.c.stateDir, 'activated.json'),
      JSON.stringify({
        version: b.sha256.slice(0, 12),
        sha256: 'f'.repeat(64),
        dir: b.sha256.slice(0, 12),
        at: 't',
      }),
    );
    const state = await t.run();
    expect(state).toMatchObject({
      condition: 'Failed',
      reason: 'PointerMismatch',
      active: b.sha256.slice(0, 12),
    });
  });

  it('a transient S3 error is retried with backoff, not marked "not retried"', async () => {
    const b = bundle(files, { manifest: manifest([null]) });
    const objects = new Map<string, Buffer | Error>([
      [
        `bundles/${b.sha256}.tar.gz`,
        Object.assign(new Error('SlowDown'), { $metadata: { httpStatusCode: 503 } }),
      ],
    ]);
    const t = setup(objects, pointerOf(b));
    const first = await t.run();
    expect(first).toMatchObject({ condition: 'Failed', reason: 'FetchFailed' });
    const attempt = JSON.parse(readFileSync(join(t.c.stateDir, 'attempt.json'), 'utf8'));
    expect(attempt).toMatchObject({ permanent: false, failures: 1, retryAt: '2026-12-06T04:01:00.000Z' });
    t.tick(30);
    expect((await t.run()).message).toMatch(/retried after 2026-12-06T04:01:00/);
    // the store recovers: after the backoff the bundle is fetched (and here refused for its manifest)
    t.tick(31);
    objects.set(`bundles/${b.sha256}.tar.gz`, b.bytes);
    expect(await t.run()).toMatchObject({ condition: 'Failed', reason: 'ManifestMismatch' });
  });

  it('a pointer store that cannot be reached is FetchFailed; nothing published yet says so', async () => {
    const down = setup(new Map(), Object.assign(new Error('ECONNREFUSED'), {}));
    expect(await down.run()).toMatchObject({ condition: 'Failed', reason: 'FetchFailed' });
    const empty = setup(new Map(), undefined);
    expect((await empty.run()).message).toContain('waiting for a publish');
  });

  it('removes what dead runs left: staging and check folders, partial downloads, temporary links', async () => {
    const t = setup(new Map(), undefined);
    const releases = join(t.c.stateDir, 'releases');
    mkdirSync(join(releases, '.staging-4242', 'freeswitch'), { recursive: true });
    writeFileSync(join(releases, '.staging-4242', 'freeswitch', 'secret.xml'), 'password');
    mkdirSync(join(releases, '.check-4242'));
    mkdirSync(join(t.c.stateDir, 'downloads'));
    writeFileSync(join(t.c.stateDir, 'downloads', `${'a'.repeat(64)}.part-4242`), 'x');
    mkdirSync(`${t.root}/etc`, { recursive: true });
    symlinkSync('/nowhere', `${t.root}/etc/freeswitch.pbxc-4242`);
    await t.run();
    expect(readdirSync(releases)).toEqual([]);
    expect(readdirSync(join(t.c.stateDir, 'downloads'))).toEqual([]);
    expect(existsSync(`${t.root}/etc/freeswitch.pbxc-4242`)).toBe(false);
    expect(t.lines.join('\n')).toContain('cleanup: removed 4 leftovers');
  });
});
