#!/usr/bin/env node
// Registration storm alone (also part of `npm run bench`'s FreeSWITCH section): the 200 × 100 bench
// spec's phones register with digest auth on a fresh FreeSWITCH per storm, through the Lua directory
// handler and with the same users in a static directory. Writes freeswitch.storm in
// bench/results.json, keeping the rest.
//   npm run bench:storm
//   BENCH_STORM_RATES=200,400 (offered REGISTER/s), BENCH_STORM_SECONDS=30 (phones = rate × seconds),
//   BENCH_STORM_KINDS=handler,static, BENCH_FS_TENANTS / BENCH_FS_EXTENSIONS (spec size)
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;

/** Runs the storms and returns their rows (printed through `print`). */
export async function runStorms(print) {
  const { switchUnavailable } = await import('../test/live/lean-switch.ts');
  const absent = switchUnavailable();
  if (absent) {
    console.warn(`SKIPPED: registration storm because ${absent}`);
    return [];
  }
  const { writeFootprintSpec, renderedTree } = await import('./fs-footprint.ts');
  const { stormRows } = await import('./fs-storm.ts');
  const tenants = Number(process.env.BENCH_FS_TENANTS ?? 200);
  const extensions = Number(process.env.BENCH_FS_EXTENSIONS ?? 100);
  const rates = (process.env.BENCH_STORM_RATES ?? '200,400').split(',').map(Number);
  const seconds = Number(process.env.BENCH_STORM_SECONDS ?? 30);
  const kinds = (process.env.BENCH_STORM_KINDS ?? 'handler,static').split(',');
  const root = mkdtempSync(join(tmpdir(), 'pbxc-bench-storm-'));
  try {
    writeFootprintSpec(root, readFileSync(join(ROOT, 'spec/platform.yaml'), 'utf8'), tenants, extensions);
    const { files } = await renderedTree(root);
    console.log(
      `\nRegistration storm: ${tenants} tenants × ${extensions} phones, ${seconds} s per storm, offered ${rates.join(', ')}/s (fresh switch per storm; load average ${loadavg()[0].toFixed(1)})`,
    );
    return await stormRows(files, rates, seconds, kinds, print);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export function saveStormRows(rows) {
  const path = join(ROOT, 'bench', 'results.json');
  const all = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {};
  const freeswitch = { ...(all.freeswitch ?? {}) };
  freeswitch.storm = { measured: new Date().toISOString(), loadAverage: loadavg()[0], rows };
  writeFileSync(path, `${JSON.stringify({ ...all, freeswitch }, null, 2)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let ok = true;
  const rows = await runStorms((row) => {
    if (row.ok === false) ok = false;
    const mark = row.ok === undefined ? '    ' : row.ok ? 'ok  ' : 'OVER';
    console.log(`${mark} ${row.name.padEnd(36)} ${row.value}${row.target ? `  (target ${row.target})` : ''}`);
  });
  if (rows.length > 0) saveStormRows(rows);
  process.exitCode = ok ? 0 : 1;
}
