import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { type Postgres, startPostgres } from '../../helpers/postgres.js';
import type { NetNs } from '../../live/harness/netns.js';
import { exec, execOk, stopChild, until } from '../../live/harness/proc.js';
import { credentials, liveTempRoot, renderSpec } from '../../live/harness/render.js';
import { type SippOptions, type SippRun, startSipp } from '../../live/harness/sipp.js';
import { FS_BIN, FS_CLI, IP } from '../../live/harness/tools.js';

/**
 * Two real FreeSWITCH nodes of one lease group on the rendered tree, each in its own network
 * namespace with its own `pbxc ha` lease loop, one real PostgreSQL 15 (Unix socket, reachable from
 * every namespace: it is a file), and a third namespace (the "LAN": phones, checker) joined to both
 * by a bridge. The service address 192.0.2.1 is moved by the nodes themselves with `ip addr` (the
 * lease loop's namespace path). Every 200 ms the checker sends SIP OPTIONS to the service address
 * from the LAN and records the answer, and samples each node: does it hold the address AND have a
 * SIP socket on it (serving)?
 */
export const SERVICE = '192.0.2.1';
const LAN_IP = '10.99.0.1';
const NODE_IPS = ['10.99.0.11', '10.99.0.12'];
export const PHONE = '203.0.113.10';
export const PHONE_2 = '203.0.113.11';

export interface Sample {
  readonly t: number;
  /** The service address answered OPTIONS within 150 ms. */
  readonly answered: boolean;
  /** Nodes that hold the service address and run a SIP socket on it. */
  readonly serving: string[];
  /**
   * Nodes that hold the service address AND whose own FreeSWITCH answered SIP OPTIONS sent to it
   * from inside the node within the last second (what a phone routed to that node would get;
   * a kernel-fenced or frozen node does not answer). "Never two answering" is checked on this.
   */
  readonly answering?: string[];
}

export interface TwoNodes {
  readonly nodes: string[];
  readonly db: Postgres;
  readonly root: string;
  samples: Sample[];
  /** The node holding the lease (by the database). */
  holder(): Promise<string | null>;
  /** A pool on the group's database (ended by stop()). */
  pool(): pg.Pool;
  killNode(node: string): void;
  /** SIGSTOP/SIGCONT the whole node: its FreeSWITCH and its pbxc ha. */
  freezeNode(node: string, sig: 'STOP' | 'CONT'): void;
  stopNetwork(node: string): Promise<void>;
  /** Brings the node's link back (and its default route, which link down removed). */
  startNetwork(node: string): Promise<void>;
  signalFreeswitch(node: string, sig: NodeJS.Signals): void;
  signalLoop(node: string, sig: NodeJS.Signals): void;
  fsCli(node: string, cmd: string): Promise<string>;
  /** Registers an extension from the LAN through the service address (real credentials). */
  register(
    tenant: string,
    extension: string,
    from?: string,
    contactPort?: number,
  ): Promise<{ statuses: readonly number[]; domain: string; from: string; password: string }>;
  /** Runs a sipp scenario in the LAN namespace against the service address. */
  lanSipp(scenario: string, options: SippOptions & { port: number }): SippRun;
  /** Runs a command in the LAN namespace (phones' side: nft counters, ip). */
  lanExec(cmd: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  log(node: string): string;
  stop(): Promise<void>;
}

/** The database's TCP front in the LAN namespace (dbOverTcp). */
const DB_TCP_PORT = 5432;

export async function startTwoNodes(
  options: {
    pgPort?: number;
    /**
     * The nodes reach PostgreSQL over TCP through their own link (a TCP front on the LAN address,
     * test/ha/live/db-proxy.mjs), not the Unix socket: cutting a node's link cuts it from the
     * database too (the network-cut scenario).
     */
    dbOverTcp?: boolean;
  } = {},
): Promise<TwoNodes> {
  const root = liveTempRoot();
  const id = randomBytes(3).toString('hex');
  const lan = `ha-lan-${id}`;
  const ns = [`ha-n1-${id}`, `ha-n2-${id}`];
  const names = ['pbx-1', 'pbx-2'];
  const children: ChildProcess[] = [];
  const fs: ChildProcess[] = [];
  const loops: ChildProcess[] = [];
  const db = startPostgres({ port: options.pgPort ?? 5436 });
  const inNs = (n: string, cmd: string, args: string[]) => execOk(IP, ['netns', 'exec', n, cmd, ...args]);
  let stopped = false;
  let pool: pg.Pool | undefined;
  const samples: Sample[] = [];
  const rendered = await renderSpec(root);
  const esl = eslOf(rendered.conf);
  try {
    await execOk(IP, ['netns', 'add', lan]);
    await inNs(lan, IP, ['link', 'set', 'lo', 'up']);
    await inNs(lan, IP, ['link', 'add', 'br0', 'type', 'bridge']);
    await inNs(lan, IP, ['addr', 'add', `${LAN_IP}/24`, 'dev', 'br0']);
    await inNs(lan, IP, ['link', 'set', 'br0', 'up']);
    await inNs(lan, IP, ['route', 'add', `${SERVICE}/32`, 'dev', 'br0', 'src', LAN_IP]);
    // A phone of the office range (the example's whitelist) lives on the LAN too.
    for (const p of [PHONE, PHONE_2]) await inNs(lan, IP, ['addr', 'add', `${p}/32`, 'dev', 'br0']);
    // No gratuitous ARP sender on this machine (arping is not installed): the LAN re-resolves a
    // stale neighbour within ~1 s instead of the default ~30 s (a real LAN: GARP, EC2: the API).
    for (const [k, v] of [
      ['base_reachable_time_ms', '500'],
      ['delay_first_probe_time', '0'],
      ['ucast_solicit', '1'],
      ['retrans_time_ms', '200'],
    ])
      await inNs(lan, '/usr/sbin/sysctl', ['-qw', `net.ipv4.neigh.br0.${k}=${v}`]);
    if (options.dbOverTcp) {
      const proxy = spawn(
        IP,
        [
          'netns',
          'exec',
          lan,
          process.execPath,
          new URL('./db-proxy.mjs', import.meta.url).pathname,
          LAN_IP,
          String(DB_TCP_PORT),
          join(db.socketDir, `.s.PGSQL.${db.port}`),
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      children.push(proxy);
      await new Promise<void>((resolve, reject) => {
        proxy.stdout?.once('data', () => resolve());
        proxy.once('exit', (code) => reject(new Error(`db-proxy exited ${code}`)));
      });
    }
    for (const [i, n] of ns.entries()) {
      await execOk(IP, ['netns', 'add', n]);
      await inNs(n, IP, ['link', 'set', 'lo', 'up']);
      await execOk(IP, [
        'link',
        'add',
        `v${i}${id}`,
        'netns',
        lan,
        'type',
        'veth',
        'peer',
        'name',
        'eth0',
        'netns',
        n,
      ]);
      await inNs(lan, IP, ['link', 'set', `v${i}${id}`, 'master', 'br0']);
      await inNs(lan, IP, ['link', 'set', `v${i}${id}`, 'up']);
      await inNs(n, IP, ['addr', 'add', `${NODE_IPS[i]}/24`, 'dev', 'eth0']);
      await inNs(n, IP, ['link', 'set', 'eth0', 'up']);
      await inNs(n, IP, ['route', 'add', 'default', 'via', LAN_IP]);
      // FreeSWITCH binds the service address at its start even on the standby (which then stops its
      // profiles when pbxc ha starts fenced): allowed by non-local bind, as on a floating-IP host.
      await inNs(n, '/usr/sbin/sysctl', ['-qw', 'net.ipv4.ip_nonlocal_bind=1']);
      const nodeRoot = join(root, names[i]!, 'node');
      mkdirSync(join(nodeRoot, 'etc/pbxc'), { recursive: true });
      for (const d of ['var/lib/freeswitch/recordings', 'var/lib/freeswitch/storage', 'etc/freeswitch/tls'])
        mkdirSync(join(nodeRoot, d), { recursive: true });
      writeFileSync(
        join(nodeRoot, 'etc/pbxc/node.env'),
        [
          'PBXC_PLATFORM=voice-example',
          'PBXC_ENVIRONMENT=production',
          `PBXC_NODE=${names[i]}`,
          'PBXC_HA=active-standby',
          `PBXC_HA_NODES=pbx-1=${NODE_IPS[0]},pbx-2=${NODE_IPS[1]}`,
          // Not used by the namespace path (PBXC_HA_SERVICE_IP) but read by haConfig.
          'PBXC_SERVICE_ALLOCATION_ID=eipalloc-0123456789abcdef0',
          'PBXC_AWS_REGION=eu-central-1',
          'PBXC_HA_SIP_PORT=5060',
          `PBXC_PUBLIC_IPV4=${SERVICE}`,
          `PBXC_SIP_BIND_IPV4=${SERVICE}`,
          `PBXC_HA_SERVICE_IP=${SERVICE}`,
          'PBXC_HA_SERVICE_DEV=eth0',
          `PBXC_DB_HOST=${options.dbOverTcp ? LAN_IP : db.socketDir}`,
          `PBXC_DB_PORT=${options.dbOverTcp ? DB_TCP_PORT : db.port}`,
          `PBXC_DB_NAME=${db.database}`,
          `PBXC_DB_USER=${db.user}`,
          'PBXC_DB_SSLMODE=disable',
          '',
        ].join('\n'),
      );
      const fsRoot = join(root, names[i]!, 'fs');
      const args = ['-nf', '-nc', '-nonat', '-nonatmap', '-conf', rendered.conf];
      for (const d of ['log', 'db', 'run', 'temp', 'storage', 'recordings', 'certs', 'cache']) {
        mkdirSync(join(fsRoot, d), { recursive: true });
        args.push(`-${d}`, join(fsRoot, d));
      }
      const out = createWriteStream(join(root, `${names[i]}.fs.out`));
      const child = spawn(IP, ['netns', 'exec', n, FS_BIN, ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', TZ: 'UTC', PBXC_NODE_ROOT: nodeRoot },
      });
      child.stdout?.pipe(out);
      child.stderr?.pipe(out);
      fs.push(child);
      children.push(child);
    }
    const cli = (i: number, cmd: string) => cliOf(ns[i]!, esl, cmd);
    for (const i of [0, 1])
      await until(`FreeSWITCH ${names[i]} UP`, 120_000, async () =>
        (await cli(i, 'status').catch(() => '')).includes('UP ') ? true : undefined,
      );
    const main = new URL('./lease-node-main.ts', import.meta.url).pathname;
    for (const [i, n] of ns.entries()) {
      const nodeRoot = join(root, names[i]!, 'node');
      const out = createWriteStream(join(root, `${names[i]}.ha.log`));
      const child = spawn(
        IP,
        [
          'netns',
          'exec',
          n,
          process.execPath,
          '--import',
          'tsx',
          main,
          join(nodeRoot, 'etc/pbxc/node.env'),
          rendered.conf,
          join(root, `${names[i]}.lease.json`),
        ],
        { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PBXC_NODE_ROOT: nodeRoot } },
      );
      child.stdout?.pipe(out);
      child.stderr?.pipe(out);
      loops.push(child);
      children.push(child);
      // pbx-1 first, so it is the boot holder.
      if (i === 0)
        await until('pbx-1 holds the lease', 60_000, async () =>
          (await holderOf(db)) === 'pbx-1' ? true : undefined,
        );
    }
  } catch (e) {
    for (const c of children) await stopChild(c, 3000);
    await cleanup();
    throw e;
  }

  // The checker: OPTIONS from the LAN every 200 ms (a small UDP client in the LAN namespace).
  const checker = spawn(
    IP,
    [
      'netns',
      'exec',
      lan,
      process.execPath,
      new URL('./options-checker.mjs', import.meta.url).pathname,
      SERVICE,
      LAN_IP,
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  children.push(checker);
  let buf = '';
  const answers = new Map<number, boolean>();
  checker.stdout?.on('data', (d) => {
    buf += d;
    const lines = buf.split('\n');
    buf = lines.pop()!;
    for (const l of lines) {
      const [t, a] = l.split(' ');
      answers.set(Number(t), a === '1');
    }
  });
  // In each node namespace a checker of its own: with the address local, its OPTIONS reach the
  // node's own FreeSWITCH (a frozen one does not answer).
  const localAnswers = ns.map(() => new Map<number, boolean>());
  for (const [i, n] of ns.entries()) {
    const c = spawn(
      IP,
      [
        'netns',
        'exec',
        n,
        process.execPath,
        new URL('./options-checker.mjs', import.meta.url).pathname,
        SERVICE,
        NODE_IPS[i]!,
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    children.push(c);
    let b = '';
    c.stdout?.on('data', (d) => {
      b += d;
      const lines = b.split('\n');
      b = lines.pop()!;
      for (const l of lines) {
        const [t, a] = l.split(' ');
        localAnswers[i]!.set(Number(t), a === '1');
      }
    });
  }
  // Answered: some probe sent within the last second got its answer (probes time out after 500 ms).
  const recent = (m: Map<number, boolean>) =>
    [...m.entries()].filter(([at]) => at >= Date.now() - 1000).some(([, a]) => a);
  const t0 = Date.now();
  // Serving sampler: in each node namespace, does it hold the address AND answer SIP on it?
  const sampler = (async () => {
    while (!stopped) {
      const serving: string[] = [];
      for (const [i, n] of ns.entries()) {
        const r = await exec(
          IP,
          [
            'netns',
            'exec',
            n,
            '/usr/bin/sh',
            '-c',
            `ip -4 -o addr show dev eth0 | grep -q ' ${SERVICE}/' && ss -Hlun src ${SERVICE}:5060 | grep -q .`,
          ],
          {
            timeoutMs: 2000,
          },
        ).catch(() => ({ code: 1 }));
        if (r.code === 0) serving.push(names[i]!);
      }
      const t = Date.now() - t0;
      const last = recent(answers);
      const answering = serving.filter((name) => recent(localAnswers[names.indexOf(name)]!));
      samples.push({ t, answered: last, serving, answering });
      await new Promise((r) => setTimeout(r, 200));
    }
  })();

  async function cleanup() {
    for (const n of [...ns, lan]) await exec(IP, ['netns', 'del', n]).catch(() => undefined);
    db.stop();
    if (!process.env.FS_LIVE_KEEP) rmSync(root, { recursive: true, force: true });
  }

  const lanNs = {
    wrap: (cmd: string, args: readonly string[]) => [IP, ['netns', 'exec', lan, cmd, ...args]],
  } as unknown as NetNs;
  return {
    nodes: names,
    db,
    root,
    samples,
    holder: () => holderOf(db),
    pool: () => {
      pool ??= new pg.Pool({
        host: db.socketDir,
        port: db.port,
        user: db.user,
        database: db.database,
        max: 2,
      });
      return pool;
    },
    killNode(node) {
      const i = names.indexOf(node);
      // `ip netns exec` execs its command: these pids are FreeSWITCH's and the loop's own.
      fs[i]!.kill('SIGKILL');
      loops[i]!.kill('SIGKILL');
    },
    freezeNode(node, sig) {
      const i = names.indexOf(node);
      // `ip netns exec` execs its command: the child's pid is FreeSWITCH's (and the loop's) own.
      for (const c of [fs[i]!, loops[i]!]) c.kill(`SIG${sig}`);
    },
    async stopNetwork(node) {
      await inNs(ns[names.indexOf(node)]!, IP, ['link', 'set', 'eth0', 'down']);
    },
    async startNetwork(node) {
      const n = ns[names.indexOf(node)]!;
      await inNs(n, IP, ['link', 'set', 'eth0', 'up']);
      await inNs(n, IP, ['route', 'replace', 'default', 'via', LAN_IP]);
    },
    signalFreeswitch(node, sig) {
      fs[names.indexOf(node)]!.kill(sig);
    },
    signalLoop(node, sig) {
      loops[names.indexOf(node)]!.kill(sig);
    },
    fsCli: (node, cmd) => cliOf(ns[names.indexOf(node)]!, esl, cmd),
    async register(tenant, extension, from = PHONE, contactPort = 7070) {
      const c = await credentials(rendered.spec, tenant, extension);
      const r = await startSipp(lanNs, root, 'register', {
        from,
        keys: { user: c.username, domain: c.domain, contact_port: contactPort, expires: 300 },
        auth: { username: c.username, password: c.password },
        port: 7070 + Math.floor(Math.random() * 100) * 2,
        defaultTarget: `${SERVICE}:5060`,
      }).done;
      return { statuses: r.statuses, domain: c.domain, from, password: c.password };
    },
    lanExec: (cmd, args) => exec(IP, ['netns', 'exec', lan, cmd, ...args], { timeoutMs: 10_000 }),
    lanSipp: (scenario, o) => startSipp(lanNs, root, scenario, { ...o, defaultTarget: `${SERVICE}:5060` }),
    log: (node) => {
      try {
        return readFileSync(join(root, `${node}.ha.log`), 'utf8');
      } catch {
        return '';
      }
    },
    async stop() {
      stopped = true;
      await pool?.end().catch(() => undefined);
      await sampler;
      for (const c of children.reverse()) await stopChild(c, 5000);
      await cleanup();
    },
  };
}

function cliOf(n: string, esl: { port: number; password: string }, cmd: string): Promise<string> {
  return exec(
    IP,
    [
      'netns',
      'exec',
      n,
      FS_CLI,
      '-H',
      '127.0.0.1',
      '-P',
      String(esl.port),
      '-p',
      esl.password,
      '-t',
      '3000',
      '-x',
      cmd,
    ],
    {
      timeoutMs: 5000,
    },
  ).then((r) => r.stdout);
}

async function holderOf(db: Postgres): Promise<string | null> {
  const rows = await db
    .query<{ holder: string | null }>('SELECT holder FROM pbxc_ha_lease WHERE expires_at > now()')
    .catch(() => []);
  return rows[0]?.holder ?? null;
}

function eslOf(conf: string): { port: number; password: string } {
  const xml = readFileSync(join(conf, 'autoload_configs/event_socket.conf.xml'), 'utf8');
  const get = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(xml)?.[1];
  return { port: Number(get('listen-port')), password: get('password')! };
}

/** Figures of a run from the samples after `fromMs` (ms since start). */
export function figures(samples: readonly Sample[], fromMs: number) {
  const after = samples.filter((s) => s.t >= fromMs);
  const firstDown = after.find((s) => !s.answered);
  const backAt = firstDown ? after.find((s) => s.t > firstDown.t && s.answered) : undefined;
  const maxServing = Math.max(0, ...after.map((s) => s.serving.length));
  const maxAnswering = Math.max(0, ...after.map((s) => s.answering?.length ?? 0));
  const twoAnswering = after.filter((s) => (s.answering?.length ?? 0) > 1).map((s) => s.t);
  let changes = 0;
  let prev: string | undefined;
  for (const s of after) {
    const who = s.serving.length === 1 ? s.serving[0] : undefined;
    if (who && prev && who !== prev) changes++;
    if (who) prev = who;
  }
  return {
    unansweredSeconds: firstDown ? ((backAt?.t ?? after.at(-1)!.t) - fromMs) / 1000 : 0,
    answersAgain: firstDown ? backAt !== undefined : true,
    maxServing,
    roleChanges: changes,
    maxAnswering,
    /** Sample times (ms) with two nodes answering SIP on the service address. */
    twoAnswering,
  };
}

/**
 * Waits (up to tries × 200 ms) until the last three samples show the service answered and only
 * `who` serving; returns the last sample (the caller asserts on it).
 */
export async function steadySample(two: TwoNodes, who: string, tries = 300): Promise<Sample | undefined> {
  const steady = () =>
    two.samples.length >= 3 && two.samples.slice(-3).every((s) => s.answered && s.serving.join() === who);
  for (let i = 0; i < tries && !steady(); i++) await new Promise((r) => setTimeout(r, 200));
  return two.samples.at(-1);
}
