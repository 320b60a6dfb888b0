import { runTool } from '../cloud/run-tool.js';
import type { HaConfig } from './config.js';
import { addAddressArgs, defaultRouteDevice, hasAddress, ownAddress, peersArgs } from './node-network.js';

async function run(bin: string, args: readonly string[]): Promise<{ ok: boolean; out: string }> {
  const lines: string[] = [];
  const r = await runTool(bin, args, {
    cwd: '/',
    env: process.env,
    capture: true,
    onLine: (l) => lines.push(l),
  });
  return { ok: r.code === 0, out: r.code === 0 ? r.stdout : lines.join(' ').trim() || `exit ${r.code}` };
}

/**
 * The I/O of src/ha/node-network.ts on a node: adds the service-bind address when it is missing,
 * then fills the firewall's HA peers set. Returns what went wrong, in words, or undefined.
 */
export async function prepareNodeNetwork(config: HaConfig): Promise<string | undefined> {
  const problems: string[] = [];
  const own = ownAddress(config);
  const addresses = await run('ip', ['-4', '-o', 'addr', 'show']);
  if (!addresses.ok) problems.push(`ip addr show: ${addresses.out}`);
  else if (!hasAddress(addresses.out, own)) {
    const routes = await run('ip', ['-4', 'route', 'show', 'default']);
    const device = routes.ok ? defaultRouteDevice(routes.out) : undefined;
    if (!device) problems.push(`no IPv4 default route to put ${own} on`);
    else {
      const add = await run('ip', addAddressArgs(own, device));
      if (!add.ok) problems.push(`cannot add ${own} to ${device}: ${add.out}`);
    }
  }
  const peers = peersArgs(config);
  if (peers) {
    const nft = await run('nft', peers);
    // Before the agent's first activation the table does not exist yet: the next tick retries.
    if (!nft.ok) problems.push(`cannot let the other nodes' health checks in (nft): ${nft.out}`);
  }
  return problems.length === 0 ? undefined : problems.join('; ');
}
