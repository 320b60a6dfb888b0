import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildManifest, manifestFile } from '../../src/out/manifest.js';
import { listTree, writeTree } from '../../src/out/write-tree.js';
import { tempDir } from '../helpers/cli.js';

const manifest = manifestFile(buildManifest([], 'audit', '0.0.0', 'd'));

describe('writeTree', () => {
  it('creates a folder holding exactly the files', async () => {
    const out = join(tempDir(), 'a', 'b');
    await writeTree(out, [manifest, { path: 'x/y.txt', content: 'hi\n' }], { private: false });
    expect(await listTree(out)).toEqual(['MANIFEST.json', 'x/y.txt']);
  });

  it('leaves the old tree untouched and no staging folder behind when a write fails', async () => {
    const parent = tempDir();
    const out = join(parent, 'out');
    await writeTree(out, [manifest, { path: 'keep.txt', content: 'old\n' }], { private: false });
    // "a" as a file and as a folder at once: the second write fails half-way through.
    const clash = [manifest, { path: 'a', content: '1' }, { path: 'a/b', content: '2' }];
    await expect(writeTree(out, clash, { private: false })).rejects.toThrow();
    expect(readFileSync(join(out, 'keep.txt'), 'utf8')).toBe('old\n');
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('refuses a non-empty folder without a pbxc manifest, and a file in place of the folder', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'x'));
    writeFileSync(join(dir, 'x', 'notes.txt'), 'mine');
    await expect(writeTree(join(dir, 'x'), [manifest], { private: false })).rejects.toThrow(/not empty/);
    writeFileSync(join(dir, 'f'), 'file');
    await expect(writeTree(join(dir, 'f'), [manifest], { private: false })).rejects.toThrow();
    expect(existsSync(join(dir, 'x', 'notes.txt'))).toBe(true);
  });
});
