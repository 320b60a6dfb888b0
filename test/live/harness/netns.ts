import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { exec, execOk, stopChild, until } from './proc.js';
import { IP } from './tools.js';

/**
 * A private network namespace `fs-live-<random>`: lo up with the switch's address, a default route
 * whose source is that address (so FreeSWITCH's $${local_ip_v4} is it), and the documentation
 * addresses of phones, carriers and strangers, all on lo. /etc/netns/<name>/hosts and
 * resolv.conf are bind-mounted over /etc by `ip netns exec`; sofia-sip has a resolver of its own
 * that reads only resolv.conf, so a small DNS server (dns-server.mjs) answers on 127.0.0.1:53: trunk
 * host names resolve to sipp carriers in the namespace and no DNS query leaves it.
 */
export class NetNs {
  private dns?: ChildProcess;
  private constructor(
    readonly name: string,
    readonly pbxAddress: string,
  ) {}

  static async create(options: {
    pbxAddress: string;
    addresses: readonly string[];
    hosts?: Readonly<Record<string, string>>;
  }): Promise<NetNs> {
    const name = `fs-live-${randomBytes(4).toString('hex')}`;
    const etc = `/etc/netns/${name}`;
    mkdirSync(etc, { recursive: true });
    const hosts = Object.entries(options.hosts ?? {}).map(([host, addr]) => `${addr} ${host}\n`);
    writeFileSync(`${etc}/hosts`, `127.0.0.1 localhost\n${hosts.join('')}`);
    writeFileSync(`${etc}/resolv.conf`, 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n');
    await execOk(IP, ['netns', 'add', name]);
    const ns = new NetNs(name, options.pbxAddress);
    try {
      await ns.run(IP, ['link', 'set', 'lo', 'up']);
      await ns.run(IP, ['addr', 'add', `${options.pbxAddress}/32`, 'dev', 'lo']);
      // The default route names the switch's address as source: $${local_ip_v4} becomes it.
      await ns.run(IP, ['route', 'add', 'default', 'dev', 'lo', 'src', options.pbxAddress]);
      for (const a of new Set(options.addresses)) {
        if (a === options.pbxAddress) continue;
        await ns.run(IP, ['addr', 'add', a.includes(':') ? `${a}/128` : `${a}/32`, 'dev', 'lo']);
      }
      await ns.startDns(options.hosts ?? {});
    } catch (e) {
      await ns.remove();
      throw e;
    }
    return ns;
  }

  private async startDns(hosts: Readonly<Record<string, string>>): Promise<void> {
    const script = new URL('./dns-server.mjs', import.meta.url).pathname;
    const [cmd, args] = this.wrap(process.execPath, [script, JSON.stringify(hosts)]);
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    this.dns = child;
    let out = '';
    child.stdout?.on('data', (d) => {
      out += d;
    });
    await until(
      'the namespace DNS server',
      5_000,
      async () => {
        if (child.exitCode !== null) throw new Error('DNS server exited');
        return out.includes('ready') ? true : undefined;
      },
      50,
    );
  }

  /** argv prefix that runs a command inside the namespace. */
  wrap(cmd: string, args: readonly string[]): [string, string[]] {
    return [IP, ['netns', 'exec', this.name, cmd, ...args]];
  }

  async run(cmd: string, args: readonly string[], timeoutMs = 30_000): Promise<string> {
    const [c, a] = this.wrap(cmd, args);
    return execOk(c, a, timeoutMs);
  }

  async remove(): Promise<void> {
    if (this.dns) await stopChild(this.dns, 2_000);
    await exec(IP, ['netns', 'del', this.name]);
    rmSync(`/etc/netns/${this.name}`, { recursive: true, force: true });
  }
}
