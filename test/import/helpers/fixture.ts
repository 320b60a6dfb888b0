import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('..', import.meta.url));
const fixture = (name: string) => join(here, 'fixtures', name);

/**
 * The SQL of each golden case: FusionPBX's schema and sample installation (copies of the shared
 * reference data, ../shared/reference/fusionpbx), our odd cases on top, and a US install alone.
 */
export const CASES = {
  sample: [fixture('fusionpbx-schema.sql'), fixture('fusionpbx-sample-data.sql')],
  odd: [fixture('fusionpbx-schema.sql'), fixture('fusionpbx-sample-data.sql'), fixture('odd-cases.sql')],
  us: [fixture('fusionpbx-schema.sql'), fixture('us-dialplan.sql')],
} as const;

export const GOLDEN = join(here, 'golden');

/** Arguments that make an import reproducible (fixed holiday years). */
export const FIXED = ['--holiday-years', '2026,2027'];

/** Every file under dir (relative path → text), schema copies left out: they are pbxc's own. */
export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p).split('\\').join('/'), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  for (const k of [...out.keys()]) if (k.startsWith('schema/')) out.delete(k);
  return out;
}
