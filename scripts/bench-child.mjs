// One benchmark step in its own process, so each has its own peak RSS. Prints a JSON line.
//   node scripts/bench-child.mjs cli <pbxc args…>     the real CLI from dist/
//   node scripts/bench-child.mjs cli-cold <pbxc args…>  the same, timed from process start (imports included)
//   node scripts/bench-child.mjs floor-parse <spec>    YAML.parse of every spec file
//   node scripts/bench-child.mjs floor-write <tree> <out>  write the same bytes (read first, untimed)
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';

const [mode, ...args] = process.argv.slice(2);
const files = (dir, prefix = '') =>
  readdirSync(join(dir, prefix)).flatMap((name) => {
    const rel = prefix ? `${prefix}/${name}` : name;
    return statSync(join(dir, rel)).isDirectory() ? files(dir, rel) : [rel];
  });

let ms;
let cpu0 = 0;
const detail = {};
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
if (mode === 'cli' || mode === 'cli-cold') {
  const { main } = await import('../dist/src/cli/main.js');
  const lines = [];
  const quiet = {
    out: (l) => lines.push(l),
    err: (l) => {
      detail.err ??= l;
    },
    isTTY: false,
    color: false,
    // The emit cache lives where the bench says (its specs are in a temp folder, no node_modules).
    env: process.env.PBXC_CACHE_DIR ? { PBXC_CACHE_DIR: process.env.PBXC_CACHE_DIR } : {},
    cwd: process.cwd(),
  };
  const start = performance.now();
  cpu0 = cpuNow();
  detail.code = await main(args, quiet);
  ms = performance.now() - start;
  // cold: what a user waits for: node's start, every module loaded, the command
  if (mode === 'cli-cold') {
    ms = performance.now();
    cpu0 = 0;
  }
  try {
    const report = JSON.parse(lines.join('\n'));
    if (report.written !== undefined) detail.written = report.written;
    if (report.tenantParts) detail.tenantParts = report.tenantParts;
  } catch {
    // Not a JSON report (validate, check): only the exit code matters.
  }
} else if (mode === 'floor-parse') {
  const [spec] = args;
  const texts = files(spec)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => readFileSync(join(spec, f), 'utf8'));
  const start = performance.now();
  cpu0 = cpuNow();
  for (const t of texts) parse(t);
  ms = performance.now() - start;
} else if (mode === 'floor-write') {
  const [tree, out] = args;
  const contents = files(tree).map((f) => [f, readFileSync(join(tree, f), 'utf8')]);
  rmSync(out, { recursive: true, force: true });
  const start = performance.now();
  cpu0 = cpuNow();
  for (const [f, text] of contents) {
    mkdirSync(dirname(join(out, f)), { recursive: true });
    writeFileSync(join(out, f), text);
  }
  ms = performance.now() - start;
  detail.files = contents.length;
  detail.bytes = contents.reduce((n, [, t]) => n + Buffer.byteLength(t), 0);
}
const cpuMs = Math.round(cpuNow() - cpu0);
const rssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(`${JSON.stringify({ ms: Math.round(ms), cpuMs, rssMiB, ...detail })}\n`);
