import type { HaConfig } from './config.js';
import {
  afterMove,
  type Decision,
  decide,
  holderOf,
  INITIAL_STATE,
  type Timing,
  type WatchState,
} from './decide.js';
import type { AddressApi } from './ec2-address.js';
import { HA_TIMING } from './layout.js';

/** Everything the watcher touches, injected: tests run it with fakes and a virtual clock. */
export interface WatchDeps {
  readonly api: AddressApi;
  /** This node's network interface (from the instance metadata). */
  readonly networkInterfaceId: string;
  /** SIP OPTIONS from this node's own address (`source`) to a peer. */
  readonly probe: (ip: string, port: number, timeoutMs: number, source: string) => Promise<boolean>;
  /**
   * Puts this node's network in the state the group needs (its service-bind address on an
   * interface, the peers in the firewall's HA set: src/ha/node-network.ts); run on every tick
   * because a ruleset reload empties the set. Returns a problem to log, or undefined.
   */
  readonly network?: () => Promise<string | undefined>;
  /** Start or stop FreeSWITCH (systemctl on a node). */
  readonly freeswitch: (want: 'run' | 'stop') => Promise<void>;
  readonly sleep: (ms: number) => Promise<void>;
  readonly log: (line: string) => void;
  readonly signal?: AbortSignal;
}

export interface TickResult {
  readonly decision: Decision;
  readonly moved: boolean;
  readonly state: WatchState;
}

/** The last network problem logged per watcher, so a lasting one is logged once, not every 5 s. */
const lastNetworkProblem = new WeakMap<WatchDeps, string | undefined>();

async function prepareNetwork(deps: WatchDeps): Promise<void> {
  if (!deps.network) return;
  let problem: string | undefined;
  try {
    problem = await deps.network();
  } catch (error) {
    problem = (error as Error).message;
  }
  if (!lastNetworkProblem.has(deps) || problem !== lastNetworkProblem.get(deps)) {
    deps.log(problem === undefined ? 'node network ready' : `node network: ${problem}`);
    lastNetworkProblem.set(deps, problem);
  }
}

/** One observation, decision and action. Never throws: an API error is an "unknown" holder. */
export async function tick(
  config: HaConfig,
  deps: WatchDeps,
  state: WatchState,
  timing: Timing & { readonly probeTimeoutSeconds: number } = HA_TIMING,
): Promise<TickResult> {
  await prepareNetwork(deps);
  let association: Awaited<ReturnType<AddressApi['describe']>>;
  let known = true;
  try {
    association = await deps.api.describe(config.allocationId);
  } catch (error) {
    known = false;
    deps.log(`cannot describe ${config.allocationId}: ${(error as Error).message}`);
  }
  const holder = known ? holderOf(config.nodes, association) : { kind: 'unknown' as const };
  let holderHealthy: boolean | undefined;
  if (holder.kind === 'node' && holder.name !== config.node) {
    const ip = config.nodes.find((n) => n.name === holder.name)!.ip;
    const source = config.nodes.find((n) => n.name === config.node)!.ip;
    holderHealthy = await deps.probe(ip, config.sipPort, timing.probeTimeoutSeconds * 1000, source);
  }
  const decision = decide(
    config.node,
    config.nodes,
    state,
    { holder, ...(holderHealthy === undefined ? {} : { holderHealthy }) },
    timing,
  );
  let next = decision.state;
  let moved = false;
  let freeswitch = decision.freeswitch;
  if (decision.action.kind !== 'none') {
    const me = config.nodes.find((n) => n.name === config.node)!;
    try {
      await deps.api.associate({
        allocationId: config.allocationId,
        networkInterfaceId: deps.networkInterfaceId,
        privateIp: me.ip,
        allowReassociation: decision.action.kind === 'take-over',
      });
      moved = true;
      next = afterMove(next);
      freeswitch = 'run';
      deps.log(
        decision.action.kind === 'take-over'
          ? `took over the service address from ${decision.action.from}: ${decision.reason}`
          : `claimed the service address: ${decision.reason}`,
      );
    } catch (error) {
      deps.log(`could not ${decision.action.kind} the service address: ${(error as Error).message}`);
    }
  }
  if (freeswitch !== 'keep') {
    const wasActive = state.role === 'active';
    const isActive = freeswitch === 'run';
    if (state.role === 'starting' || wasActive !== isActive) {
      deps.log(`${isActive ? 'active' : 'standby'}: ${decision.reason}`);
      try {
        await deps.freeswitch(isActive ? 'run' : 'stop');
      } catch (error) {
        deps.log(`could not ${isActive ? 'start' : 'stop'} FreeSWITCH: ${(error as Error).message}`);
      }
    }
  }
  return { decision, moved, state: next };
}

/** Ticks until the signal aborts (or `maxTicks`, for tests). */
export async function watch(
  config: HaConfig,
  deps: WatchDeps,
  options: { readonly maxTicks?: number; readonly timing?: typeof HA_TIMING } = {},
): Promise<WatchState> {
  const timing = options.timing ?? HA_TIMING;
  let state = INITIAL_STATE;
  for (let i = 0; options.maxTicks === undefined || i < options.maxTicks; i++) {
    if (deps.signal?.aborted) break;
    state = (await tick(config, deps, state, timing)).state;
    await deps.sleep(timing.intervalSeconds * 1000);
  }
  return state;
}
