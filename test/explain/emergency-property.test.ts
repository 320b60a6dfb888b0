import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTree } from '../../src/build-tree.js';
import { check } from '../../src/compile.js';
import { explainCall } from '../../src/explain/index.js';
import { localTime } from '../../src/explain/local-time.js';
import type { At } from '../../src/explain/types.js';
import { PLATFORM_YAML } from '../../src/init/templates.js';
import { emergencyClash } from '../../src/rules/emergency.js';
import { dialFrom, loadDialplan } from './dialplan-eval.js';

/**
 * Random number plans: extensions, ring groups and aliases drawn from short numbers over few digits,
 * so they often equal, start with or are the start of the tenant's emergency numbers. Whenever
 * validate passes, no internal number clashes with an emergency number, and both explain and the
 * emitted dialplan (evaluated) send every emergency number, from every extension, to the emergency
 * route's trunk as dialled. Whenever there is a clash, validate reports PBX3110.
 */

const short = fc.array(fc.constantFrom('1', '2', '9'), { minLength: 2, maxLength: 4 }).map((d) => d.join(''));

const plan = fc
  .record({
    emergency: fc.uniqueArray(short, { minLength: 1, maxLength: 2 }),
    numbers: fc.uniqueArray(short, { minLength: 2, maxLength: 9 }),
    split: fc.tuple(fc.nat(), fc.nat()),
    ordinaryFirst: fc.boolean(),
  })
  .map(({ emergency, numbers, split, ordinaryFirst }) => {
    const extCount = 1 + (split[0] % (numbers.length - 1));
    const groupCount = split[1] % (numbers.length - extCount + 1);
    // An extension outside the short numbers too, so every plan has one that cannot clash.
    const extensions = ordinaryFirst ? ['5000', ...numbers.slice(0, extCount)] : numbers.slice(0, extCount);
    return {
      emergency,
      extensions,
      groups: numbers.slice(extCount, extCount + groupCount),
      aliases: numbers.slice(extCount + groupCount),
    };
  });

type Plan = typeof plan extends fc.Arbitrary<infer T> ? T : never;

function tenantYaml(p: Plan): string {
  const q = (s: string) => JSON.stringify(s);
  const lines = [
    '# yaml-language-server: $schema=../schema/tenant.schema.json',
    'tenant: prop',
    'name: Property',
    'domain: prop.pbx.example.net',
    'timezone: Europe/Berlin',
    `dialing: { country_code: "49", national_prefix: "0", international_prefix: "00", emergency: [${p.emergency.map(q).join(', ')}] }`,
    'number_plan:',
    '  - { match: "*", use: extensions }',
    '  - { match: "*", use: groups }',
    'extensions:',
    ...p.extensions.map((n) => `  - { number: ${q(n)}, name: Ext ${n} }`),
    ...(p.groups.length
      ? [
          'ring_groups:',
          ...p.groups.map(
            (n) =>
              `  - { number: ${q(n)}, name: Group ${n}, strategy: sequence, ring_timeout: 20, members: [${q(p.extensions[0]!)}] }`,
          ),
        ]
      : []),
    ...(p.aliases.length
      ? [
          'aliases:',
          ...p.aliases.map(
            (n) => `  - { number: ${q(n)}, name: Alias ${n}, to: { extension: ${q(p.extensions[0]!)} } }`,
          ),
        ]
      : []),
    'trunks:',
    '  - { id: carrier, host: sip.carrier.example.net, transport: udp, register: false, inbound_from: [carrier], caller_id: "+4930555000" }',
    'outbound_routes:',
    '  - { name: emergency, match: emergency, trunk: carrier }',
    '  - { name: germany, prefixes: ["+49"], trunk: carrier }',
  ];
  return `${lines.join('\n')}\n`;
}

const AT: At = { kind: 'wall', date: '2026-12-02', minute: 600 };

function clashes(p: Plan): boolean {
  const internal = [...p.extensions, ...p.groups, ...p.aliases];
  return internal.some((n) => p.emergency.some((e) => emergencyClash(n, e) !== undefined));
}

/**
 * The init template's platform with production only: its staging names the template's own tenant and
 * would serve this tenant's domain too.
 */
const PLATFORM = PLATFORM_YAML.replace(/^ {2}staging:\n(?: {4}.*\n)*/m, '');

describe('emergency numbers over random number plans', () => {
  it('validate refuses every clash; when it passes, explain and the dialplan route emergency numbers out', () => {
    let valid = 0;
    let refused = 0;
    fc.assert(
      fc.property(plan, (p) => {
        const result = check({
          platform: { path: 'spec/platform.yaml', text: PLATFORM },
          tenants: [{ path: 'spec/tenants/prop.yaml', text: tenantYaml(p) }],
        });
        const errors = result.diagnostics.filter((d) => d.severity === 'error');
        if (clashes(p)) {
          refused++;
          expect(errors.map((d) => d.code)).toContain('PBX3110');
          expect(result.model).toBeUndefined();
          return;
        }
        expect(errors).toEqual([]);
        const model = result.model!;
        valid++;
        const t = model.tenants[0]!;
        const dialplan = loadDialplan(
          new Map(buildTree(model, 'test').files.map((f) => [f.path, f.content])),
        );
        for (const from of t.extensions.map((e) => e.number)) {
          for (const number of p.emergency) {
            const want = { kind: 'trunk', trunk: 'carrier', number, callerId: '+4930555000' };
            const explained = explainCall(model, { tenant: t.id, number, from, at: AT });
            if ('error' in explained) throw new Error(explained.error);
            expect(explained.explanation.outcome).toEqual(want);
            const emitted = dialFrom(dialplan, model, t, from, number, localTime(AT, t.timezone));
            expect(emitted).toEqual(want);
          }
        }
      }),
      { numRuns: 120, seed: 18 },
    );
    // Both sides of the property were exercised.
    expect(valid).toBeGreaterThan(10);
    expect(refused).toBeGreaterThan(10);
  }, 120_000);
});
