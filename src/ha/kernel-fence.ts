import { spawn } from 'node:child_process';

/**
 * The kernel gate of the service address (docs/ha.md, "The kernel gate"): the lease's fence armed
 * ahead, so a holder that stops running (SIGSTOP, a stalled process, a long GC) is fenced by its
 * kernel at its fence deadline without any of its own code running, and stays fenced when it wakes
 * up until its loop has renewed the lease again.
 *
 * One nftables table per family, replaced as a whole in one `nft -f` transaction each tick:
 * - `ip pbxc_ha_fence`: a set `lease` of the service address with an element **timeout**; input
 *   drops every packet to the service address, output every packet from it, unless the address is
 *   in the set. The holder puts it there with `timeout = fence deadline − now` after each renew;
 *   the kernel removes it at the deadline by itself. Every other node writes the set empty.
 * - `arp pbxc_ha_fence` (a LAN, where the address moves with `ip addr`): the same set gates ARP,
 *   so a fenced node stops answering "who has the service address" and the LAN's neighbour cache
 *   moves to the new holder instead of to the frozen one.
 *
 * Its own tables, not the `pbxc` table: a reload of the rendered ruleset replaces only that one, and
 * the next tick rewrites these anyway. Pure text here, tested by tables and on a real kernel.
 */
export const KERNEL_FENCE_TABLE = 'pbxc_ha_fence';

export interface KernelFence {
  /** The service address gated (IPv4). */
  readonly ip: string;
  /** Also gate ARP for it (a LAN path; EC2's network does not ask the guest). */
  readonly arp: boolean;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/** The `nft -f` text that sets the gate: open for `openForMs` ms (≥ 1), shut when 0. */
export function kernelFenceRuleset(fence: KernelFence, openForMs: number): string {
  if (!IPV4.test(fence.ip)) throw new Error(`kernel gate: ${fence.ip} is not an IPv4 address`);
  const ms = Math.floor(openForMs);
  const elements = ms >= 1 ? ` elements = { ${fence.ip} timeout ${ms}ms };` : '';
  const set = `set lease { type ipv4_addr; flags timeout;${elements} }`;
  const table = (family: string, input: string, output: string) => [
    // Declare, delete, declare again: one transaction that replaces the table whether it existed.
    `table ${family} ${KERNEL_FENCE_TABLE}`,
    `delete table ${family} ${KERNEL_FENCE_TABLE}`,
    `table ${family} ${KERNEL_FENCE_TABLE} {`,
    `  ${set}`,
    `  chain input { type filter hook input priority -300; policy accept; ${input} drop; }`,
    `  chain output { type filter hook output priority -300; policy accept; ${output} drop; }`,
    '}',
  ];
  const lines = [
    `# pbxc ha: kernel gate of the service address ${fence.ip} (${ms >= 1 ? `open for ${ms} ms` : 'shut'})`,
    ...table('ip', `ip daddr ${fence.ip} ip daddr != @lease`, `ip saddr ${fence.ip} ip saddr != @lease`),
  ];
  if (fence.arp)
    lines.push(
      ...table(
        'arp',
        `arp daddr ip ${fence.ip} arp daddr ip != @lease`,
        `arp saddr ip ${fence.ip} arp saddr ip != @lease`,
      ).map((l) => l.replace('priority -300', 'priority 0')),
    );
  return `${lines.join('\n')}\n`;
}

/** The gate of a node.env: its service address on a LAN (with ARP), else its SIP bind address. */
export function kernelFenceOf(env: ReadonlyMap<string, string>): KernelFence | undefined {
  const lan = env.get('PBXC_HA_SERVICE_IP');
  if (lan && env.get('PBXC_HA_SERVICE_DEV')) return { ip: lan, arp: true };
  const bind = env.get('PBXC_SIP_BIND_IPV4');
  return bind ? { ip: bind, arp: false } : undefined;
}

/** Runs `nft -f -` with the text on stdin; rejects with nft's message on failure. */
export function applyNft(text: string, nft = 'nft'): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(nft, ['-f', '-'], { stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`nft exited ${code}: ${err.trim().split('\n')[0] ?? ''}`)),
    );
    child.stdin.end(text);
  });
}

/** The gate as lease-watch.ts calls it, over `nft`. */
export function nftGate(fence: KernelFence, nft = 'nft'): (openForMs: number) => Promise<void> {
  return (openForMs) => applyNft(kernelFenceRuleset(fence, openForMs), nft);
}
