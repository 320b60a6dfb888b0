import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTree } from '../../src/build-tree.js';
import { EXIT, exitFor } from '../../src/cli/exit-codes.js';
import { check } from '../../src/compile.js';
import { decodeUtf8 } from '../../src/load/decode.js';
import { readSpec } from '../../src/load/read-spec.js';
import { soloStaging } from '../helpers/cli.js';
import { EXAMPLE_SPEC } from '../helpers/example.js';
import { mutate, mutateBytes, prng } from './mutate-spec.js';

const read = (name: string) => ({
  path: `spec/${name}`,
  text: readFileSync(join(EXAMPLE_SPEC, name), 'utf8'),
});
// One tenant at a time: no environment lists the tenants (staging serves whichever is there).
const platform = { ...read('platform.yaml'), text: soloStaging(read('platform.yaml').text) };
const tenants = ['tenants/abc-company.yaml', 'tenants/bluebird-dental.yaml', 'tenants/xynap.yaml'].map(read);
// The example's media files (abc-company's announcement, greeting and hold music refer to them).
const { media } = (await readSpec(EXAMPLE_SPEC)).texts;
// A tenant alone gets its own media folder and the shared one (another tenant's folder is an error).
const mediaOf = (t: { path: string }) =>
  (media ?? []).filter((m) => m.scope === 'shared' || t.path.endsWith(`/${m.scope}.yaml`));

/**
 * Mutation fuzzer over the example spec: deleted keys, type changes, duplicated items, nasty
 * strings, truncation, tabs, control characters and non-UTF-8 bytes. The front end must answer
 * every one with exit 0 or 1 (never an internal error), and a mutated spec that is still valid
 * must build. Seeded and bounded: the same mutations every run.
 */
describe('mutation fuzzer', () => {
  it('thousands of mutated specs: exit 0 or 1, never 3, and every valid one builds', () => {
    const rng = prng(20261201);
    const failures: string[] = [];
    let valid = 0;
    let built = 0;
    const runs = Number(process.env.PBXC_FUZZ_RUNS ?? 1000);
    const started = performance.now();
    let checking = 0;
    let slowest = 0;
    for (let i = 0; i < runs; i++) {
      // Mostly one tenant beside the platform (fast), sometimes the platform itself.
      const onPlatform = rng.next() < 0.15;
      const tenant = rng.pick(tenants);
      let text = mutate(onPlatform ? platform.text : tenant.text, rng);
      if (rng.next() < 0.3) text = mutate(text, rng);
      if (rng.next() < 0.05) {
        const decoded = decodeUtf8(mutateBytes(Buffer.from(text, 'utf8'), rng));
        if (!decoded.ok) continue; // refused by the reader with PBX1009 (tested in test/load)
        text = decoded.text;
      }
      const texts = onPlatform
        ? { platform: { ...platform, text }, tenants: [tenant], media: mediaOf(tenant) }
        : { platform, tenants: [{ ...tenant, text }], media: mediaOf(tenant) };
      let result: ReturnType<typeof check>;
      try {
        const t = performance.now();
        result = check(texts);
        const ms = performance.now() - t;
        checking += ms;
        slowest = Math.max(slowest, ms);
      } catch (error) {
        failures.push(`#${i} threw (exit 3): ${(error as Error).stack?.slice(0, 400)}\n${text}`);
        continue;
      }
      const code = exitFor(result.diagnostics);
      if (code !== EXIT.ok && code !== EXIT.invalid) {
        failures.push(
          `#${i} exit ${code}: ${result.diagnostics.find((d) => d.code.startsWith('PBX9'))?.message.slice(0, 300)}\n${text}`,
        );
        continue;
      }
      if (result.model) {
        valid++;
        // Building is slower than checking: a sample of the valid mutants goes through every target.
        if (built < 8 && rng.next() < 0.1) {
          built++;
          const tree = buildTree(result.model, 'fuzz');
          const bad = tree.diagnostics.find((d) => d.severity === 'error');
          if (bad) failures.push(`#${i} build: ${bad.code} ${bad.message.slice(0, 300)}\n${text}`);
        }
      }
    }
    console.log(
      `fuzz: ${runs} mutants, ${valid} valid, ${built} built, ${Math.round(performance.now() - started)} ms (check ${Math.round(checking)} ms, slowest ${Math.round(slowest)} ms)`,
    );
    expect(failures.slice(0, 3)).toEqual([]);
    // The fuzzer must reach valid specs too, or it only tests the parser.
    expect(valid).toBeGreaterThan(runs / 10);
    // No input makes the front end hang: every mutant is answered within seconds.
    expect(slowest).toBeLessThan(5000);
  }, 600_000);
});
