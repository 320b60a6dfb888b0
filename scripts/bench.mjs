#!/usr/bin/env node
// Benchmark: pbxc validate/build on large generated specs against a floor measured in the same run
// (parse the same YAML + write the same bytes), peak RSS, linearity, no-op and one-tenant rebuilds.
// Prints a table and writes bench/results.json. Targets live here, never in timed unit tests.
//   npm run bench                 full: 1,000 × 100 and 1 × 100,000 (+ the 10× smaller specs)
//   BENCH_SCALE=small npm run bench   100 × 100 and 1 × 10,000 (quick look)
// The machine may be shared: absolute times are noisy, the ratios against the floor are what count.
// Ratios use CPU time (user + system) of each step's process, which a loaded machine distorts far
// less than wall time; both are in bench/results.json.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { tenantPath, tenantYaml, writeBenchSpec } from './bench-spec.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const TARGETS = {
  buildVsFloor: 3,
  validateVsParse: 2,
  linearity: 11,
  rssMiB: 1024,
  noopVsFull: 1.25,
  hostileValidateCpuMs: 10_000,
};
const SMALL = process.env.BENCH_SCALE === 'small';
/** Targets with a part per tenant (freeswitch, phones, ringotel): a one-tenant change runs these. */
const SPLIT_TARGETS = 3;

function child(args, env = {}) {
  const out = execFileSync(process.execPath, [join(ROOT, 'scripts/bench-child.mjs'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, ...env },
  });
  return JSON.parse(out.trim().split('\n').pop());
}

const cli = (...args) => child(['cli', ...args]);
/** The CLI with the emit cache in `cache` (the specs live in a temp folder without node_modules). */
const cachedCli = (cache, ...args) => child(['cli', ...args], { PBXC_CACHE_DIR: cache });

/** One spec size: validate, floor, build, no-op rebuild, one-tenant rebuild. */
function measureSpec(tenants, extensions, work) {
  const spec = join(work, `spec-${tenants}x${extensions}`);
  const out = join(work, `out-${tenants}x${extensions}`);
  const bytes = writeBenchSpec(spec, tenants, extensions);
  const validate = cli('validate', '--spec', spec);
  if (validate.code !== 0) throw new Error(`bench spec invalid: ${validate.err}`);
  const parse = child(['floor-parse', spec]);
  const cache = join(work, `cache-${tenants}x${extensions}`);
  // A full build (the cache starts empty: every tenant part runs; it fills the cache index).
  const build = cachedCli(cache, 'build', '--spec', spec, '--out', out, '--format', 'json');
  if (build.code !== 0) throw new Error(`build failed: ${build.err}`);
  const write = child(['floor-write', out, join(work, 'floor-out')]);
  rmSync(join(work, 'floor-out'), { recursive: true, force: true });
  // No-op without the cache: every emitter runs, nothing is written.
  const noop = cli('build', '--spec', spec, '--out', out, '--format', 'json');
  const noopCached = cachedCli(cache, 'build', '--spec', spec, '--out', out, '--format', 'json');
  // One tenant changes (every extension's name): only its parts run, only its files are written.
  writeFileSync(tenantPath(spec, 0), tenantYaml(0, extensions, { variant: ' (moved)' }));
  const one = cachedCli(cache, 'build', '--spec', spec, '--out', out, '--format', 'json');
  const check = cli('check', '--spec', spec, '--out', out);
  rmSync(spec, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
  const floor = parse.ms + write.ms;
  const floorCpu = parse.cpuMs + write.cpuMs;
  return {
    spec: `${tenants} × ${extensions.toLocaleString('en-US')}`,
    tenants,
    extensions,
    specMB: +(bytes / 1e6).toFixed(1),
    outMB: +(write.bytes / 1e6).toFixed(1),
    files: write.files,
    validateMs: validate.ms,
    validateRssMiB: validate.rssMiB,
    parseFloorMs: parse.ms,
    buildMs: build.ms,
    buildRssMiB: build.rssMiB,
    writeFloorMs: write.ms,
    floorMs: floor,
    validateCpuMs: validate.cpuMs,
    parseFloorCpuMs: parse.cpuMs,
    buildCpuMs: build.cpuMs,
    floorCpuMs: floorCpu,
    buildVsFloor: +(build.cpuMs / floorCpu).toFixed(2),
    buildVsFloorWall: +(build.ms / floor).toFixed(2),
    validateVsParse: +(validate.cpuMs / parse.cpuMs).toFixed(2),
    noopMs: noop.ms,
    noopCpuMs: noop.cpuMs,
    noopVsFull: +(noop.cpuMs / build.cpuMs).toFixed(2),
    noopWritten: noop.written,
    noopCachedMs: noopCached.ms,
    noopCachedCpuMs: noopCached.cpuMs,
    noopCachedWritten: noopCached.written,
    oneTenantMs: one.ms,
    oneTenantCpuMs: one.cpuMs,
    oneTenantRssMiB: one.rssMiB,
    oneTenantWritten: one.written,
    oneTenantParts: one.tenantParts,
    oneTenantVsFull: +(one.cpuMs / build.cpuMs).toFixed(2),
    manifestExact: check.code === 0,
  };
}

function table(rows, columns) {
  const widths = columns.map(([h, f]) => Math.max(h.length, ...rows.map((r) => String(f(r)).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [
    line(columns.map(([h]) => h)),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(columns.map(([, f]) => f(r)))),
  ].join('\n');
}

/** The compiler-core section: the two 100,000-extension shapes and their 10× smaller versions. */
function coreBenchmark(work) {
  const shapes = SMALL
    ? [
        [10, 100],
        [100, 100],
        [1, 1000],
        [1, 10000],
      ]
    : [
        [100, 100],
        [1000, 100],
        [1, 10000],
        [1, 100000],
      ];
  const rows = shapes.map(([t, e]) => {
    process.stderr.write(`bench: ${t} × ${e} …\n`);
    return measureSpec(t, e, work);
  });
  const linearity = [
    { shape: 'tenants', small: rows[0], large: rows[1] },
    { shape: 'one tenant', small: rows[2], large: rows[3] },
  ].map(({ shape, small, large }) => ({
    shape,
    from: small.spec,
    to: large.spec,
    buildGrowth: +(large.buildCpuMs / small.buildCpuMs).toFixed(2),
    validateGrowth: +(large.validateCpuMs / small.validateCpuMs).toFixed(2),
  }));
  return { rows, linearity };
}

/**
 * Hostile files (issue 18 §5): a tenant file with n unknown top-level keys ("zz0000001: 1"). Above
 * LIMITS.mapKeys the loader refuses it before parsing (PBX1091); below, the schema stage maps the
 * first 200 errors per kind and counts the rest (PBX1090). Both must take seconds, not minutes.
 */
function hostileBenchmark(work) {
  return [90_000, 1_450_000].map((n) => {
    process.stderr.write(`bench: ${n.toLocaleString('en-US')} unknown keys …\n`);
    const spec = join(work, `hostile-${n}`);
    writeBenchSpec(spec, 1, 10);
    const file = tenantPath(spec, 0);
    const lines = [];
    for (let i = 0; i < n; i++) lines.push(`zz${String(i).padStart(7, '0')}: 1\n`);
    writeFileSync(file, readFileSync(file, 'utf8') + lines.join(''));
    const specMB = +(statSync(file).size / 1e6).toFixed(1);
    const r = cli('validate', '--spec', spec, '--format', 'json');
    rmSync(spec, { recursive: true, force: true });
    return {
      unknownKeys: n,
      specMB,
      code: r.code,
      validateCpuMs: Math.round(r.cpuMs),
      validateMs: Math.round(r.ms),
    };
  });
}

function verdicts(core) {
  const big = [core.rows[1], core.rows[3]];
  return [
    ...big.map((r) => [
      `build ${r.spec} ≤ ${TARGETS.buildVsFloor}× floor`,
      r.buildVsFloor <= TARGETS.buildVsFloor,
      `${r.buildVsFloor}×`,
    ]),
    ...big.map((r) => [
      `validate ${r.spec} ≤ ${TARGETS.validateVsParse}× parse`,
      r.validateVsParse <= TARGETS.validateVsParse,
      `${r.validateVsParse}×`,
    ]),
    ...big.map((r) => [
      `peak RSS build ${r.spec} < ${TARGETS.rssMiB} MiB`,
      r.buildRssMiB < TARGETS.rssMiB,
      `${r.buildRssMiB} MiB`,
    ]),
    ...core.linearity.map((l) => [
      `10× spec (${l.shape}) ≤ ${TARGETS.linearity}× build time`,
      l.buildGrowth <= TARGETS.linearity,
      `${l.buildGrowth}×`,
    ]),
    ...big.map((r) => [
      `no-op rebuild ${r.spec} ≤ ${TARGETS.noopVsFull}× full`,
      r.noopVsFull <= TARGETS.noopVsFull && r.noopWritten === 0,
      `${r.noopVsFull}×, ${r.noopWritten} written`,
    ]),
    ...(core.hostile ?? []).map((h) => [
      `validate ${h.unknownKeys.toLocaleString('en-US')} unknown keys (${h.specMB} MB) ≤ ${TARGETS.hostileValidateCpuMs} ms cpu, exit 1`,
      h.validateCpuMs <= TARGETS.hostileValidateCpuMs && h.code === 1,
      `${h.validateCpuMs} ms cpu (${h.validateMs} wall), exit ${h.code}`,
    ]),
    ...big.map((r) => [
      `one-tenant change ${r.spec}: only its parts run, MANIFEST exact`,
      r.manifestExact && r.oneTenantParts?.emitted === SPLIT_TARGETS,
      `${r.oneTenantParts?.emitted} parts run, ${r.oneTenantParts?.reused} reused, ${r.oneTenantWritten} files written, ${r.oneTenantCpuMs} ms cpu (${r.oneTenantVsFull}× full)`,
    ]),
  ];
}

// BENCH_CORE=0 skips the compiler part (the FreeSWITCH section alone; results.json keeps its core figures).
if (process.env.BENCH_CORE !== '0') {
  if (!process.env.BENCH_NO_TSC)
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  const work = mkdtempSync(join(tmpdir(), 'pbxc-scale-bench-'));
  try {
    const started = new Date().toISOString();
    const load = loadavg()[0];
    const core = coreBenchmark(work);
    core.hostile = hostileBenchmark(work);
    const checks = verdicts(core);
    console.log(
      table(core.rows, [
        ['spec', (r) => r.spec],
        ['in/out MB', (r) => `${r.specMB}/${r.outMB}`],
        ['validate cpu', (r) => `${r.validateCpuMs} ms`],
        ['parse floor', (r) => `${r.parseFloorCpuMs} ms`],
        ['build cpu (wall)', (r) => `${r.buildCpuMs} ms (${r.buildMs})`],
        ['floor cpu (wall)', (r) => `${r.floorCpuMs} ms (${r.floorMs})`],
        ['build/floor', (r) => `${r.buildVsFloor}×`],
        ['peak RSS', (r) => `${r.buildRssMiB} MiB`],
        ['no-op cpu', (r) => `${r.noopCpuMs} ms`],
        ['no-op cached', (r) => `${r.noopCachedCpuMs} ms`],
        ['1 tenant cpu', (r) => `${r.oneTenantCpuMs} ms (${r.oneTenantWritten} files)`],
      ]),
    );
    console.log();
    console.log(
      table(core.linearity, [
        ['10× growth', (l) => `${l.from} → ${l.to}`],
        ['build', (l) => `${l.buildGrowth}×`],
        ['validate', (l) => `${l.validateGrowth}×`],
      ]),
    );
    console.log();
    for (const [name, ok, value] of checks) console.log(`${ok ? 'ok  ' : 'MISS'} ${name}: ${value}`);
    mkdirSync(join(ROOT, 'bench'), { recursive: true });
    // The core keys only: the sections other benchmarks write (ha, haLive, freeswitch) are kept.
    const file = join(ROOT, 'bench', 'results.json');
    const previous = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
    writeFileSync(
      file,
      `${JSON.stringify({ ...previous, started, machine: { cpus: cpus().length, loadAverage: load }, targets: TARGETS, core, checks: checks.map(([name, ok, value]) => ({ name, ok, value })) }, null, 2)}\n`,
    );
    console.log(
      `\nwrote bench/results.json (load average at start: ${load.toFixed(1)} on ${cpus().length} CPUs)`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// The repository `pbxc init` writes: `validate` from a cold start (node, every module, the command)
// in ≤ 1 s (issue 20's target). Five runs, the median; CPU time is the verdict (wall time on a shared
// machine is mostly waiting for a core), both are printed.
let initOk = true;
{
  const dir = mkdtempSync(join(tmpdir(), 'pbxc-init-bench-'));
  try {
    const made = cli('init', join(dir, 'repo'), '--no-lock');
    if (made.code !== 0) throw new Error(`pbxc init failed: ${made.err}`);
    const runs = Array.from({ length: 5 }, () =>
      child(['cli-cold', 'validate', '--spec', join(dir, 'repo', 'spec')]),
    );
    if (runs.some((r) => r.code !== 0))
      throw new Error(`validate of the init template failed: ${runs[0].err}`);
    const median = (k) => runs.map((r) => r[k]).sort((a, b) => a - b)[2];
    const cpu = median('cpuMs');
    initOk = cpu <= 1000;
    console.log(
      `${initOk ? 'ok  ' : 'MISS'} validate of the pbxc init template ≤ 1 s (cold process): ${cpu} ms cpu, ${median('ms')} ms wall (median of 5; load ${loadavg()[0].toFixed(1)})`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// FreeSWITCH footprint: a 200 × 100 spec (20,000 extensions, 2,000 DIDs) on the real switch: tree,
// memory, reloadxml, CPU per call to the first/last DID, CPS, the same with 20,000 DIDs, and the
// registration storm. BENCH_FS=0 skips it; BENCH_FS_TENANTS / BENCH_FS_EXTENSIONS change the size.
let footprintOk = true;
if (process.env.BENCH_FS !== '0') {
  const { freeswitchFootprint, writeFootprintSpec } = await import('./fs-footprint.ts');
  const calls = await import('./fs-calls.ts');
  const platform = readFileSync(join(ROOT, 'spec/platform.yaml'), 'utf8');
  const fsTenants = Number(process.env.BENCH_FS_TENANTS ?? 200);
  const fsExtensions = Number(process.env.BENCH_FS_EXTENSIONS ?? 100);
  // BENCH_FS_CALLS=0 skips the call measurements; BENCH_CPS_SECONDS shortens the CPS run (60 s).
  const withCalls = process.env.BENCH_FS_CALLS !== '0';
  const cpsSeconds = Number(process.env.BENCH_CPS_SECONDS ?? 60);
  const rows = [];
  const print = (row) => {
    rows.push(row);
    const mark = row.ok === undefined ? '    ' : row.ok ? 'ok  ' : 'OVER';
    if (row.ok === false) footprintOk = false;
    console.log(
      `${mark} ${row.name.padEnd(32)} ${row.value.padStart(36)}${row.target ? `  (target ${row.target})` : ''}${row.before ? `  [200×100 before: ${row.before}]` : ''}`,
    );
  };
  const fsRoot = mkdtempSync(join(tmpdir(), 'pbxc-bench-fs-'));
  try {
    writeFootprintSpec(fsRoot, platform, fsTenants, fsExtensions);
    console.log(
      `\nFreeSWITCH footprint: ${fsTenants} tenants × ${fsExtensions} extensions, ${fsTenants * 10} DIDs (real switch in a private network namespace; load average ${loadavg()[0].toFixed(1)})`,
    );
    for (const row of await freeswitchFootprint(fsRoot)) print(row);
    if (withCalls && !(await import('../test/live/lean-switch.ts')).switchUnavailable()) {
      const cps = (fs, did) => calls.cpsRun(fs, did, calls.CALL_TARGETS.cps, cpsSeconds).then((r) => [r]);
      for (const row of await calls.callRows(fsRoot, calls.didPair(fsTenants, 10), cps)) print(row);
    }
  } finally {
    rmSync(fsRoot, { recursive: true, force: true });
  }
  // The same first/last measurement with 20,000 DIDs: 200 tenants × 100 DIDs (the DID count alone
  // grows; BENCH_FS_BIG_TENANTS / BENCH_FS_BIG_DIDS change it), plus reloadxml and RSS on that tree.
  const bigTenants = Number(process.env.BENCH_FS_BIG_TENANTS ?? 200);
  const bigDids = Number(process.env.BENCH_FS_BIG_DIDS ?? 100);
  if (withCalls && bigTenants > 0 && !(await import('../test/live/lean-switch.ts')).switchUnavailable()) {
    const bigRoot = mkdtempSync(join(tmpdir(), 'pbxc-bench-fs-big-'));
    try {
      writeFootprintSpec(bigRoot, platform, bigTenants, 10, bigDids);
      const pair = calls.didPair(bigTenants, bigDids);
      console.log(`\nFreeSWITCH calls: ${bigTenants} tenants × 10 extensions, ${pair.label}`);
      const footprint = (fs) => calls.reloadAndRss(fs, `${bigTenants * bigDids} DIDs`);
      for (const row of await calls.callRows(bigRoot, pair, footprint)) print(row);
    } finally {
      rmSync(bigRoot, { recursive: true, force: true });
    }
  }
  // Registration storm (scripts/bench-storm.mjs; BENCH_STORM=0 skips it).
  let stormRows;
  if (process.env.BENCH_STORM !== '0') {
    const { runStorms } = await import('./bench-storm.mjs');
    stormRows = await runStorms(print);
  }
  const resultsFile = join(ROOT, 'bench', 'results.json');
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  // This run's rows; the freeswitch keys other runs wrote (storm, before, …) are kept, the storm's
  // own section replaced only when the storms ran.
  const measured = { measured: new Date().toISOString(), loadAverage: loadavg()[0] };
  results.freeswitch = {
    ...(results.freeswitch ?? {}),
    ...measured,
    rows,
    ...(stormRows?.length ? { storm: { ...measured, rows: stormRows } } : {}),
  };
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
}
// Agent convergence under random kills: BENCH_AGENT_KILLS=N runs the kill test's random-moment part
// with N samples (each: a change, a SIGKILL of the agent's process group at a random moment, a run
// that must converge with the daemons serving the published version). Off by default (minutes).
let killsOk = true;
if (Number(process.env.BENCH_AGENT_KILLS ?? 0) > 0) {
  const samples = Number(process.env.BENCH_AGENT_KILLS);
  console.log(
    `\nAgent: ${samples} random kills, each followed by a converging run (real daemons in a namespace)`,
  );
  const started = Date.now();
  try {
    execFileSync('npx', ['vitest', 'run', 'test/deploy/agent-kill.test.ts', '-t', 'random'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, PBXC_KILL_SAMPLES: String(samples) },
    });
    console.log(
      `ok   agent converged after ${samples} random kills in ${Math.round((Date.now() - started) / 1000)} s`,
    );
  } catch {
    killsOk = false;
    console.log('FAIL agent random kills: see the vitest output above');
  }
}
process.exit(footprintOk && killsOk && initOk ? 0 : 1);
