import { readdir, readFile, stat } from 'node:fs/promises';
import { posix } from 'node:path';
import { type Diagnostic, diag } from '../diag/diagnostic.js';

/** The raw text of a spec folder. Paths are joined onto the folder as the user wrote it. */
export interface SpecTexts {
  readonly platform?: { readonly path: string; readonly text: string };
  readonly tenants: readonly { readonly path: string; readonly text: string }[];
}

function display(dir: string, name: string): string {
  const joined = posix.join(dir.replaceAll('\\', '/'), name);
  return joined;
}

/** Reads platform.yaml and tenants/*.yaml (sorted by name). The only disk access of the front end. */
export async function readSpec(dir: string): Promise<{ texts: SpecTexts; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error('not a folder');
  } catch (error) {
    diagnostics.push(diag('PBX1003', { what: `spec folder ${dir}`, detail: message(error) }));
    return { texts: { tenants: [] }, diagnostics };
  }
  let platform: SpecTexts['platform'];
  const platformPath = display(dir, 'platform.yaml');
  try {
    platform = { path: platformPath, text: await readFile(posix.join(dir, 'platform.yaml'), 'utf8') };
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
    if (!name.endsWith('.yaml')) {
      if (!name.startsWith('.'))
        diagnostics.push(diag('PBX1005', { file: path }, { file: path, line: 1, col: 1 }));
      continue;
    }
    try {
      tenants.push({ path, text: await readFile(posix.join(dir, 'tenants', name), 'utf8') });
    } catch (error) {
      diagnostics.push(diag('PBX1003', { what: path, detail: message(error) }));
    }
  }
  return { texts: { ...(platform ? { platform } : {}), tenants }, diagnostics };
}

function message(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return 'no such file or folder';
  if (e.code === 'EACCES') return 'permission denied';
  return e.message ?? String(error);
}
