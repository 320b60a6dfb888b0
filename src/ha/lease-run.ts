import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { runTool } from '../cloud/run-tool.js';
import { eventSocketApi, eventSocketTarget } from '../deploy/agent/event-socket.js';
import { NODE_PATHS } from '../model/node-paths.js';
import { type HaConfig, parseEnvFile } from './config.js';
import type { DbFacts } from './db-credentials.js';
import { ec2AddressApi } from './ec2-address.js';
import { primaryNetworkInterface } from './instance-metadata.js';
import { kernelFenceOf, nftGate } from './kernel-fence.js';
import { INITIAL_LEASE_STATE, LEASE_TIMING, type LeaseRow, type LeaseState } from './lease.js';
import {
  announceArgs,
  ec2ServiceAddress,
  ipServiceAddress,
  leaseNodeActions,
  type ServiceAddress,
} from './lease-node.js';
import { type LeaseSnapshot, leaseSnapshot } from './lease-report.js';
import { ensureLease, pgLeaseStore } from './lease-store.js';
import { type LeaseDeps, leaseTick } from './lease-watch.js';
import { pgTrackedCalls } from './tracked-calls.js';
import { withTimeout } from './with-timeout.js';

/**
 * `pbxc ha` on a node whose state is in PostgreSQL: the lease loop of src/ha/lease-watch.ts with
 * the real database, service address and FreeSWITCH (the thin shell; every decision is in
 * lease.ts / lease-node.ts). The service address is the Elastic IP (EC2), or, when node.env has
 * PBXC_HA_SERVICE_IP and PBXC_HA_SERVICE_DEV, a local /32 (`ip addr`, hosts without EC2 and tests).
 */
export interface LeaseRunOptions {
  readonly once: boolean;
  readonly signal: AbortSignal;
  readonly log: (line: string) => void;
  readonly out: (line: string) => void;
  /** FreeSWITCH's conf root (its event_socket.conf.xml names the socket). */
  readonly freeswitchConf?: string;
  /** The service address (default: from node.env, see serviceAddress). */
  readonly address?: ServiceAddress;
  /** Where each tick's view is written for the agent's report (default NODE_PATHS.haLeaseState). */
  readonly stateFile?: string;
}

/** The group's lease row: one per platform environment (all nodes of node.env share it). */
export function leaseGroup(envText: string): string {
  const env = parseEnvFile(envText);
  return (
    env.get('PBXC_HA_GROUP') ??
    `${env.get('PBXC_PLATFORM') ?? 'pbxc'}/${env.get('PBXC_ENVIRONMENT') ?? 'default'}`
  );
}

async function serviceAddress(
  config: HaConfig,
  envText: string,
  log: (line: string) => void,
): Promise<ServiceAddress> {
  const env = parseEnvFile(envText);
  const ip = env.get('PBXC_HA_SERVICE_IP');
  const dev = env.get('PBXC_HA_SERVICE_DEV');
  const tool = async (name: string, args: string[]) => {
    const lines: string[] = [];
    const r = await runTool(name, args, { cwd: '/', env: process.env, onLine: (l) => lines.push(l) });
    return { code: r.code, stderr: lines.join('\n') };
  };
  if (ip && dev)
    return ipServiceAddress(
      ip,
      dev,
      (args) => tool('ip', args),
      // PBXC_HA_ANNOUNCE=off: the LAN moves the address itself (e.g. a switch-level move).
      env.get('PBXC_HA_ANNOUNCE') === 'off'
        ? undefined
        : async () => {
            const r = await tool(env.get('PBXC_HA_ARPING') ?? 'arping', announceArgs(ip, dev)).catch(
              (error: Error) => ({ code: -1, stderr: error.message }),
            );
            if (r.code !== 0)
              log(
                `could not announce ${ip} on ${dev} (arping exit ${r.code}: ${r.stderr.split('\n').filter(Boolean).join(' / ')}); neighbours move when their ARP entries expire`,
              );
          },
    );
  return ec2ServiceAddress(
    config,
    await ec2AddressApi({ region: config.region }),
    await primaryNetworkInterface(),
  );
}

/**
 * The kernel gate of this node's service address (src/ha/kernel-fence.ts), or undefined when
 * node.env names none or PBXC_HA_KERNEL_FENCE=off. A failing `nft` is logged when its message
 * changes (not every tick), never thrown: the lease still fences in user space.
 */
function kernelGate(envText: string, log: (l: string) => void): ((ms: number) => Promise<void>) | undefined {
  const env = parseEnvFile(envText);
  const fence = env.get('PBXC_HA_KERNEL_FENCE') === 'off' ? undefined : kernelFenceOf(env);
  if (!fence) return undefined;
  const apply = nftGate(fence, env.get('PBXC_HA_NFT') ?? 'nft');
  let last = '';
  return async (ms) => {
    try {
      await apply(ms);
      last = '';
    } catch (error) {
      const message = (error as Error).message;
      if (message !== last)
        log(`kernel gate of ${fence.ip}: ${message} (the lease still fences in user space)`);
      last = message;
    }
  };
}

/** Rewrites the snapshot atomically (write + rename); a failure is logged, never fatal. */
async function writeSnapshot(file: string, snapshot: LeaseSnapshot, log: (l: string) => void): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(`${file}.tmp`, `${JSON.stringify(snapshot)}\n`);
    await rename(`${file}.tmp`, file);
  } catch (error) {
    log(`cannot write ${file}: ${(error as Error).message}`);
  }
}

export async function runLeaseNode(
  config: HaConfig,
  db: DbFacts,
  envText: string,
  options: LeaseRunOptions,
): Promise<LeaseState> {
  const conf = options.freeswitchConf ?? NODE_PATHS.freeswitchConf;
  const stateFile = options.stateFile ?? NODE_PATHS.haLeaseState;
  const xml = await readFile(join(conf, 'autoload_configs/event_socket.conf.xml'), 'utf8');
  const target = eventSocketTarget(xml);
  if (!target) throw new Error(`no event socket in ${conf}/autoload_configs/event_socket.conf.xml`);
  // libpq's passfile, as FreeSWITCH reads it: node-postgres reads PGPASSFILE when no password is set.
  process.env.PGPASSFILE = NODE_PATHS.dbPassfile;
  const pg = (await import('pg')).default;
  const pool = new pg.Pool({
    host: db.host,
    port: db.port,
    database: db.name,
    user: db.user,
    max: 2,
    connectionTimeoutMillis: LEASE_TIMING.queryTimeoutSeconds * 1000,
    ...(db.sslmode === 'disable' ? {} : { ssl: { rejectUnauthorized: db.sslmode.startsWith('verify') } }),
  });
  pool.on('error', (e) => options.log(`database: ${e.message}`));
  let state: LeaseState = INITIAL_LEASE_STATE;
  try {
    const group = leaseGroup(envText);
    const gate = kernelGate(envText, options.log);
    const actions = leaseNodeActions({
      address: options.address ?? (await serviceAddress(config, envText, options.log)),
      api: (commands) => eventSocketApi(target, commands, 5000),
      healthApi: (commands) => eventSocketApi(target, commands, LEASE_TIMING.healthTimeoutSeconds * 1000),
      log: options.log,
      role: () => state.role,
      ...(gate ? { gate } : {}),
      calls: pgTrackedCalls(pool),
    });
    // The row each tick read (undefined when it could not), for the agent's report.
    let seen: LeaseRow | undefined;
    const store = pgLeaseStore(pool, group);
    const deps: LeaseDeps = {
      me: config.node,
      store: {
        ...store,
        read: async () => {
          seen = await store.read();
          return seen;
        },
      },
      nowMs: () => performance.now(),
      ...actions,
      log: options.log,
      withTimeout,
    };
    // FreeSWITCH starts its profiles by itself: a node starts fenced, and becomes active only
    // through the lease.
    await actions.fence();
    options.log('started fenced (warm standby: FreeSWITCH up, profiles stopped)');
    await ensureLease(pool, group);
    do {
      const started = performance.now();
      seen = undefined;
      state = await leaseTick(deps, state);
      await writeSnapshot(stateFile, leaseSnapshot(config.node, state, seen, new Date()), options.log);
      if (options.once) break;
      const wait = Math.max(0, LEASE_TIMING.tickSeconds * 1000 - (performance.now() - started));
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, wait);
        const wake = () => {
          clearTimeout(t);
          resolve();
        };
        options.signal.addEventListener('abort', wake, { once: true });
      });
    } while (!options.signal.aborted);
    options.out(`${state.role} at epoch ${state.epoch}`);
    return state;
  } finally {
    // Stopping pbxc ha on the active node hands over: fence, then give the lease back.
    if (state.role === 'active' && !options.once) {
      const gate = kernelGate(envText, options.log);
      await leaseNodeActions({
        address: options.address ?? (await serviceAddress(config, envText, options.log)),
        api: (commands) => eventSocketApi(target, commands, 5000),
        log: options.log,
        role: () => 'active',
        ...(gate ? { gate } : {}),
        calls: pgTrackedCalls(pool),
      }).fence();
      await pgLeaseStore(pool, leaseGroup(envText))
        .release(config.node, state.epoch)
        .catch(() => false);
      options.log(`stopped: fenced and released the lease (epoch ${state.epoch})`);
      state = { role: 'standby', epoch: state.epoch };
    }
    if (!options.once)
      await writeSnapshot(stateFile, leaseSnapshot(config.node, state, undefined, new Date()), options.log);
    await pool.end().catch(() => undefined);
  }
}
