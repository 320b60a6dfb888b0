import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { NODE_PATHS } from '../../src/model/node-paths.js';

/**
 * One real FreeSWITCH on a rendered tree, in a private network namespace (`fs-lean-…`) with every
 * folder of its own: its ports never meet another helper's, and it is stopped by its own pid only.
 * Used by `npm run bench` (footprint) and the lean live tests.
 */
export const FS_BIN = '/opt/freeswitch/bin/freeswitch';
export const FS_CLI = '/opt/freeswitch/bin/fs_cli';

/** Why a real switch cannot run here, or undefined when it can. */
export function switchUnavailable(): string | undefined {
  if (!existsSync(FS_BIN) || !existsSync(FS_CLI)) return `FreeSWITCH is not installed at ${FS_BIN}`;
  if (process.getuid?.() !== 0) return 'network namespaces need root';
  return undefined;
}

export interface RunningSwitch {
  readonly ns: string;
  readonly pid: number;
  readonly base: string;
  readonly logFile: string;
  /** Milliseconds from spawn until the core is UP and the internal profile RUNNING. */
  readonly readyMs: number;
  cli(command: string, timeoutMs?: number): Promise<string>;
  /** Runs a program inside the switch's namespace (sipp, …). */
  exec(file: string, args: readonly string[], timeoutMs?: number): Promise<ExecResult>;
  /** VmRSS / VmHWM in KiB from /proc/<pid>/status. */
  memory(): { rssKiB: number; hwmKiB: number };
  /** CPU time (user + system, all threads) the process has used, in ms (/proc/<pid>/stat). */
  cpuMs(): number;
  stop(): Promise<void>;
}

export interface ExecResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(file: string, args: readonly string[], timeoutMs = 30_000): Promise<ExecResult> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes a rendered freeswitch/ tree (paths relative to freeswitch/) under base/conf. */
export function writeConf(base: string, files: ReadonlyMap<string, string>): string {
  const conf = join(base, 'conf');
  for (const [path, content] of files) {
    const target = join(conf, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  return conf;
}

function eventSocket(conf: string): { port: string; password: string } {
  const text = readFileSync(join(conf, 'autoload_configs', 'event_socket.conf.xml'), 'utf8');
  const get = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(text)?.[1] ?? '';
  return { port: get('listen-port'), password: get('password') };
}

let serial = 0;

export interface StartOptions {
  /** Short tag for the namespace and temp folder names. */
  readonly tag: string;
  /** The rendered freeswitch/ tree, keyed by path relative to freeswitch/. */
  readonly files: ReadonlyMap<string, string>;
  /** Documentation addresses to add to lo inside the namespace (e.g. 192.0.2.10). */
  readonly addresses?: readonly string[];
  readonly readyTimeoutMs?: number;
  /** Extra environment (e.g. faketime). */
  readonly env?: NodeJS.ProcessEnv;
  /** The node's env file (PBXC_SIP_BIND_IPV4, PBXC_PUBLIC_IPV4 …), written under the run's node root. */
  readonly nodeEnv?: Readonly<Record<string, string>>;
}

export async function startSwitch(options: StartOptions): Promise<RunningSwitch> {
  const id = `${options.tag}-${process.pid}-${serial++}`;
  const ns = `fs-lean-${id}`.slice(0, 60);
  const base = mkdtempSync(join(tmpdir(), `fs-lean-${id}-`));
  const conf = writeConf(base, options.files);
  // The tree names the node's paths as $${pbxc_node_root}<path>: PBXC_NODE_ROOT puts them in this run's folder.
  const nodeRoot = join(base, 'node');
  for (const p of [NODE_PATHS.freeswitchLogDir, NODE_PATHS.freeswitchRecordings])
    mkdirSync(join(nodeRoot, p), { recursive: true });
  if (options.nodeEnv) {
    const envFile = join(nodeRoot, NODE_PATHS.nodeEnv);
    mkdirSync(dirname(envFile), { recursive: true });
    writeFileSync(
      envFile,
      Object.entries(options.nodeEnv)
        .map(([k, v]) => `${k}=${v}\n`)
        .join(''),
    );
  }
  const dirs = ['log', 'db', 'run', 'temp', 'storage', 'recordings', 'certs', 'cache'];
  for (const d of dirs) mkdirSync(join(base, d), { recursive: true });
  const added = await run('ip', ['netns', 'add', ns]);
  if (added.code !== 0) throw new Error(`ip netns add ${ns}: ${added.stderr}`);
  let child: ChildProcess | undefined;
  const cleanup = async () => {
    if (child?.pid && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      const done = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
      if (!done) {
        child.kill('SIGKILL');
        await Promise.race([exited, sleep(5_000)]);
      }
    }
    await run('ip', ['netns', 'del', ns]);
    rmSync(base, { recursive: true, force: true });
  };
  try {
    await run('ip', ['netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up']);
    for (const a of options.addresses ?? []) {
      await run('ip', ['netns', 'exec', ns, 'ip', 'addr', 'add', `${a}/32`, 'dev', 'lo']);
    }
    const folder = (d: string) => join(base, d);
    const args = ['-nf', '-nc', '-nonat', '-nonatmap', '-conf', conf];
    for (const d of dirs) args.push(`-${d}`, folder(d));
    const out = openSync(join(base, 'stdout.txt'), 'w');
    const started = performance.now();
    // ip netns exec execs the program, so the child's pid is FreeSWITCH's own.
    child = spawn('ip', ['netns', 'exec', ns, FS_BIN, ...args], {
      stdio: ['ignore', out, out],
      env: { ...process.env, PBXC_NODE_ROOT: nodeRoot, ...options.env },
    });
    const pid = child.pid!;
    const es = eventSocket(conf);
    const cli = async (command: string, timeoutMs = 30_000) => {
      const r = await run(
        'ip',
        ['netns', 'exec', ns, FS_CLI, '-H', '127.0.0.1', '-P', es.port, '-p', es.password, '-x', command],
        timeoutMs,
      );
      return r.stdout;
    };
    const deadline = started + (options.readyTimeoutMs ?? 120_000);
    let ready = false;
    while (performance.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) break;
      if (
        (await cli('status', 5_000)).includes('UP') &&
        /internal\s.*RUNNING/.test(await cli('sofia status'))
      ) {
        ready = true;
        break;
      }
      await sleep(100);
    }
    const readyMs = Math.round(performance.now() - started);
    if (!ready) {
      const stdout = readFileSync(join(base, 'stdout.txt'), 'utf8').slice(-2000);
      throw new Error(`FreeSWITCH did not become ready in ${readyMs} ms:\n${stdout}`);
    }
    return {
      ns,
      pid,
      base,
      logFile: join(nodeRoot, NODE_PATHS.freeswitchLog),
      readyMs,
      cli,
      exec: (file, argv, timeoutMs) => run('ip', ['netns', 'exec', ns, file, ...argv], timeoutMs),
      memory() {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
        return { rssKiB: kib('VmRSS'), hwmKiB: kib('VmHWM') };
      },
      cpuMs() {
        // Fields after the command name: state is field 3, utime 14, stime 15 (clock ticks, 100 Hz).
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return (Number(fields[11]) + Number(fields[12])) * 10;
      },
      stop: cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
