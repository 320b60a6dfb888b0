/**
 * Where each node of an environment sits and which addresses it owns. Pure, shared by the stacks
 * (which create the addresses) and the HA watcher on the nodes (which reads them from node.env).
 *
 * With one node the service address is simply that node's Elastic IP. With more, every node keeps
 * its own Elastic IP on its primary private address (management, egress, health checks), and the
 * service address floats: the active node holds it on a second private address that FreeSWITCH
 * binds to, so moving it never touches a node's own address.
 */

/** The watcher's timing: the address moves after FAILURES missed probes, INTERVAL_S apart. */
export const HA_TIMING = {
  intervalSeconds: 5,
  probeTimeoutSeconds: 2,
  failures: 3,
  /** Ticks an unclaimed service address waits per rank, so pbx-1 claims first at boot. */
  claimDelayTicks: 2,
} as const;

/** Host numbers inside a node's subnet: primary .10+n, floating-service address .100+n. */
export function primaryHost(n: number): number {
  return 10 + n;
}

export function serviceHost(n: number): number {
  return 100 + n;
}

/** Node n (1-based) runs in subnet (n-1) modulo the subnet count: alternating zones. */
export function subnetIndex(n: number, subnets: number): number {
  return (n - 1) % subnets;
}

/** The worst case until the standby holds the address, from the timing above (seconds). */
export function takeoverBudgetSeconds(associateSeconds = 5): number {
  return HA_TIMING.failures * HA_TIMING.intervalSeconds + HA_TIMING.probeTimeoutSeconds + associateSeconds;
}
