// Refreshes test/import/golden/<case>/ from a real PostgreSQL: npm run golden:import.
// Review the diff before committing: it is what `pbxc import fusionpbx` writes for each fixture.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { main } from '../src/cli/main.js';
import { CASES, FIXED, GOLDEN, readTree } from '../test/import/helpers/fixture.js';
import { PG_AVAILABLE, startPostgres } from '../test/import/helpers/postgres.js';

if (!PG_AVAILABLE) {
  console.error('golden:import needs PostgreSQL 15 (/usr/lib/postgresql/15/bin)');
  process.exit(2);
}
const pg = startPostgres();
const quiet = { out: () => {}, err: (l: string) => console.error(l), isTTY: false, color: false, env: {}, cwd: process.cwd() };
try {
  for (const [name, files] of Object.entries(CASES)) {
    pg.load(name, files);
    const out = join(pg.socketDir, `out-${name}`);
    const code = await main(['import', 'fusionpbx', '--db', pg.url(name), '--out', out, ...FIXED], quiet);
    if (code !== 0) throw new Error(`import of ${name} exited ${code}`);
    const target = join(GOLDEN, name);
    rmSync(target, { recursive: true, force: true });
    for (const [path, text] of readTree(out)) {
      mkdirSync(dirname(join(target, path)), { recursive: true });
      writeFileSync(join(target, path), text);
    }
    console.log(`wrote ${target}`);
  }
} finally {
  pg.stop();
}
