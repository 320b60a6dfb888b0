// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here is FreeSWITCH variable syntax (a hostile value), not JavaScript.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isScalar, isSeq, type Node, parseDocument, type Scalar } from 'yaml';
import { buildTree } from '../../src/build-tree.js';
import { EXIT, exitFor } from '../../src/cli/exit-codes.js';
import { check } from '../../src/compile.js';
import { readSpec } from '../../src/load/read-spec.js';
import { soloStaging } from '../helpers/cli.js';
import { EXAMPLE_SPEC } from '../helpers/example.js';
import { mutate, prng, type Rng } from './mutate-spec.js';

const read = (name: string) => readFileSync(join(EXAMPLE_SPEC, name), 'utf8');
const platform = { path: 'spec/platform.yaml', text: soloStaging(read('platform.yaml')) };
const { media } = (await readSpec(EXAMPLE_SPEC)).texts;
const abcMedia = (media ?? []).filter((m) => m.scope === 'shared' || m.scope === 'abc-company');

/**
 * abc-company (queues, conferences, paging, media) with every session-5 feature it lacks: a schedule
 * with a day/night override code and each form of holiday, a DID through it to an announcement.
 */
const RICH = `${read('tenants/abc-company.yaml').replace(
  '  - { number: "+12125550101", name: John direct, trunk: twilio, to: { extension: "101" } }',
  '  - { number: "+12125550101", name: John direct, trunk: twilio, schedule: hours, to: { queue: "607" }, closed: { announcement: closed, then: { voicemail: "101" } } }',
)}
schedules:
  - id: hours
    override_code: "*31"
    open: [{ days: mon-fri, from: "08:00", to: "17:00" }]
    holidays: ["2026-12-24", "2026-12-24..2027-01-01", "12-25", "12-31..01-01", { nth: 4, weekday: thu, month: 11 }, { nth: -1, weekday: mon, month: 5 }, { easter: good_friday }, { easter: 39 }]
`;

/** The new parts of the schema: every mutation lands inside one of them. */
const SECTIONS = [
  'queues',
  'conferences',
  'conference_profile',
  'paging_groups',
  'schedules',
  'aliases',
  'dids',
  'music_on_hold',
];
const NASTY: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  1e21,
  [],
  {},
  '',
  ' ',
  '../../etc/passwd',
  'a/../b',
  '<x>&"\'',
  ']]>',
  '$${x}',
  '${x}',
  "'); os.execute('id') --",
  '\\',
  '%',
  '\u0000',
  'a\nb',
  '\u202e',
  '*',
  '#',
  '99999999999999999999',
  '12-32',
  '02-30',
  '2026-02-30',
  '00-00..13-01',
  { easter: 400 },
  { nth: 0, weekday: 'thu', month: 11 },
  { nth: 5, weekday: 'xyz', month: 2 },
  'ü'.repeat(80),
  'constructor',
  '__proto__',
];

function mutateSection(text: string, rng: Rng): string {
  const doc = parseDocument(text);
  const section = rng.pick(SECTIONS);
  const root = doc.get(section, true) as Node | undefined;
  if (!root) return text;
  const all: { parent: Node; index: number }[] = [];
  const walk = (node: Node) => {
    if (isMap(node) || isSeq(node))
      node.items.forEach((item, index) => {
        all.push({ parent: node, index });
        const child = isMap(node) ? ((item as { value: Node }).value as Node) : (item as Node);
        if (child) walk(child);
      });
  };
  walk(root);
  if (all.length === 0) return text;
  const { parent, index } = rng.pick(all);
  const value = doc.createNode(rng.pick(NASTY));
  if (isMap(parent)) {
    const pair = parent.items[index]!;
    const r = rng.int(4);
    if (r === 0) parent.items.splice(index, 1);
    else if (r === 1 && isScalar(pair.key)) (pair.key as Scalar).value = String(rng.pick(NASTY));
    else pair.value = value;
  } else if (isSeq(parent)) {
    const r = rng.int(3);
    if (r === 0) parent.items.splice(index, 1);
    else if (r === 1) parent.items.splice(index, 0, parent.items[index]!);
    else parent.items[index] = value;
  }
  return doc.toString({ lineWidth: 0 });
}

describe('fuzzer over queues, conferences, paging, media names, schedules and holidays', () => {
  it('the rich tenant itself is valid and builds', () => {
    const r = check({
      platform,
      tenants: [{ path: 'spec/tenants/abc-company.yaml', text: RICH }],
      media: abcMedia,
    });
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`)).toEqual(
      [],
    );
    expect(r.model).toBeDefined();
  });

  it('mutants of the new sections: exit 0 or 1, every error positioned, every valid one builds', () => {
    const rng = prng(Number(process.env.PBXC_FUZZ_SEED ?? 20261206));
    const failures: string[] = [];
    const runs = Number(process.env.PBXC_FUZZ_RUNS ?? 300);
    let valid = 0;
    let built = 0;
    for (let i = 0; i < runs; i++) {
      let text = mutateSection(RICH, rng);
      if (rng.next() < 0.3) text = mutateSection(text, rng);
      if (rng.next() < 0.1) text = mutate(text, rng);
      let result: ReturnType<typeof check>;
      try {
        result = check({
          platform,
          tenants: [{ path: 'spec/tenants/abc-company.yaml', text }],
          media: abcMedia,
        });
      } catch (error) {
        failures.push(`#${i} threw (exit 3): ${(error as Error).stack?.slice(0, 400)}\n${text}`);
        continue;
      }
      const code = exitFor(result.diagnostics);
      if (code !== EXIT.ok && code !== EXIT.invalid) failures.push(`#${i} exit ${code}\n${text}`);
      const unplaced = result.diagnostics.find((d) => d.severity === 'error' && !d.location?.line);
      if (unplaced) failures.push(`#${i} ${unplaced.code} without a position: ${unplaced.message}`);
      if (!result.model) continue;
      valid++;
      if (built < 12 && rng.next() < 0.25) {
        built++;
        try {
          const tree = buildTree(result.model, 'fuzz');
          const bad = tree.diagnostics.find((d) => d.severity === 'error');
          if (bad) failures.push(`#${i} build: ${bad.code} ${bad.message.slice(0, 300)}\n${text}`);
        } catch (error) {
          failures.push(`#${i} build threw: ${(error as Error).stack?.slice(0, 400)}\n${text}`);
        }
      }
    }
    console.log(`features fuzz: ${runs} mutants, ${valid} valid, ${built} built`);
    expect(failures.slice(0, 3)).toEqual([]);
    expect(valid).toBeGreaterThan(runs / 10);
  }, 600_000);
});
