import {
  appendFileSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { tenantPath, tenantYaml, writeBenchSpec } from '../../scripts/bench-spec.mjs';
import { run, tempDir } from '../helpers/cli.js';

const TENANTS = 8;
const EXTENSIONS = 21; // the bench spec gives 20 desk phones BLF keys to the next extension
/** Split targets: freeswitch, phones, ringotel. */
const SPLIT = 3;

function files(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix))
    .sort()
    .flatMap((name) => {
      const rel = prefix ? `${prefix}/${name}` : name;
      return statSync(join(dir, rel)).isDirectory() ? files(dir, rel) : [rel];
    });
}

/** Every file and its bytes, for comparing two trees exactly. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(files(dir).map((f) => [f, readFileSync(join(dir, f), 'latin1')]));
}

function setup() {
  const root = tempDir('pbxc-scale-cache-');
  const spec = join(root, 'spec');
  writeBenchSpec(spec, TENANTS, EXTENSIONS);
  const env = { PBXC_CACHE_DIR: join(root, 'cache') };
  const out = join(root, 'out');
  const build = async (...extra: string[]) => {
    const r = await run(['build', '--spec', spec, '--out', out, '--format', 'json', ...extra], { env });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    return JSON.parse(r.stdout) as { written: number; tenantParts: { emitted: number; reused: number } };
  };
  /** A build of the same spec from nothing, without any cache. */
  const clean = async () => {
    const fresh = join(root, 'clean');
    rmSync(fresh, { recursive: true, force: true });
    const r = await run(['build', '--spec', spec, '--out', fresh, '--format', 'json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    return snapshot(fresh);
  };
  const check = async () => (await run(['check', '--spec', spec, '--out', out], { env })).code;
  return { root, spec, out, env, build, clean, check };
}

describe('build reuses the files of unchanged tenants', () => {
  it('a one-tenant change runs only that tenant’s parts; MANIFEST.json stays exact', async () => {
    const s = setup();
    const first = await s.build();
    expect(first.tenantParts).toEqual({ emitted: TENANTS * SPLIT, reused: 0 });
    const noop = await s.build();
    expect(noop).toMatchObject({ written: 0, tenantParts: { emitted: 0, reused: TENANTS * SPLIT } });
    writeFileSync(tenantPath(s.spec, 3), tenantYaml(3, EXTENSIONS, { variant: ' (moved)' }));
    const one = await s.build();
    expect(one.tenantParts).toEqual({ emitted: SPLIT, reused: (TENANTS - 1) * SPLIT });
    expect(await s.check()).toBe(0);
    expect(snapshot(s.out)).toEqual(await s.clean());
    // The reused files are the old ones, linked, not written again.
    const forced = await s.build('--no-cache');
    expect(forced.tenantParts).toEqual({ emitted: TENANTS * SPLIT, reused: 0 });
  });

  it('a platform change, a corrupted or deleted file and a forged index never leave a wrong tree', async () => {
    const s = setup();
    await s.build();
    const platform = join(s.spec, 'platform.yaml');
    writeFileSync(
      platform,
      readFileSync(platform, 'utf8').replace('max_registrations: 5', 'max_registrations: 3'),
    );
    expect((await s.build()).tenantParts).toEqual({ emitted: TENANTS * SPLIT, reused: 0 });
    expect(snapshot(s.out)).toEqual(await s.clean());

    appendFileSync(join(s.out, 'freeswitch/dialplan/tenant-0002.xml'), '<!-- edited -->\n');
    unlinkSync(join(s.out, 'phones/tenant-0005', files(join(s.out, 'phones/tenant-0005'))[0]!));
    const repaired = await s.build();
    expect(repaired.tenantParts).toEqual({ emitted: 2, reused: TENANTS * SPLIT - 2 });
    expect(snapshot(s.out)).toEqual(await s.clean());
    expect(await s.check()).toBe(0);

    // An index that lies: entries of two parts swapped whole, and the files of two FreeSWITCH
    // parts swapped under their own names. Hashes verify, but names and collisions do not.
    const [indexName] = readdirSync(s.env.PBXC_CACHE_DIR);
    const indexPath = join(s.env.PBXC_CACHE_DIR, indexName!);
    const index = JSON.parse(readFileSync(indexPath, 'utf8'));
    const byName = (name: string) =>
      Object.values(index.parts).find((p) => (p as { part: string }).part === name) as { files: unknown };
    const keys = Object.keys(index.parts);
    const [a, b] = [keys[0]!, keys[keys.length - 1]!];
    [index.parts[a], index.parts[b]] = [index.parts[b], index.parts[a]];
    const [f0, f1] = [byName('freeswitch/tenant-0000'), byName('freeswitch/tenant-0001')];
    [f0.files, f1.files] = [f1.files, f0.files];
    writeFileSync(indexPath, JSON.stringify(index));
    writeFileSync(tenantPath(s.spec, 0), tenantYaml(0, EXTENSIONS, { variant: ' x' }));
    await s.build();
    expect(snapshot(s.out)).toEqual(await s.clean());
    writeFileSync(indexPath, 'not json');
    await s.build();
    expect(snapshot(s.out)).toEqual(await s.clean());
  });

  it('property: after any sequence of edits a cached build equals a clean build byte for byte', async () => {
    const s = setup();
    await s.build();
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('tenant' as const), t: fc.nat(TENANTS - 1), v: fc.nat(3) }),
      fc.record({ kind: fc.constant('platform' as const), n: fc.integer({ min: 1, max: 9 }) }),
      fc.record({
        kind: fc.constant('corrupt' as const),
        i: fc.nat(),
        bytes: fc.string({ minLength: 1, maxLength: 3 }),
      }),
      fc.record({ kind: fc.constant('delete' as const), i: fc.nat() }),
      fc.record({ kind: fc.constant('index' as const), i: fc.nat() }),
      fc.constant({ kind: 'none' as const }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 3 }), async (edits) => {
        for (const e of edits) {
          const outFiles = files(s.out).filter((f) => f !== 'MANIFEST.json');
          if (e.kind === 'tenant')
            writeFileSync(
              tenantPath(s.spec, e.t),
              tenantYaml(e.t, EXTENSIONS, { variant: ' '.repeat(e.v) + 'v' }),
            );
          else if (e.kind === 'platform') {
            const path = join(s.spec, 'platform.yaml');
            writeFileSync(
              path,
              readFileSync(path, 'utf8').replace(/max_registrations: \d+/, `max_registrations: ${e.n}`),
            );
          } else if (e.kind === 'corrupt')
            appendFileSync(join(s.out, outFiles[e.i % outFiles.length]!), e.bytes);
          else if (e.kind === 'delete') unlinkSync(join(s.out, outFiles[e.i % outFiles.length]!));
          else if (e.kind === 'index') {
            const dir = s.env.PBXC_CACHE_DIR;
            const path = join(dir, readdirSync(dir)[0]!);
            const index = JSON.parse(readFileSync(path, 'utf8'));
            const part = Object.values(index.parts)[e.i % Object.keys(index.parts).length] as {
              files: { sha256: string }[];
            };
            if (part.files[0]) part.files[0].sha256 = '0'.repeat(64);
            writeFileSync(path, JSON.stringify(index));
          }
        }
        await s.build();
        expect(snapshot(s.out)).toEqual(await s.clean());
        expect(await s.check()).toBe(0);
      }),
      { numRuns: Number(process.env.PBXC_FUZZ_RUNS ?? 12), seed: 11 },
    );
  }, 120_000);

  it('without a cache location every build runs every part', async () => {
    const s = setup();
    const r = await run(['build', '--spec', s.spec, '--out', s.out, '--format', 'json']);
    const again = await run(['build', '--spec', s.spec, '--out', s.out, '--format', 'json']);
    expect(JSON.parse(r.stdout).tenantParts).toEqual({ emitted: TENANTS * SPLIT, reused: 0 });
    expect(JSON.parse(again.stdout)).toMatchObject({
      written: 0,
      tenantParts: { emitted: TENANTS * SPLIT, reused: 0 },
    });
  });
});
