import { type ChildProcess, spawn } from 'node:child_process';
import { run, type ToolResult } from './nft.js';

/** Two network namespaces joined by a veth pair; nothing touches the host's own interfaces. */
export interface NetnsPair {
  readonly server: string;
  readonly client: string;
  /** A command inside a namespace, bounded in time. */
  exec(ns: string, command: readonly string[], input?: string): ToolResult;
  dispose(): void;
}

/** Why namespaces cannot be used here, or undefined when they can. */
export function netnsUnavailable(): string | undefined {
  const name = `pbxc-probe-${process.pid}`;
  const add = run('ip', ['netns', 'add', name], 5000);
  if (add.status !== 0)
    return `ip netns add is not permitted here: ${add.stderr.trim() || `exit ${add.status}`}`;
  const nft = run('ip', ['netns', 'exec', name, 'nft', '-f', '-'], 5000, 'table inet pbxc_probe {}\n');
  run('ip', ['netns', 'del', name], 5000);
  if (nft.status !== 0) return `nft cannot load rules inside a namespace: ${nft.stderr.trim()}`;
  return undefined;
}

function must(result: ToolResult, what: string): void {
  if (result.status !== 0) throw new Error(`${what} failed: ${result.stderr}`);
}

/**
 * server: 10.200.0.1/24 and fd00:200::1/64; client: the given addresses. Only these namespace-local
 * addresses are used; deleting the namespaces removes the veth pair with them.
 */
export function createNetnsPair(clientAddresses: readonly string[]): NetnsPair {
  const server = `pbxc-srv-${process.pid}`;
  const client = `pbxc-cli-${process.pid}`;
  const ip = (args: string[], what: string) => must(run('ip', args, 5000), what);
  const pair: NetnsPair = {
    server,
    client,
    exec: (ns, command, input) => run('ip', ['netns', 'exec', ns, ...command], 10_000, input),
    dispose: () => {
      run('ip', ['netns', 'del', server], 5000);
      run('ip', ['netns', 'del', client], 5000);
    },
  };
  try {
    ip(['netns', 'add', server], 'netns add');
    ip(['netns', 'add', client], 'netns add');
    ip(
      ['-n', server, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', client],
      'veth',
    );
    const configure = (ns: string, addresses: readonly string[]) => {
      ip(['-n', ns, 'link', 'set', 'lo', 'up'], 'lo up');
      for (const a of addresses) {
        // nodad: the address is usable at once instead of after duplicate address detection.
        ip(['-n', ns, 'addr', 'add', a, 'dev', 'eth0', ...(a.includes(':') ? ['nodad'] : [])], `addr ${a}`);
      }
      ip(['-n', ns, 'link', 'set', 'eth0', 'up'], 'eth0 up');
    };
    configure(server, ['10.200.0.1/24', 'fd00:200::1/64']);
    configure(client, clientAddresses);
  } catch (error) {
    pair.dispose();
    throw error;
  }
  return pair;
}

/** Starts the listener agent in a namespace and resolves once every port is bound. */
export function startListener(ns: string, agent: string, ports: readonly string[]): Promise<ChildProcess> {
  const child = spawn('ip', ['netns', 'exec', ns, process.execPath, agent, ...ports], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('listener did not start within 5 s')), 5000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`listener exited with ${code}`));
    });
  });
}
