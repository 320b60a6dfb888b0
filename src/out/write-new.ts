import { mkdir, open, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { OutputError } from './write-tree.js';

/**
 * Writes files into a folder that is missing or empty (pbxc init). Never replaces anything: each
 * file is created exclusively, so a race with another writer fails instead of overwriting.
 */
export async function writeNewFolder(
  dir: string,
  files: readonly { path: string; content: string | Buffer }[],
): Promise<void> {
  let existing: string[] = [];
  try {
    existing = await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') throw new OutputError(`${dir} is not a folder`);
    if (code !== 'ENOENT') throw error;
  }
  if (existing.length > 0)
    throw new OutputError(
      `${dir} is not empty (${existing.length} entries): pbxc init starts a new repository in an empty folder`,
    );
  for (const f of files) {
    const path = join(dir, f.path);
    await mkdir(dirname(path), { recursive: true });
    const handle = await open(path, 'wx', 0o644);
    try {
      await handle.writeFile(f.content);
    } finally {
      await handle.close();
    }
  }
}
