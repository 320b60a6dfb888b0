import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { exec, execOk } from './proc.js';
import { IP } from './tools.js';

/**
 * A private network namespace `fs-live-<random>`: lo up with the switch's address, a default route
 * whose source is that address (so FreeSWITCH's $${local_ip_v4} is it), and the documentation
 * addresses of phones, carriers and strangers, all on lo. /etc/netns/<name>/hosts and
 * resolv.conf are bind-mounted over /etc by `ip netns exec`: trunk host names resolve to sipp
 * carriers in the namespace and no DNS query leaves it.
 */
export class NetNs {
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
    } catch (e) {
      await ns.remove();
      throw e;
    }
    return ns;
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
    await exec(IP, ['netns', 'del', this.name]);
    rmSync(`/etc/netns/${this.name}`, { recursive: true, force: true });
  }
}
