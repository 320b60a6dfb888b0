import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildTree } from '../../src/build-tree.js';
import { packBundle } from '../../src/deploy/pack/bundle.js';
import { run, SECRETS_ENV, specCopy, tempDir } from '../helpers/cli.js';
import { exampleModel } from '../helpers/example.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('media in the audit tree and the rendered tree', () => {
  it('build writes the index (hashes, not bytes); render writes the bytes under freeswitch/media/', async () => {
    const spec = specCopy();
    const audit = join(spec, '..', 'generated');
    const out = join(tempDir(), 'rendered');
    expect((await run(['build', '--spec', spec, '--out', audit])).code).toBe(0);
    expect(existsSync(join(audit, 'freeswitch/media/abc-company/index.json'))).toBe(true);
    expect(existsSync(join(audit, 'freeswitch/media/abc-company/closed.wav'))).toBe(false);
    const r = await run(['render', '--spec', spec, '--out', out], { env: SECRETS_ENV });
    expect(r.code).toBe(0);
    for (const [scope, name] of [
      ['abc-company', 'closed'],
      ['abc-company', 'john-greeting'],
      ['shared', 'hold'],
    ]) {
      const source = readFileSync(join(spec, 'media', scope!, `${name}.wav`));
      const installed = readFileSync(join(out, 'freeswitch/media', scope!, `${name}.wav`));
      expect(installed.equals(source)).toBe(true);
      const manifest = JSON.parse(readFileSync(join(out, 'MANIFEST.json'), 'utf8')) as {
        files: { path: string; sha256: string; bytes: number }[];
      };
      expect(manifest.files).toContainEqual({
        path: `freeswitch/media/${scope}/${name}.wav`,
        sha256: sha(source),
        bytes: source.length,
      });
      const index = JSON.parse(
        readFileSync(join(audit, 'freeswitch/media', scope!, 'index.json'), 'utf8'),
      ) as { files: { name: string; sha256: string }[] };
      expect(index.files.find((f) => f.name === name)?.sha256).toBe(sha(source));
    }
    // The dialplan plays them from the configuration folder the node links to the release.
    const dialplan = readFileSync(join(out, 'freeswitch/dialplan/abc-company.xml'), 'utf8');
    expect(dialplan).toContain('data="$${conf_dir}/media/abc-company/closed.wav"');
    // The box's greeting: a directory user variable the one generic voicemail block reads.
    expect(dialplan).toContain('voicemail_greeting_path=$${conf_dir}/$1');
    const users = readdirSync(join(out, 'freeswitch/directory/abc-company'))
      .map((f) => readFileSync(join(out, 'freeswitch/directory/abc-company', f), 'utf8'))
      .join('\n');
    expect(users).toContain('name="pbxc_vm_greeting" value="media/abc-company/john-greeting.wav"');
    expect(dialplan).toContain('hold_music=$${conf_dir}/media/shared/hold.wav');
  });

  it('the bundle publish ships holds the exact bytes (binary-safe tar)', async () => {
    const model = await exampleModel();
    const tree = buildTree(model, 'test', 'render', () => 'x');
    const file = tree.files.find((f) => f.path === 'freeswitch/media/shared/hold.wav');
    expect(file?.encoding).toBe('base64');
    const tar = gunzipSync(packBundle(tree.files).bytes);
    const wanted = Buffer.from(file!.content, 'base64');
    expect(tar.includes(wanted)).toBe(true);
    expect(wanted.subarray(0, 4).toString('latin1')).toBe('RIFF');
  });
});
