import { HA_TIMING } from './layout.js';

/**
 * The HA watcher's decision, one tick at a time: pure, so every case of the take-over is tested
 * without a network or an AWS account.
 *
 * - The holder of the service address is active and runs FreeSWITCH; every other node is standby
 *   and does not (FreeSWITCH's databases live on the shared storage: one writer at a time).
 * - A standby probes the holder each tick; after `failures` missed probes in a row it takes the
 *   address over (AssociateAddress with re-association). With more than two nodes, later standbys
 *   wait `claimDelayTicks` more per rank, so they do not all move it at once.
 * - An unclaimed address (first boot) is claimed without re-association, pbx-1 first, the others
 *   after their rank's delay: a lost race fails cleanly instead of stealing it.
 * - When the API cannot be read, nothing changes: never act blind.
 * - No fail-back: a recovered node finds the address elsewhere and stays standby.
 */

export interface HaNode {
  readonly name: string;
  /** The private address the service address maps to on this node. */
  readonly ip: string;
}

export interface WatchState {
  /** Missed probes of the current holder in a row. */
  readonly failures: number;
  /** Ticks the address has been seen unassociated in a row. */
  readonly unclaimedTicks: number;
  readonly role: 'active' | 'standby' | 'starting';
}

export const INITIAL_STATE: WatchState = { failures: 0, unclaimedTicks: 0, role: 'starting' };

export type Holder =
  | { readonly kind: 'node'; readonly name: string }
  | { readonly kind: 'none' }
  /** Associated with something that is not one of the nodes (changed by hand). */
  | { readonly kind: 'foreign'; readonly privateIp?: string }
  /** DescribeAddresses failed. */
  | { readonly kind: 'unknown' };

export interface Observation {
  readonly holder: Holder;
  /** Result of this tick's probe of the holder (only when the holder is another node). */
  readonly holderHealthy?: boolean;
}

export type Action =
  | { readonly kind: 'none' }
  | { readonly kind: 'claim' }
  | { readonly kind: 'take-over'; readonly from: string };

export interface Decision {
  readonly state: WatchState;
  readonly action: Action;
  /** Whether FreeSWITCH should run on this node after the action. */
  readonly freeswitch: 'run' | 'stop' | 'keep';
  /** Why, for the log. */
  readonly reason: string;
}

export interface Timing {
  readonly failures: number;
  readonly claimDelayTicks: number;
}

/** Which holder an address observation means, from the private address it maps to. */
export function holderOf(
  nodes: readonly HaNode[],
  association: { readonly privateIp?: string } | undefined,
): Holder {
  if (!association?.privateIp) return { kind: 'none' };
  const node = nodes.find((n) => n.ip === association.privateIp);
  return node ? { kind: 'node', name: node.name } : { kind: 'foreign', privateIp: association.privateIp };
}

export function decide(
  me: string,
  nodes: readonly HaNode[],
  state: WatchState,
  obs: Observation,
  timing: Timing = HA_TIMING,
): Decision {
  const rank = Math.max(
    0,
    nodes.findIndex((n) => n.name === me),
  );
  const { holder } = obs;
  switch (holder.kind) {
    case 'unknown':
      return {
        state,
        action: { kind: 'none' },
        freeswitch: 'keep',
        reason: 'cannot read the service address',
      };
    case 'foreign':
      return {
        state: { failures: 0, unclaimedTicks: 0, role: 'standby' },
        action: { kind: 'none' },
        freeswitch: 'stop',
        reason: `service address is associated outside the group (${holder.privateIp ?? 'unknown address'}): leaving it alone`,
      };
    case 'none': {
      const unclaimedTicks = state.unclaimedTicks + 1;
      const next = { failures: 0, unclaimedTicks, role: 'standby' as const };
      if (unclaimedTicks > rank * timing.claimDelayTicks)
        return {
          state: next,
          action: { kind: 'claim' },
          freeswitch: 'keep',
          reason: 'service address is unclaimed',
        };
      return {
        state: next,
        action: { kind: 'none' },
        freeswitch: 'stop',
        reason: 'service address is unclaimed: waiting for my turn',
      };
    }
    case 'node': {
      if (holder.name === me)
        return {
          state: { failures: 0, unclaimedTicks: 0, role: 'active' },
          action: { kind: 'none' },
          freeswitch: 'run',
          reason: 'I hold the service address',
        };
      if (obs.holderHealthy !== false)
        return {
          state: { failures: 0, unclaimedTicks: 0, role: 'standby' },
          action: { kind: 'none' },
          freeswitch: 'stop',
          reason: `${holder.name} holds the service address and answers`,
        };
      const failures = state.failures + 1;
      const standbys = nodes.filter((n) => n.name !== holder.name);
      const standbyRank = Math.max(
        0,
        standbys.findIndex((n) => n.name === me),
      );
      const needed = timing.failures + standbyRank * timing.claimDelayTicks;
      const next = { failures, unclaimedTicks: 0, role: 'standby' as const };
      if (failures >= needed)
        return {
          state: next,
          action: { kind: 'take-over', from: holder.name },
          freeswitch: 'keep',
          reason: `${holder.name} missed ${failures} probes in a row`,
        };
      return {
        state: next,
        action: { kind: 'none' },
        freeswitch: 'stop',
        reason: `${holder.name} missed ${failures} of ${needed} probes`,
      };
    }
  }
}

/** After a successful claim or take-over the node is active and starts FreeSWITCH. */
export function afterMove(state: WatchState): WatchState {
  return { ...state, failures: 0, unclaimedTicks: 0, role: 'active' };
}
