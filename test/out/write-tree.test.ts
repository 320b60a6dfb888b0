import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
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

describe('writeTree: one atomic switch, reuse, no litter', () => {
  const tree = (text: string) => {
    const files = [
      { path: 'a/one.txt', content: `${text}\n` },
      { path: 'b/two.txt', content: 'same\n' },
    ];
    return [manifestFile(buildManifest(files, 'audit', '0.0.0', text)), ...files];
  };

  it('swaps the new tree in, reuses unchanged files and leaves no staging folder', async () => {
    const parent = tempDir();
    const out = join(parent, 'out');
    const first = await writeTree(out, tree('v1'), { private: false });
    expect(first).toMatchObject({ written: 3, reused: 0, unchanged: false });
    const inodeBefore = statSync(join(out, 'b/two.txt')).ino;
    const second = await writeTree(out, tree('v2'), { private: false });
    expect(second).toMatchObject({ written: 2, reused: 1, unchanged: false });
    expect(statSync(join(out, 'b/two.txt')).ino).toBe(inodeBefore);
    expect(readFileSync(join(out, 'a/one.txt'), 'utf8')).toBe('v2\n');
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('does not touch a tree that is already exact, but rewrites a hand-edited file', async () => {
    const out = join(tempDir(), 'out');
    await writeTree(out, tree('v1'), { private: false });
    expect((await writeTree(out, tree('v1'), { private: false })).unchanged).toBe(true);
    writeFileSync(join(out, 'b/two.txt'), 'edited\n');
    const again = await writeTree(out, tree('v1'), { private: false });
    expect(again.unchanged).toBe(false);
    expect(readFileSync(join(out, 'b/two.txt'), 'utf8')).toBe('same\n');
  });

  it('keeps a symlinked --out a symlink and writes where it points', async () => {
    const parent = tempDir();
    const real = join(parent, 'real');
    await writeTree(real, tree('v1'), { private: false });
    symlinkSync(real, join(parent, 'link'));
    await writeTree(join(parent, 'link'), tree('v2'), { private: false });
    expect(lstatSync(join(parent, 'link')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(real, 'a/one.txt'), 'utf8')).toBe('v2\n');
    expect(readdirSync(parent).sort()).toEqual(['link', 'real']);
  });

  it('cleans what a killed run left, and restores a tree lost between two renames', async () => {
    const parent = tempDir();
    const out = join(parent, 'out');
    await writeTree(out, tree('v1'), { private: false });
    // A dead pid: the highest possible one is never in use on Linux.
    const dead = 4194304;
    mkdirSync(join(parent, `.out.pbxc-new-${dead}`));
    writeFileSync(join(parent, `.out.pbxc-new-${dead}`, 'secret'), 'x');
    await writeTree(out, tree('v2'), { private: false });
    expect(readdirSync(parent)).toEqual(['out']);
    renameSync(out, join(parent, `.out.pbxc-old-${dead}`));
    await writeTree(out, tree('v2'), { private: false });
    expect(readdirSync(parent)).toEqual(['out']);
    expect(readFileSync(join(out, 'a/one.txt'), 'utf8')).toBe('v2\n');
  });

  it('refuses a symlink loop and a dangling symlink as --out', async () => {
    const parent = tempDir();
    symlinkSync(join(parent, 'loop'), join(parent, 'loop'));
    symlinkSync(join(parent, 'none'), join(parent, 'dangling'));
    await expect(writeTree(join(parent, 'loop'), tree('v1'), { private: false })).rejects.toThrow(/loop/);
    await expect(writeTree(join(parent, 'dangling'), tree('v1'), { private: false })).rejects.toThrow(
      /missing/,
    );
  });
});
