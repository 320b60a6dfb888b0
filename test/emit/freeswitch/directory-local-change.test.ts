import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTree } from '../../../src/build-tree.js';
import { loadModel } from '../../../src/load-model.js';
import { specCopy } from '../../helpers/cli.js';

/**
 * A tenant whose users split evenly on several settings (mail, voicemail, forwards), the case where
 * the old majority vote moved a shared value between the domain and the users at one removal.
 */
function spec(numbers: readonly number[]): string {
  const dir = specCopy();
  const extensions = numbers
    .map((n) => {
      const odd = n % 2 === 1;
      return [
        `  - number: "${n}"`,
        `    name: User ${n}`,
        ...(odd ? [`    email: u${n}@example.com`, '    voicemail: true'] : []),
        ...(n % 3 === 0 ? ['    record: true'] : []),
        ...(odd ? [`    forward: { on_no_answer: { after: 20, to: { voicemail: "${n}" } } }`] : []),
      ].join('\n');
    })
    .join('\n');
  writeFileSync(
    join(dir, 'tenants', 'acme.yaml'),
    `# yaml-language-server: $schema=../schema/tenant.schema.json\ntenant: acme\nname: Acme\ndomain: pbx.acme.example\ntimezone: Europe/Berlin\nlanguage: en\ndialing:\n  country_code: "49"\n  national_prefix: "0"\n  international_prefix: "00"\n  emergency: ["112"]\nnumber_plan:\n  - { range: "200-399", use: extensions }\nextensions:\n${extensions}\n`,
  );
  return dir;
}

async function tree(numbers: readonly number[]): Promise<Map<string, string>> {
  const loaded = await loadModel(spec(numbers));
  if (!loaded.model) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  return new Map(buildTree(loaded.model, '0.0.0-test').files.map((f) => [f.path, f.content]));
}

/** Changed lines between two trees: [path, removed, added] per changed file. */
function changes(a: Map<string, string>, b: Map<string, string>): [string, string[], string[]][] {
  const out: [string, string[], string[]][] = [];
  for (const path of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const x = (a.get(path) ?? '').split('\n');
    const y = (b.get(path) ?? '').split('\n');
    if (a.get(path) === b.get(path)) continue;
    const xs = new Set(x);
    const ys = new Set(y);
    out.push([path, x.filter((l) => !ys.has(l)), y.filter((l) => !xs.has(l))]);
  }
  return out;
}

describe('directory: a one-extension change is a one-line change of generated/', () => {
  for (const size of [16, 17, 40]) {
    it(`removing or adding one of ${size} users changes that user's line and the manifest only`, async () => {
      const numbers = Array.from({ length: size }, (_, i) => 200 + i);
      const full = await tree(numbers);
      for (const gone of [numbers[0]!, numbers[1]!, numbers[size - 1]!]) {
        const fewer = await tree(numbers.filter((n) => n !== gone));
        const diff = changes(full, fewer).filter(([p]) => p !== 'MANIFEST.json');
        expect(diff, `remove ${gone}`).toEqual([
          [
            expect.stringMatching(/^freeswitch\/directory\/acme\/\d+\.xml$/),
            [expect.stringContaining(`<user id="${gone}"`)],
            [],
          ],
        ]);
        // And back: adding it again adds exactly that line.
        const back = changes(fewer, full).filter(([p]) => p !== 'MANIFEST.json');
        expect(back.map(([, removed, added]) => [removed.length, added.length])).toEqual([[0, 1]]);
      }
    });
  }
});
