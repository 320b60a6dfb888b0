#!/usr/bin/env zx
// Benchmark: validate and build a large generated spec; prints time and memory against targets.
// Run: npm run bench (node --import tsx). Targets live here, never in a timed unit test.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildTree } from '../src/build-tree.ts';
import { loadModel } from '../src/load-model.ts';
import { freeswitchFootprint, writeFootprintSpec } from './fs-footprint.ts';

const TENANTS = Number(process.env.BENCH_TENANTS ?? 100);
const EXTENSIONS = Number(process.env.BENCH_EXTENSIONS ?? 100);
const TARGETS = { validateMs: 5000, buildMs: 15000, heapMb: 1024 };

const root = mkdtempSync(join(tmpdir(), 'pbxc-bench-'));
mkdirSync(join(root, 'tenants'));
const platform = readFileSync(new URL('../spec/platform.yaml', import.meta.url), 'utf8');
writeFileSync(join(root, 'platform.yaml'), platform);

for (let t = 0; t < TENANTS; t++) {
  const id = `tenant-${String(t).padStart(4, '0')}`;
  const ext = [];
  for (let e = 0; e < EXTENSIONS; e++) {
    const n = 1000 + e;
    ext.push(`  - { number: "${n}", name: User ${n}, email: u${n}@${id}.example.net, voicemail: true }`);
  }
  const members = Array.from({ length: Math.min(10, EXTENSIONS) }, (_, i) => `"${1000 + i}"`).join(', ');
  const did = (i) => `+1${String(2000000000 + t * 100 + i)}`;
  const devices = Array.from({ length: Math.min(20, EXTENSIONS) }, (_, i) => {
    const mac = `00:15:65:${(t >> 8).toString(16).padStart(2, '0')}:${(t & 255).toString(16).padStart(2, '0')}:${i.toString(16).padStart(2, '0')}`;
    return `  - { mac: "${mac}", vendor: yealink, model: T54W, name: Desk ${i}, lines: ["${1000 + i}"], keys: [{ type: blf, extension: "${1001 + i}" }] }`;
  });
  writeFileSync(
    join(root, 'tenants', `${id}.yaml`),
    `# yaml-language-server: $schema=../schema/tenant.schema.json
tenant: ${id}
name: Tenant ${t}
domain: ${id}.voice.example.net
timezone: America/New_York
language: en
dialing: { country_code: "1", national_prefix: "1", international_prefix: "011", emergency: ["911"] }
number_plan:
  - { range: "1000-1999", use: extensions }
  - { range: "600-699", use: groups }
extensions:
${ext.join('\n')}
ring_groups:
  - { number: "600", name: Everyone, strategy: simultaneous, ring_timeout: 25, members: [${members}] }
trunks:
  - { id: carrier, host: ${id}.pstn.example.com, transport: udp, register: false, inbound_from: [twilio-signalling], caller_id: "${did(0)}" }
dids:
  - { number: "${did(0)}", name: Main, trunk: carrier, to: { ring_group: "600" } }
outbound_routes:
  - { name: emergency, match: emergency, trunk: carrier }
  - { name: nanp, prefixes: ["+1"], trunk: carrier }
devices:
${devices.join('\n')}
`,
  );
}

const time = async (fn) => {
  const start = performance.now();
  const value = await fn();
  return { value, ms: Math.round(performance.now() - start) };
};

const validate = await time(() => loadModel(root));
const errors = validate.value.diagnostics.filter((d) => d.severity === 'error');
if (errors.length > 0) {
  console.error(errors.slice(0, 5));
  process.exit(1);
}
const build = await time(() => buildTree(validate.value.model, 'bench'));
const heapMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
const files = build.value.files.length;
const bytes = build.value.files.reduce((n, f) => n + f.content.length, 0);

const rows = [
  ['validate', `${validate.ms} ms`, `< ${TARGETS.validateMs} ms`, validate.ms < TARGETS.validateMs],
  ['build (all targets, in memory)', `${build.ms} ms`, `< ${TARGETS.buildMs} ms`, build.ms < TARGETS.buildMs],
  ['resident memory', `${heapMb} MiB`, `< ${TARGETS.heapMb} MiB`, heapMb < TARGETS.heapMb],
];
console.log(
  `spec: ${TENANTS} tenants × ${EXTENSIONS} extensions → ${files} files, ${(bytes / 1e6).toFixed(1)} MB`,
);
for (const [name, value, target, ok] of rows)
  console.log(`${ok ? 'ok  ' : 'SLOW'} ${name.padEnd(32)} ${value.padStart(10)}  (target ${target})`);

// FreeSWITCH footprint: a 200 × 100 spec (20,000 extensions, 2,000 DIDs) on the real switch.
// BENCH_FS=0 skips it; BENCH_FS_TENANTS / BENCH_FS_EXTENSIONS change the size.
let footprintOk = true;
if (process.env.BENCH_FS !== '0') {
  const fsTenants = Number(process.env.BENCH_FS_TENANTS ?? 200);
  const fsExtensions = Number(process.env.BENCH_FS_EXTENSIONS ?? 100);
  const fsRoot = mkdtempSync(join(tmpdir(), 'pbxc-bench-fs-'));
  writeFootprintSpec(fsRoot, platform, fsTenants, fsExtensions);
  console.log(
    `\nFreeSWITCH footprint: ${fsTenants} tenants × ${fsExtensions} extensions, ${fsTenants * 10} DIDs (real switch in a private network namespace)`,
  );
  const footprint = await freeswitchFootprint(fsRoot).finally(() =>
    rmSync(fsRoot, { recursive: true, force: true }),
  );
  for (const row of footprint) {
    const mark = row.ok === undefined ? '    ' : row.ok ? 'ok  ' : 'OVER';
    if (row.ok === false) footprintOk = false;
    console.log(
      `${mark} ${row.name.padEnd(32)} ${row.value.padStart(36)}${row.target ? `  (target ${row.target})` : ''}${row.before ? `  [200×100 before: ${row.before}]` : ''}`,
    );
  }
}
process.exit(rows.every((r) => r[3]) && footprintOk ? 0 : 1);
