import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportWriteError, writeImport } from '../../src/import/write-import.js';
import { tempDir } from '../helpers/cli.js';

const REPORT = '# Import report\nfirst\n';

/** A folder holding a previous import: its report, platform.yaml and two tenants. */
function previous(): string {
  const dir = join(tempDir(), 'spec');
  mkdirSync(join(dir, 'tenants'), { recursive: true });
  writeFileSync(join(dir, 'IMPORT-REPORT.md'), REPORT);
  writeFileSync(join(dir, 'platform.yaml'), 'old platform\n');
  writeFileSync(join(dir, 'tenants', 'acme.yaml'), 'old acme\n');
  writeFileSync(join(dir, 'tenants', 'berlin.yaml'), 'old berlin\n');
  return dir;
}

/** Every path under `dir` with its text ("<dir>" for a folder). */
const snapshot = (dir: string): Record<string, string> =>
  Object.fromEntries(
    (readdirSync(dir, { recursive: true }) as string[])
      .sort()
      .map((f) => [f, statSync(join(dir, f)).isDirectory() ? '<dir>' : readFileSync(join(dir, f), 'utf8')]),
  );

const NEW = new Map([
  ['IMPORT-REPORT.md', '# Import report\nsecond\n'],
  ['platform.yaml', 'new platform\n'],
  ['tenants/acme.yaml', 'new acme\n'],
  ['tenants/zeta.yaml', 'new zeta\n'],
]);

describe('import writes the whole spec or nothing', () => {
  it('a re-import replaces the previous one: new files, old tenants gone, no temporary files left', async () => {
    const dir = previous();
    await writeImport(dir, NEW, false);
    expect(snapshot(dir)).toEqual({
      'IMPORT-REPORT.md': '# Import report\nsecond\n',
      'platform.yaml': 'new platform\n',
      tenants: '<dir>',
      'tenants/acme.yaml': 'new acme\n',
      'tenants/zeta.yaml': 'new zeta\n',
    });
  });

  it('a write that fails half-way leaves the previous import exactly as it was', async () => {
    const dir = previous();
    const before = snapshot(dir);
    // The last file cannot be written (a folder stands where its temporary file goes).
    mkdirSync(join(dir, 'tenants', `zeta.yaml.pbxc-import-${process.pid}`));
    await expect(writeImport(dir, NEW, false)).rejects.toBeInstanceOf(ImportWriteError);
    const after = snapshot(dir);
    delete after[`tenants/zeta.yaml.pbxc-import-${process.pid}`];
    expect(after).toEqual(before);
  });
});
