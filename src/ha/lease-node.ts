import { EXTERNAL_PROFILE, INTERNAL_PROFILE } from '../emit/freeswitch/sip-profiles.js';
import type { HaConfig } from './config.js';
import type { AddressApi } from './ec2-address.js';
import type { LeaseDeps } from './lease-watch.js';
import { restoreTrackedCalls, snapshotTrackedCalls, type TrackedCallsStore } from './tracked-calls.js';

/**
 * What taking over and fencing mean on a node of a lease group (docs/ha.md, "Warm standby"):
 * pure command lists and parsers, tested by tables; `leaseNodeActions` is the thin shell that runs
 * them through an injected service address and FreeSWITCH's event socket.
 *
 * Warm standby: every node runs FreeSWITCH all the time (a cold start takes 5–12 s here, the target
 * is to answer again within 15 s); a standby keeps its SIP profiles STOPPED, so it answers no SIP
 * and writes no registration rows. Taking over = take the service address, start the profiles,
 * `sofia recover` (calls tracked in PostgreSQL come back). Fencing = drop the service address first
 * (SIP to it stops at once), then stop the profiles. A node fences itself when `pbxc ha` starts,
 * because FreeSWITCH starts its profiles by itself at boot.
 */
export const HA_PROFILES = [INTERNAL_PROFILE, EXTERNAL_PROFILE] as const;

/** Event-socket API commands that make a warm standby answer SIP (after the address is taken). */
export function activationCommands(profiles: readonly string[] = HA_PROFILES): string[] {
  return [...profiles.map((p) => `sofia profile ${p} start`), 'sofia recover'];
}

/** Event-socket API commands that stop SIP on this node (after the address is dropped). */
export function fenceCommands(profiles: readonly string[] = HA_PROFILES): string[] {
  return profiles.map((p) => `sofia profile ${p} stop`);
}

/**
 * The profiles `sofia status` lists as RUNNING. Its table rows look like
 * `internal  profile  sip:mod_sofia@10.0.0.5:5060  RUNNING (0)`; aliases and gateways are other types.
 */
export function runningProfiles(sofiaStatus: string): string[] {
  const out: string[] = [];
  for (const line of sofiaStatus.split('\n')) {
    const cols = line.trim().split(/\s+/);
    if (cols[1] === 'profile' && cols.slice(3).join(' ').startsWith('RUNNING')) out.push(cols[0]!);
  }
  return out;
}

/**
 * Health as the lease sees it: a standby is healthy when its FreeSWITCH answers the event socket
 * (ready to start its profiles); the holder only when every HA profile is running.
 */
export function leaseHealthy(
  role: 'active' | 'standby',
  sofiaStatus: string | undefined,
  profiles: readonly string[] = HA_PROFILES,
): boolean {
  if (sofiaStatus === undefined) return false;
  if (role === 'standby') return true;
  const running = runningProfiles(sofiaStatus);
  return profiles.every((p) => running.includes(p));
}

/**
 * What a failed event-socket call says about FreeSWITCH: `gone` when the socket refuses the
 * connection (nothing listens: the process crashed or was killed; a local socket, so no network
 * flap), `unanswered` otherwise (no answer in time, closed before replying).
 */
export function healthFromError(message: string): 'gone' | 'unanswered' {
  return /ECONNREFUSED|connection refused/i.test(message) ? 'gone' : 'unanswered';
}

/** The service address of the group, taken by the active node and dropped by a fencing one. */
export interface ServiceAddress {
  readonly take: () => Promise<void>;
  /** Must be safe to repeat (dropping an address that is not here is success). */
  readonly drop: () => Promise<void>;
}

/** `ip` arguments that add or delete the service address (a /32 on `device`). */
export function ipAddressArgs(op: 'add' | 'del', ip: string, device: string): string[] {
  return ['-4', 'addr', op, `${ip}/32`, 'dev', device];
}

/** Whether an `ip addr add/del` failure only means "already so" (safe to repeat). */
export function ipAlreadySo(op: 'add' | 'del', stderr: string): boolean {
  return op === 'add'
    ? /File exists/i.test(stderr)
    : /Cannot assign requested address|Address not found/i.test(stderr);
}

/** The service address as a local /32 (a host or network namespace without EC2: the test path). */
/**
 * `arping` arguments that announce the service address from this node (unsolicited ARP, twice):
 * the LAN's neighbours still hold the old holder's MAC for it and would keep sending there (to a
 * fenced node) until their own entries time out; the announcement moves them at once.
 */
export function announceArgs(ip: string, device: string): string[] {
  return ['-U', '-c', '2', '-w', '3', '-I', device, ip];
}

/**
 * The service address on a LAN interface. `announce` runs after every successful take and is not
 * waited for (a take-over must fit inside the lease's fence deadline); it reports its own failures.
 */
export function ipServiceAddress(
  ip: string,
  device: string,
  run: (args: string[]) => Promise<{ code: number; stderr: string }>,
  announce?: () => Promise<void>,
): ServiceAddress {
  const op = async (which: 'add' | 'del') => {
    const r = await run(ipAddressArgs(which, ip, device));
    if (r.code !== 0 && !ipAlreadySo(which, r.stderr))
      throw new Error(`ip addr ${which} ${ip}: ${r.stderr.trim() || `exit ${r.code}`}`);
  };
  return {
    take: async () => {
      await op('add');
      if (announce) void announce().catch(() => undefined);
    },
    drop: () => op('del'),
  };
}

/**
 * The floating Elastic IP: taken with AssociateAddress (re-association allowed) to this node's
 * private address. Dropping is a no-op on purpose: the next holder re-associates it, and what stops
 * SIP here is the profiles stopping (a disassociation would only add an API call to the fence path,
 * which must finish within 2 s even when AWS is slow).
 */
export function ec2ServiceAddress(
  config: HaConfig,
  api: AddressApi,
  networkInterfaceId: string,
): ServiceAddress {
  const me = config.nodes.find((n) => n.name === config.node)!;
  return {
    take: () =>
      api.associate({
        allocationId: config.allocationId,
        networkInterfaceId,
        privateIp: me.ip,
        allowReassociation: true,
      }),
    drop: async () => {},
  };
}

export interface LeaseNodeIo {
  readonly address: ServiceAddress;
  /** Runs event-socket API commands in order; rejects when FreeSWITCH cannot be reached. */
  readonly api: (commands: readonly string[]) => Promise<string[]>;
  readonly log: (line: string) => void;
  /** The node's current role (for the health check's meaning). */
  readonly role: () => 'active' | 'standby';
  /**
   * The kernel gate of the service address (src/ha/kernel-fence.ts): open for so many ms, 0 shut.
   * The fence shuts it first. Absent: no kernel gate (a host without nftables).
   */
  readonly gate?: (openForMs: number) => Promise<void>;
  /** The event-socket commands of one health check (default: `api`). A short timeout belongs here. */
  readonly healthApi?: (commands: readonly string[]) => Promise<string[]>;
  /** The shared `recovery` table: when given, a fence keeps this node's calls recoverable (tracked-calls.ts). */
  readonly calls?: TrackedCallsStore;
  /** Waits (default: a timer); tests pass an instant one. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * How many health checks after a take-over run `sofia recover` again. The take-over's own
 * `sofia recover` follows `sofia profile … start` in the same round trip, and a profile that is not
 * registered yet when it runs (the machine under load: measured) is skipped, its calls' rows left
 * in the table: a later recover finds them. Repeating is safe: a recover takes only rows of OTHER
 * FreeSWITCH runs, and the calls it resurrects are tracked again under this run's id.
 */
export const RECOVER_AGAIN_TICKS = 10;

/** activate / fence / healthy for src/ha/lease-watch.ts, over the node's address and FreeSWITCH. */
export function leaseNodeActions(
  io: LeaseNodeIo,
): Pick<LeaseDeps, 'activate' | 'fence' | 'healthy'> & Partial<Pick<LeaseDeps, 'gate'>> {
  let recoverAgain = 0;
  return {
    ...(io.gate ? { gate: io.gate } : {}),
    async activate(epoch) {
      recoverAgain = 0;
      await io.address.take();
      // One round trip, no waiting: the whole take-over must fit well inside the lease's fence
      // deadline (4 s after the acquire was sent), and a wait for the profiles to be listed as
      // running took up to 9 s under load and fenced the new holder again (measured).
      const replies = await io.api(activationCommands());
      const failed = replies.find((r) => r.startsWith('-ERR'));
      if (failed) throw new Error(`FreeSWITCH: ${failed.trim()}`);
      io.log(
        `took the service address and started ${HA_PROFILES.join(', ')} (epoch ${epoch}); sofia recover: ${(replies.at(-1) ?? '').trim()}`,
      );
      recoverAgain = RECOVER_AGAIN_TICKS;
    },
    // Never throws: every step runs even when one before it failed, each is safe to repeat.
    async fence() {
      // The kernel first: from here on nothing to or from the service address passes, even if
      // this process stops before the next step.
      try {
        await io.gate?.(0);
      } catch (error) {
        io.log(`fence: cannot shut the kernel gate: ${(error as Error).message}`);
      }
      recoverAgain = 0;
      try {
        await io.address.drop();
      } catch (error) {
        io.log(`fence: cannot drop the service address: ${(error as Error).message}`);
      }
      const keep = io.calls ? { api: io.api, calls: io.calls, log: io.log, sleep: io.sleep } : undefined;
      const tracked = keep ? await snapshotTrackedCalls(keep) : [];
      try {
        await io.api(fenceCommands());
      } catch (error) {
        io.log(`fence: cannot stop the profiles: ${(error as Error).message}`);
      }
      if (keep) await restoreTrackedCalls(keep, tracked);
    },
    async healthy() {
      try {
        const [status] = await (io.healthApi ?? io.api)(['sofia status']);
        const healthy = leaseHealthy(io.role(), status);
        if (recoverAgain > 0 && io.role() === 'active' && healthy) {
          recoverAgain--;
          try {
            const [reply] = await io.api(['sofia recover']);
            if (reply && !/No calls to recover/i.test(reply))
              io.log(`sofia recover (again): ${reply.trim()}`);
          } catch (error) {
            // The health answer stands: a recover that failed is tried again on the next check.
            io.log(`sofia recover (again): ${(error as Error).message}`);
          }
        }
        return healthy;
      } catch (error) {
        return healthFromError((error as Error).message);
      }
    },
  };
}
