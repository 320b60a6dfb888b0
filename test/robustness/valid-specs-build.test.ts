import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTree } from '../../src/build-tree.js';
import { check } from '../../src/compile.js';
import { soloStaging } from '../helpers/cli.js';
import { EXAMPLE_SPEC } from '../helpers/example.js';

const platform = {
  path: 'spec/platform.yaml',
  // Random tenants t0..t2: no environment lists the example's tenants.
  text: soloStaging(readFileSync(join(EXAMPLE_SPEC, 'platform.yaml'), 'utf8')),
};

// Display names: any printable text, including quotes, markup and non-Latin scripts.
const label = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 20 })
  .filter(
    (s) =>
      /^[^\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]+$/u.test(s) &&
      s.trim() === s &&
      s.length > 0,
  );

interface TenantGen {
  extensions: number[];
  names: string[];
  voicemail: boolean;
  group: boolean;
  did: number;
}

const tenantArb: fc.Arbitrary<TenantGen> = fc.record({
  // 112 is the emergency number (PBX3110), never an extension.
  extensions: fc.uniqueArray(
    fc.integer({ min: 100, max: 199 }).filter((n) => n !== 112),
    { minLength: 1, maxLength: 12 },
  ),
  names: fc.array(label, { minLength: 12, maxLength: 12 }),
  voicemail: fc.boolean(),
  group: fc.boolean(),
  did: fc.integer({ min: 0, max: 9999 }),
});

function tenantYaml(index: number, t: TenantGen): string {
  const id = `t${index}`;
  const exts = t.extensions
    .map((n, i) => `  - { number: "${n}", name: ${JSON.stringify(t.names[i])}, voicemail: ${t.voicemail} }`)
    .join('\n');
  const did = `+4930${String(1000000 + index * 10000 + t.did)}`;
  const to = t.group ? '{ ring_group: "600" }' : `{ extension: "${t.extensions[0]}" }`;
  return `# yaml-language-server: $schema=../schema/tenant.schema.json
tenant: ${id}
name: ${JSON.stringify(t.names[0])}
domain: ${id}.voice.example.net
timezone: Europe/Berlin
dialing: { country_code: "49", national_prefix: "0", international_prefix: "00", emergency: ["112"] }
number_plan:
  - { range: "100-199", use: extensions }
  - { range: "600-609", use: groups }
extensions:
${exts}
${t.group ? `ring_groups:\n  - { number: "600", name: ${JSON.stringify(t.names[1])}, strategy: simultaneous, ring_timeout: 20, members: ["${t.extensions[0]}"] }\n` : ''}trunks:
  - { id: carrier, host: ${id}.pstn.example.com, transport: udp, register: false, inbound_from: [telekom-trunk] }
dids:
  - { number: "${did}", name: Main, trunk: carrier, to: ${to} }
outbound_routes:
  - { name: emergency, match: emergency, trunk: carrier }
`;
}

describe('property: every generated valid spec builds', () => {
  it('random tenants with random names validate and build through every target', () => {
    fc.assert(
      fc.property(fc.array(tenantArb, { minLength: 1, maxLength: 3 }), (tenants) => {
        const texts = {
          platform,
          tenants: tenants.map((t, i) => ({
            path: `spec/tenants/t${i}.yaml`,
            text: tenantYaml(i, t as never),
          })),
        };
        const result = check(texts);
        const errors = result.diagnostics.filter((d) => d.severity === 'error');
        expect(errors.map((d) => `${d.code} ${d.message}`)).toEqual([]);
        const tree = buildTree(result.model!, 'prop');
        expect(tree.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(tree.files.length).toBeGreaterThan(10);
      }),
      { numRuns: 15, seed: 11 },
    );
  }, 120_000);
});
