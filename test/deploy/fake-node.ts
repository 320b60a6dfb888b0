import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A fake PBX node on this machine: a private network namespace (only its own loopback) and a private
 * mount namespace where /etc, /srv and /var are copy-on-write overlays of the host's and /run is
 * empty. Inside it the real paths (/etc/freeswitch, /etc/nginx, /etc/fail2ban, /var/log/...) belong
 * to the fake node alone, so the agent runs with its production configuration; the host's files,
 * interfaces and daemons are never touched. A `sleep` holds the namespaces; commands enter them with
 * nsenter; killing the holder (and the processes started inside) removes everything.
 */
export interface FakeNode {
  readonly dir: string;
  exec(
    argv: readonly string[],
    options?: { timeout?: number; env?: Record<string, string>; input?: string },
  ): {
    status: number | null;
    stdout: string;
    stderr: string;
  };
  /** detached: in its own process group (kill(-pid) ends it and everything it started). */
  spawn(
    argv: readonly string[],
    env?: Record<string, string>,
    options?: { detached?: boolean },
  ): ChildProcess;
  dispose(): void;
}

export function fakeNodeUnavailable(): string | undefined {
  for (const tool of ['unshare', 'nsenter']) {
    if (spawnSync(tool, ['--version']).status !== 0) return `${tool} is not installed`;
  }
  if (process.getuid?.() !== 0) return 'mount and network namespaces need root';
  const probe = spawnSync('unshare', ['--mount', '--net', '--propagation', 'private', 'true']);
  if (probe.status !== 0) return `unshare --mount --net is not permitted: ${probe.stderr.toString().trim()}`;
  return undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startFakeNode(
  name: string,
  layers: readonly string[] = ['etc', 'srv', 'var'],
): Promise<FakeNode> {
  const dir = mkdtempSync(join(tmpdir(), `deploy-node-${name}-`));
  for (const l of layers) {
    mkdirSync(join(dir, `${l}-up`));
    mkdirSync(join(dir, `${l}-work`));
  }
  const setup = [
    ...layers.map(
      (l) =>
        `mount -t overlay overlay -o lowerdir=/${l},upperdir=${dir}/${l}-up,workdir=${dir}/${l}-work /${l}`,
    ),
    'mount -t tmpfs tmpfs /run',
    'ip link set lo up',
    `echo ready > ${dir}/ready`,
    'exec sleep 900',
  ].join(' && ');
  // A PID namespace too: killing its first process ends every daemon started inside (FreeSWITCH,
  // nginx, fail2ban), so nothing outlives the test.
  const holder = spawn(
    'unshare',
    ['--fork', '--pid', '--mount-proc', '--mount', '--net', '--propagation', 'private', 'sh', '-c', setup],
    { stdio: 'ignore' },
  );
  const started: ChildProcess[] = [];
  for (let i = 0; i < 50 && !existsSync(join(dir, 'ready')); i++) await sleep(100);
  if (!existsSync(join(dir, 'ready'))) {
    holder.kill('SIGKILL');
    throw new Error('the fake node did not come up');
  }
  const children = readFileSync(`/proc/${holder.pid}/task/${holder.pid}/children`, 'utf8').trim();
  const inner = Number.parseInt(children.split(' ')[0]!, 10);
  if (!Number.isInteger(inner)) {
    holder.kill('SIGKILL');
    throw new Error("cannot find the fake node's first process");
  }
  const pid = String(inner);
  const enter = (argv: readonly string[]) => ['-t', pid, '--mount', '--net', '--pid', '--', ...argv];
  return {
    dir,
    exec(argv, options = {}) {
      const r = spawnSync('nsenter', enter(argv), {
        encoding: 'utf8',
        timeout: options.timeout ?? 60_000,
        env: { ...process.env, ...options.env },
        input: options.input,
      });
      return {
        status: r.status,
        stdout: r.stdout ?? '',
        stderr: `${r.stderr ?? ''}${r.error ? r.error.message : ''}`,
      };
    },
    spawn(argv, env = {}, options = {}) {
      const child = spawn('nsenter', enter(argv), {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, ...env },
        detached: options.detached ?? false,
      });
      started.push(child);
      return child;
    },
    dispose() {
      for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
      try {
        process.kill(inner, 'SIGKILL');
      } catch {
        // already gone
      }
      holder.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
