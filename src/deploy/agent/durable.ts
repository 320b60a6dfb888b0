import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';

/** fsync of a folder: makes a rename or unlink in it survive a power cut. */
export function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a file so that after a crash at any instant it holds either the old or the new content,
 * complete: a temporary file written and fsynced, renamed over the target, the folder fsynced.
 */
export function writeDurable(file: string, content: string, mode = 0o644): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w', mode);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  syncDir(dirname(file));
}

export function writeJsonDurable(file: string, value: unknown): void {
  writeDurable(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** Removes a file durably (absent afterwards even after a crash). */
export function removeDurable(file: string): void {
  rmSync(file, { force: true });
  syncDir(dirname(file));
}

/** The parsed JSON of a file, or undefined when it is absent or unreadable. */
export function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
