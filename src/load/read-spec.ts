import { readdir, stat } from 'node:fs/promises';
import { posix } from 'node:path';
import { type Diagnostic, diag } from '../diag/diagnostic.js';
import { readMedia } from '../media/read-media.js';
import type { MediaSource } from '../media/source.js';
import { decodeUtf8 } from './decode.js';
import { LIMITS, mib } from './limits.js';
import { openNoWait } from './open-no-wait.js';

/** The raw text of a spec folder. Paths are joined onto the folder as the user wrote it. */
export interface SpecTexts {
  readonly platform?: { readonly path: string; readonly text: string };
  readonly tenants: readonly { readonly path: string; readonly text: string }[];
  /** The media files under media/ (read, checked, converted where needed). */
  readonly media?: readonly MediaSource[];
}

function display(dir: string, name: string): string {
  const joined = posix.join(dir.replaceAll('\\', '/'), name);
  return joined;
}

/** Tenant files end in .yaml; .yml is read too, since editors and people write both. */
export function isTenantFile(name: string): boolean {
  return (name.endsWith('.yaml') || name.endsWith('.yml')) && !name.startsWith('.');
}

/**
 * Reads one spec file within the size limits, as UTF-8. Never reads more than the limit allows,
 * so a 100 MB file costs nothing before it is refused.
 */
async function readText(
  fsPath: string,
  shown: string,
  budget: { left: number },
  diagnostics: Diagnostic[],
): Promise<string | undefined> {
  const handle = await openNoWait(fsPath);
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    const size = info.size;
    if (size > LIMITS.fileBytes || size > budget.left) {
      const limit =
        size > LIMITS.fileBytes ? `${mib(LIMITS.fileBytes)} per file` : `${mib(LIMITS.specBytes)} per spec`;
      diagnostics.push(
        diag('PBX1008', { size: mib(size), limit }, { file: shown, line: 1, col: 1, offset: 0 }),
      );
      return undefined;
    }
    budget.left -= size;
    const bytes = await handle.readFile();
    const decoded = decodeUtf8(bytes);
    if (!decoded.ok) {
      const hex = decoded.value.toString(16).toUpperCase().padStart(2, '0');
      diagnostics.push(
        diag(
          'PBX1009',
          { byte: decoded.byte, value: `0x${hex}` },
          { file: shown, line: decoded.line, col: decoded.col },
        ),
      );
      return undefined;
    }
    return decoded.text;
  } finally {
    await handle.close();
  }
}

/** Reads platform.yaml and tenants/*.yaml (sorted by name). The only disk access of the front end. */
export async function readSpec(dir: string): Promise<{ texts: SpecTexts; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  try {
    if (!(await stat(dir)).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
  } catch (error) {
    diagnostics.push(diag('PBX1003', { what: `spec folder ${dir}`, detail: message(error) }));
    return { texts: { tenants: [] }, diagnostics };
  }
  const budget = { left: LIMITS.specBytes };
  let platform: SpecTexts['platform'];
  const platformPath = display(dir, 'platform.yaml');
  try {
    const text = await readText(posix.join(dir, 'platform.yaml'), platformPath, budget, diagnostics);
    if (text !== undefined) platform = { path: platformPath, text };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') diagnostics.push(diag('PBX1004', {}));
    else diagnostics.push(diag('PBX1003', { what: platformPath, detail: message(error) }));
  }
  const tenants: { path: string; text: string }[] = [];
  let names: string[] = [];
  try {
    names = (await readdir(posix.join(dir, 'tenants'))).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      diagnostics.push(diag('PBX1003', { what: display(dir, 'tenants'), detail: message(error) }));
    }
  }
  for (const name of names) {
    const path = display(dir, `tenants/${name}`);
    if (!isTenantFile(name)) {
      if (!name.startsWith('.'))
        diagnostics.push(diag('PBX1005', { file: path }, { file: path, line: 1, col: 1 }));
      continue;
    }
    try {
      const text = await readText(posix.join(dir, 'tenants', name), path, budget, diagnostics);
      if (text !== undefined) tenants.push({ path, text });
    } catch (error) {
      diagnostics.push(diag('PBX1003', { what: path, detail: message(error) }));
    }
  }
  const media = await readMedia(dir, (rel) => display(dir, rel));
  for (const d of media.diagnostics) diagnostics.push(d);
  return {
    texts: {
      ...(platform ? { platform } : {}),
      tenants,
      ...(media.media.length > 0 ? { media: media.media } : {}),
    },
    diagnostics,
  };
}

function message(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return 'no such file or folder';
  if (e.code === 'EACCES') return 'permission denied';
  if (e.code === 'ENOTDIR') return 'not a folder';
  if (e.code === 'EISDIR') return 'not a file';
  if (e.code === 'ELOOP') return 'symbolic link loop';
  return e.code ?? e.message ?? String(error);
}
