// FreeSWITCH footprint for `npm run bench`: renders a large spec, starts the real switch on it in a
// private network namespace, and measures tree size, start time, memory and reloadxml.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { freeswitchTarget } from '../src/emit/freeswitch/index.ts';
import { loadModel } from '../src/load-model.ts';
import type { SecretRef } from '../src/model/types.ts';
import { derive } from '../src/secrets/derive.ts';
import { secretName } from '../src/secrets/placeholder.ts';
import { startSwitch, switchUnavailable } from '../test/live/lean-switch.ts';
import { benchPlatform } from './bench-spec.mjs';

export const FS_TARGETS = {
  /** ≤ 10 % of the 66 MB measured before the generic extension block (issue 8). */
  dialplanMb: 6.6,
  rssMiB: 150,
  reloadxmlMs: 500,
};

/**
 * A spec of `tenants` × `extensions` with the features that make per-extension dialplan: voicemail
 * with mail for everyone, forwards, recording, DND, lines on DIDs. Each tenant has `dids` DIDs (10 to
 * 100): the main number, nine lines, and DIDs 10… straight to extension 1009 (the same route as line 9:
 * unregistered → voicemail), so a 200 × 100-DID spec isolates the DID count from the tenant count.
 */
export function writeFootprintSpec(
  root: string,
  platform: string,
  tenants: number,
  extensions: number,
  dids = 10,
): void {
  if (dids < 10 || dids > 100) throw new Error('10 to 100 DIDs per tenant');
  mkdirSync(join(root, 'tenants'), { recursive: true });
  writeFileSync(join(root, 'platform.yaml'), benchPlatform(platform));
  for (let t = 0; t < tenants; t++) {
    const id = `tenant-${String(t).padStart(4, '0')}`;
    const did = (i: number) => `+1${String(2000000000 + t * 100 + i)}`;
    const ext: string[] = [];
    for (let e = 0; e < extensions; e++) {
      const n = 1000 + e;
      const extra: string[] = [];
      if (e % 10 === 1)
        extra.push(
          'forward: { on_busy: { to: { voicemail: "1000" } }, on_no_answer: { after: 20, to: { extension: "1000" } } }',
        );
      if (e % 10 === 2) extra.push('forward: { always: { to: { external: "+12025550100" } } }');
      if (e % 10 === 3) extra.push('record: true');
      if (e % 10 === 4) extra.push('dnd: true');
      if (e % 10 === 5) extra.push('forward: { on_unregistered: { to: { extension: "1001" } } }');
      ext.push(
        `  - { number: "${n}", name: User ${n}, email: u${n}@${id}.example.net, voicemail: ${e % 10 !== 6}${extra.map((x) => `, ${x}`).join('')} }`,
      );
    }
    const members = Array.from({ length: Math.min(10, extensions) }, (_, i) => `"${1000 + i}"`).join(', ');
    const didLines = Array.from({ length: dids }, (_, i) =>
      i === 0
        ? `  - { number: "${did(0)}", name: Main, trunk: carrier, to: { ring_group: "600" } }`
        : i < 10
          ? `  - { number: "${did(i)}", name: Line ${i}, trunk: carrier }`
          : `  - { number: "${did(i)}", name: Direct ${i}, trunk: carrier, to: { extension: "1009" } }`,
    );
    const lines = Array.from(
      { length: Math.min(9, extensions - 1) },
      (_, i) => `  - { extension: "${1001 + i}", did: "${did(i + 1)}", trunk: carrier, priority: 1 }`,
    );
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
${didLines.join('\n')}
lines:
${lines.join('\n')}
outbound_routes:
  - { name: emergency, match: emergency, trunk: carrier }
  - { name: nanp, prefixes: ["+1"], trunk: carrier }
  - { name: international, prefixes: ["+"], trunk: carrier, allow: ["1000", "1001"] }
`,
    );
  }
}

/** What render gives: derived secrets from a fixed bench master key (real lengths), named ones a word. */
const benchSecret = (ref: SecretRef) =>
  ref.kind === 'derived'
    ? derive('pbxc-bench-master-key', ref.id, ref.rev, ref.format)
    : `bench${secretName(ref).replace(/[^A-Za-z0-9]/g, '')}`;

export interface FootprintRow {
  readonly name: string;
  readonly value: string;
  readonly target?: string;
  readonly ok?: boolean;
  /**
   * This bench at 200 × 100 before the generic extension block (commit 5571f64, per-extension
   * dialplan; 2026-12-01, same machine), for comparison.
   */
  readonly before?: string;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

/** The spec's model and its rendered freeswitch/ tree (paths relative to freeswitch/). */
export async function renderedTree(specRoot: string) {
  const loaded = await loadModel(specRoot);
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || !loaded.model)
    throw new Error(`footprint spec invalid: ${JSON.stringify(errors.slice(0, 3))}`);
  const model = loaded.model;
  const emitted = freeswitchTarget.emit({ model, mode: 'render', secret: benchSecret });
  return {
    model,
    files: new Map(emitted.files.map((f) => [f.path.replace(/^freeswitch\//, ''), f.content])),
  };
}

export async function freeswitchFootprint(specRoot: string): Promise<FootprintRow[]> {
  const { model, files } = await renderedTree(specRoot);
  const size = (prefix: string) =>
    [...files].filter(([p]) => p.startsWith(prefix)).reduce((n, [, c]) => n + Buffer.byteLength(c), 0);
  const total = size('');
  const dialplan = size('dialplan/');
  const directory = size('directory/');
  // The static tree's part of the directory (one domain per tenant, parsed by reloadxml) and the
  // users, one file each, read only when FreeSWITCH looks a user up (directory-lookup.ts).
  const isUser = (p: string) => /^directory\/[^/]+\//.test(p);
  const userFiles = [...files.keys()].filter(isUser);
  const users = userFiles.reduce((n, p) => n + Buffer.byteLength(files.get(p)!), 0);
  const extensions = model.tenants.reduce((n, t) => n + t.extensions.length, 0);
  const rows: FootprintRow[] = [
    { name: 'tree (freeswitch/)', value: mb(total), before: '87.81 MB' },
    {
      name: 'dialplan',
      before: '62.28 MB (3114 B/ext)',
      value: `${mb(dialplan)} (${Math.round(dialplan / extensions)} B/ext)`,
      target: `≤ ${FS_TARGETS.dialplanMb} MB per 20,000 ext`,
      ok: dialplan / extensions <= (FS_TARGETS.dialplanMb * 1e6) / 20_000,
    },
    {
      name: 'directory',
      value: `${mb(directory)} (${Math.round(directory / extensions)} B/ext)`,
      before: '25.36 MB (1268 B/ext)',
    },
    {
      name: 'directory in the static tree',
      value: `${mb(directory - users)} (${[...files.keys()].filter((p) => /^directory\/[^/]+\.xml$/.test(p)).length} domain files)`,
      before: '8.24 MB, all 20,000 users',
    },
    {
      name: 'directory users, on demand',
      value: `${mb(users)} (${userFiles.length} bucket files; tree ${files.size} files)`,
    },
  ];
  const absent = switchUnavailable();
  if (absent) {
    console.warn(`SKIPPED: FreeSWITCH start, memory and reloadxml because ${absent}`);
    return [...rows, { name: 'FreeSWITCH', value: `absent (${absent})` }];
  }
  const probe = lookupProbe(model);
  const plain = await measure(files, {}, probe);
  // glibc gives each thread (every fs_cli connection is one) its own malloc arena, and memory freed
  // by a reload stays in that arena: with MALLOC_ARENA_MAX the node's RSS stays flat across reloads.
  const capped = await measure(files, { MALLOC_ARENA_MAX: String(ARENAS) }, probe);
  const reloadMs = median([...plain.times, ...capped.times]);
  const reloadCpuMs = median([...plain.cpu, ...capped.cpu]);
  const mib = (kib: number) => Math.round(kib / 1024);
  return [
    ...rows,
    {
      name: 'FreeSWITCH ready (UP + internal)',
      value: `${(plain.readyMs / 1000).toFixed(1)} s`,
      before: '6.9 s',
    },
    {
      name: 'FreeSWITCH RSS when ready',
      before: '395 MiB',
      value: `${mib(plain.ready.rssKiB)} MiB`,
      target: `≤ ${FS_TARGETS.rssMiB} MiB`,
      ok: mib(plain.ready.rssKiB) <= FS_TARGETS.rssMiB,
    },
    {
      name: `RSS after ${RELOADS} reloadxml`,
      before: '1213 MiB',
      value: `${mib(plain.after.rssKiB)} MiB (glibc default arenas)`,
    },
    {
      name: `RSS after ${RELOADS} reloadxml, arenas ${ARENAS}`,
      before: '671 MiB',
      value: `${mib(capped.after.rssKiB)} MiB (MALLOC_ARENA_MAX=${ARENAS})`,
      target: `≤ ${FS_TARGETS.rssMiB} MiB`,
      ok: mib(capped.after.rssKiB) <= FS_TARGETS.rssMiB,
    },
    {
      name: `reloadxml (median of ${RELOADS * 2})`,
      before: '3037 ms (CPU 3060 ms)',
      value: `${reloadMs} ms (CPU ${reloadCpuMs} ms)`,
      target: `≤ ${FS_TARGETS.reloadxmlMs} ms`,
      ok: reloadMs <= FS_TARGETS.reloadxmlMs,
    },
    {
      name: `directory lookup (${probe.count} user_data)`,
      value: `${(plain.lookupCpuMs / probe.count).toFixed(2)} ms CPU each, ${plain.lookupMs} ms wall in all`,
      target: 'every answer right',
      ok: plain.lookupOk && capped.lookupOk,
    },
  ];
}

interface Probe {
  /** Batches of 10: fs_cli cuts a command line at about 1 KB. */
  readonly commands: readonly string[];
  readonly expected: readonly string[];
  readonly count: number;
}

/** One `eval` of many ${user_data()} of users spread over the tenants: each is a directory lookup. */
function lookupProbe(model: {
  tenants: readonly { id: string; domain: string; extensions: readonly { number: string }[] }[];
}): Probe {
  // 200 users spread over every tenant and every extension position.
  const picks = Array.from({ length: 200 }, (_, i) => {
    const t = model.tenants[i % model.tenants.length]!;
    return { number: t.extensions[(i * 7) % t.extensions.length]!.number, domain: t.domain, tenant: t.id };
  });
  return {
    commands: batches(picks).map(
      (b) => `eval ${b.map((p) => `\${user_data(${p.number}@${p.domain} var pbxc_tenant)}`).join(' ')}`,
    ),
    expected: batches(picks).map((b) => b.map((p) => p.tenant).join(' ')),
    count: picks.length,
  };
}

const RELOADS = 5;
/** The malloc arena cap the node's FreeSWITCH should run with (systemd Environment=). */
export const ARENAS = 2;

interface Measured {
  readonly readyMs: number;
  readonly ready: { rssKiB: number; hwmKiB: number };
  readonly after: { rssKiB: number; hwmKiB: number };
  readonly times: number[];
  readonly cpu: number[];
  readonly lookupMs: number;
  readonly lookupCpuMs: number;
  readonly lookupOk: boolean;
}

async function measure(
  files: ReadonlyMap<string, string>,
  env: NodeJS.ProcessEnv,
  probe: Probe,
): Promise<Measured> {
  const fs = await startSwitch({ tag: 'bench', files, readyTimeoutMs: 180_000, env });
  try {
    const ready = fs.memory();
    const times: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < RELOADS; i++) {
      const t0 = performance.now();
      const cpu0 = fs.cpuMs();
      const reply = await fs.cli('reloadxml', 120_000);
      // Wall time of fs_cli (connect included): what a deploy waits for; and FreeSWITCH's own CPU
      // time for it, which does not depend on what else the machine runs.
      times.push(performance.now() - t0);
      cpu.push(fs.cpuMs() - cpu0);
      if (!reply.includes('+OK')) throw new Error(`reloadxml: ${reply}`);
    }
    const after = fs.memory();
    const t0 = performance.now();
    const cpu0 = fs.cpuMs();
    const answers: string[] = [];
    for (const command of probe.commands) answers.push((await fs.cli(command, 120_000)).trim());
    const lookupCpuMs = fs.cpuMs() - cpu0;
    const lookupMs = Math.round(performance.now() - t0);
    return {
      readyMs: fs.readyMs,
      ready,
      after,
      times,
      cpu,
      lookupMs,
      lookupCpuMs,
      lookupOk: answers.every((a, i) => a === probe.expected[i]),
    };
  } finally {
    await fs.stop();
  }
}

function batches<T>(items: readonly T[], size = 10): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]!);
}
