import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NODE_PATHS } from '../../../src/model/node-paths.js';
import { configCaused, warningAndUp } from './log-lines.js';
import { NetNs } from './netns.js';
import { exec, stopChild, until } from './proc.js';
import { credentials, liveTempRoot, type Rendered, renderSpec } from './render.js';
import { type SippOptions, type SippResult, type SippRun, startSipp } from './sipp.js';
import { writeSounds } from './sounds.js';
import { FAKETIME_LIB, FS_BIN, FS_CLI, OPENSSL } from './tools.js';

/** The switch's own address (a documentation address, on the namespace's dummy interface). */
export const PBX = '192.0.2.1';
/** Phones (the office whitelist range), carriers (inside the trunks' inbound_from), strangers. */
export const PHONES = ['203.0.113.10', '203.0.113.11', '203.0.113.12', '203.0.113.13', '203.0.113.14'];
export const STRANGER = '198.51.100.50';

export interface LiveOptions {
  /** Spec folder (default: the example spec/). */
  readonly spec?: string;
  readonly secrets?: Readonly<Record<string, string>>;
  /** Start FreeSWITCH's clock at this UTC instant (libfaketime), e.g. "2026-12-02 07:30:00". */
  readonly faketime?: string;
  /** Self-signed certificates in the node's TLS folder: agent.pem/cafile.pem (TLS) and wss.pem. */
  readonly certs?: boolean;
  /** Host name → address in the namespace's /etc/hosts (trunk hosts → sipp carriers). */
  readonly hosts?: Readonly<Record<string, string>>;
  /** More addresses to put on lo (carriers, strangers); phones, PBX and STRANGER are always there. */
  readonly addresses?: readonly string[];
  /** Profiles that must be RUNNING before the switch counts as ready. */
  readonly profiles?: readonly string[];
  /** Node facts written to <root>/etc/pbxc/node.env (default: PBXC_PUBLIC_IPV4=PBX). */
  readonly nodeEnv?: Readonly<Record<string, string>>;
  readonly readyTimeoutMs?: number;
  /**
   * Silent stand-ins for the English sound package the tree's prompts name and the default hold
   * music (a node installs the real packages). Needed for voicemail: mod_voicemail ends the call at
   * the first prompt it cannot open. Default false: no sounds at all, as on a node without them.
   */
  readonly sounds?: boolean;
  /** Runs in the namespace before FreeSWITCH starts (e.g. carriers a registering trunk needs at once). */
  readonly beforeStart?: (live: LiveSwitch) => void | Promise<void>;
  /** Debugging: keep FreeSWITCH's console on stdout (info and up, see stdout()). */
  readonly console?: boolean;
}

const LOG_LINE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ [\d.]+% \[(ERR|CRIT|ALERT)\]/;

/**
 * One FreeSWITCH on a rendered tree, in a private network namespace, with every node folder under a
 * temp root (PBXC_NODE_ROOT). Start with LiveSwitch.start, always stop() in afterAll.
 */
export class LiveSwitch {
  private child?: ChildProcess;
  private helpers: ChildProcess[] = [];
  private nextPort = 6000;
  private stdoutPath: string;
  private constructor(
    readonly root: string,
    readonly rendered: Rendered,
    readonly ns: NetNs,
    readonly esl: { readonly port: number; readonly password: string },
  ) {
    this.stdoutPath = join(root, 'freeswitch.stdout');
  }

  /** The switch's address. */
  readonly pbx = PBX;

  /** Node folder of a NODE_PATHS path inside the test root. */
  nodePath(path: string): string {
    return join(this.root, 'node', path);
  }

  get conf(): string {
    return this.rendered.conf;
  }

  /** FreeSWITCH's -storage, -db, ... folders. */
  fsDir(name: 'log' | 'db' | 'run' | 'temp' | 'storage' | 'recordings' | 'certs' | 'cache'): string {
    return join(this.root, 'fs', name);
  }

  get logFile(): string {
    return this.nodePath(NODE_PATHS.freeswitchLog);
  }

  static async start(options: LiveOptions = {}): Promise<LiveSwitch> {
    const root = liveTempRoot();
    const rendered = await renderSpec(root, options.spec, options.secrets);
    const esl = eslOf(rendered.conf);
    const ns = await NetNs.create({
      pbxAddress: PBX,
      addresses: [...PHONES, STRANGER, ...(options.addresses ?? [])],
      hosts: options.hosts,
    });
    const live = new LiveSwitch(root, rendered, ns, esl);
    try {
      live.prepareNode(options);
      if (options.certs) await live.makeCerts();
      await options.beforeStart?.(live);
      await live.launch(options);
    } catch (e) {
      await live.stop();
      throw e;
    }
    return live;
  }

  private prepareNode(options: LiveOptions): void {
    for (const d of ['log', 'db', 'run', 'temp', 'storage', 'recordings', 'certs', 'cache'] as const)
      mkdirSync(this.fsDir(d), { recursive: true });
    for (const p of [NODE_PATHS.tlsDir, NODE_PATHS.freeswitchRecordings, NODE_PATHS.freeswitchStorage])
      mkdirSync(this.nodePath(p), { recursive: true });
    const env = options.nodeEnv ?? { PBXC_PUBLIC_IPV4: PBX };
    mkdirSync(join(this.nodePath(NODE_PATHS.nodeEnv), '..'), { recursive: true });
    writeFileSync(
      this.nodePath(NODE_PATHS.nodeEnv),
      Object.entries(env)
        .map(([k, v]) => `${k}=${v}\n`)
        .join(''),
    );
  }

  /** A self-signed certificate for the tenants' domains: agent.pem and wss.pem (cert + key), cafile.pem. */
  private async makeCerts(): Promise<void> {
    const dir = this.nodePath(NODE_PATHS.tlsDir);
    const key = join(this.root, 'tls.key');
    const crt = join(this.root, 'tls.crt');
    const r = await exec(OPENSSL, [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=pbx.test',
      '-keyout',
      key,
      '-out',
      crt,
    ]);
    if (r.code !== 0) throw new Error(`openssl failed: ${r.stderr}`);
    const pem = readFileSync(crt, 'utf8') + readFileSync(key, 'utf8');
    writeFileSync(join(dir, 'agent.pem'), pem, { mode: 0o600 });
    writeFileSync(join(dir, 'wss.pem'), pem, { mode: 0o600 });
    writeFileSync(join(dir, 'cafile.pem'), readFileSync(crt, 'utf8'));
  }

  private async launch(options: LiveOptions): Promise<void> {
    const args = ['-nf', ...(options.console ? [] : ['-nc']), '-nonat', '-nonatmap', '-conf', this.conf];
    if (options.sounds) args.push('-sounds', writeSounds(this.conf, join(this.root, 'sounds')));
    for (const d of ['log', 'db', 'run', 'temp', 'storage', 'recordings', 'certs', 'cache'] as const)
      args.push(`-${d}`, this.fsDir(d));
    const env: NodeJS.ProcessEnv = {
      PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
      TZ: 'UTC',
      PBXC_NODE_ROOT: join(this.root, 'node'),
    };
    if (options.faketime) {
      env.LD_PRELOAD = FAKETIME_LIB;
      env.FAKETIME = `@${options.faketime}`;
      env.FAKETIME_DONT_FAKE_MONOTONIC = '1';
      env.FAKETIME_NO_CACHE = '1';
    }
    // With the console on, line-buffer stdout (a pipe is block-buffered) so stdout() is current.
    const [cmd, argv] = options.console
      ? this.ns.wrap('/usr/bin/stdbuf', ['-oL', '-eL', FS_BIN, ...args])
      : this.ns.wrap(FS_BIN, args);
    const out = createWriteStream(this.stdoutPath);
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], env });
    child.stdout?.pipe(out);
    child.stderr?.pipe(out);
    this.child = child;
    // 5-12 s on an idle machine; measured over 45 s when several switches start on the 2 shared
    // cores at once (the whole live suite next to other users' tests). Hooks allow 90-120 s.
    const timeout = options.readyTimeoutMs ?? 80_000;
    await until('FreeSWITCH status UP', timeout, async () => {
      if (child.exitCode !== null)
        throw new Error(`FreeSWITCH exited (${child.exitCode}):\n${this.stdout().slice(-3000)}`);
      const s = await this.fsCli('status', 3_000).catch(() => '');
      return /UP /.test(s) ? true : undefined;
    });
    const profiles = options.profiles ?? ['internal', 'external'];
    await until(`sofia profiles ${profiles.join(', ')} RUNNING`, timeout, async () => {
      const s = await this.fsCli('sofia status', 3_000);
      return profiles.every((p) => new RegExp(`^\\s*${p}\\s+profile\\s.*RUNNING`, 'm').test(s))
        ? true
        : undefined;
    });
  }

  /** The FreeSWITCH process id (the one this harness started and is the only one it ever signals). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** An fs_cli command over the event socket; its output. */
  async fsCli(command: string, timeoutMs = 10_000): Promise<string> {
    const [cmd, argv] = this.ns.wrap(FS_CLI, [
      '-H',
      '127.0.0.1',
      '-P',
      String(this.esl.port),
      '-p',
      this.esl.password,
      '-t',
      String(timeoutMs),
      '-x',
      command,
    ]);
    const r = await exec(cmd, argv, { timeoutMs: timeoutMs + 2_000 });
    if (r.code !== 0) throw new Error(`fs_cli ${command} failed (${r.code}): ${r.stderr}${r.stdout}`);
    return r.stdout;
  }

  /**
   * A SIP-over-TLS registrar at address:port (REGISTER/OPTIONS → 200) with the test certificate
   * (needs certs: true); returns the request lines it saw so far and a stop function.
   */
  async tlsRegistrar(
    address: string,
    port = 5061,
  ): Promise<{ seen: () => string[]; stop: () => Promise<void> }> {
    const script = new URL('./tls-registrar.mjs', import.meta.url).pathname;
    const pem = join(this.nodePath(NODE_PATHS.tlsDir), 'agent.pem');
    const [cmd, args] = this.ns.wrap(process.execPath, [script, address, String(port), pem]);
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    this.helpers.push(child);
    let out = '';
    child.stdout?.on('data', (d) => {
      out += d;
    });
    await until(
      `TLS registrar on ${address}:${port}`,
      5_000,
      async () => (out.includes('ready') ? true : undefined),
      50,
    );
    return {
      seen: () => out.split('\n').filter((l) => l && l !== 'ready'),
      stop: () => stopChild(child, 2_000),
    };
  }

  /** Waits (bounded) until something in the namespace listens on address:port (UDP or TCP). */
  async bound(address: string, port: number, timeoutMs = 10_000): Promise<void> {
    await until(
      `a listener on ${address}:${port}`,
      timeoutMs,
      async () => {
        const out = await this.ns.run('/usr/bin/ss', ['-Hlnut', 'src', `${address}:${port}`]).catch(() => '');
        return out.trim() ? true : undefined;
      },
      50,
    );
  }

  /** A fresh local port for a sipp in this namespace. */
  port(): number {
    this.nextPort += 2;
    return this.nextPort;
  }

  /** Runs a scenario to its end. */
  sipp(scenario: string, options: SippOptions): Promise<SippResult> {
    return this.sippStart(scenario, options).done;
  }

  /** Starts a scenario in the background (a UAS, a carrier); stop() it or await done. */
  sippStart(scenario: string, options: SippOptions): SippRun {
    return startSipp(this.ns, this.root, scenario, {
      ...options,
      port: options.port ?? this.port(),
      defaultTarget: `${PBX}:5060`,
    });
  }

  /** SIP credentials of an extension, as the rendered directory has them. */
  credentials(tenant: string, extension: string) {
    return credentials(this.rendered.spec, tenant, extension);
  }

  /** What FreeSWITCH printed on stdout/stderr (with -nc only start-up failures such as XML errors). */
  stdout(): string {
    return existsSync(this.stdoutPath) ? readFileSync(this.stdoutPath, 'utf8') : '';
  }

  /** The node's log file (warning and up), the one fail2ban reads. */
  log(): string {
    return existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8') : '';
  }

  /** Every [ERR]/[CRIT]/[ALERT] line of the node's log so far (from position `since`, see mark()). */
  errors(since = 0): string[] {
    return this.log()
      .slice(since)
      .split('\n')
      .filter((l) => LOG_LINE.test(l));
  }

  /**
   * Every WARNING/ERR/CRIT/ALERT line of the node's log (from `since`) except the WARNINGs no
   * configuration avoids (harness/log-lines.ts, each with its reason): what the config causes.
   */
  configWarnings(since = 0): string[] {
    return configCaused(warningAndUp(this.log().slice(since)));
  }

  /** Current end of the node's log, for errors(since) / configWarnings(since). */
  mark(): number {
    return this.log().length;
  }

  /** Stops the FreeSWITCH this harness started (only its pid), removes the namespace and the temp root. */
  async stop(options: { keep?: boolean } = {}): Promise<void> {
    if (this.child) await stopChild(this.child, 8_000);
    for (const h of this.helpers) await stopChild(h, 2_000);
    await this.ns.remove();
    if (!options.keep && !process.env.FS_LIVE_KEEP) rmSync(this.root, { recursive: true, force: true });
  }
}

function eslOf(conf: string): { port: number; password: string } {
  const xml = readFileSync(join(conf, 'autoload_configs/event_socket.conf.xml'), 'utf8');
  const get = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(xml)?.[1];
  const port = Number(get('listen-port'));
  const password = get('password');
  if (!port || !password) throw new Error('event_socket.conf.xml has no port/password');
  return { port, password };
}
