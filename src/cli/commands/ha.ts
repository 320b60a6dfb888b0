import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { runTool } from '../../cloud/run-tool.js';
import { HaConfigError, haConfig } from '../../ha/config.js';
import { dbFacts, preparePassfile } from '../../ha/db-credentials.js';
import { prepareDsnNode, startsFreeswitch } from '../../ha/db-node.js';
import { INITIAL_STATE } from '../../ha/decide.js';
import { ec2AddressApi } from '../../ha/ec2-address.js';
import { primaryNetworkInterface } from '../../ha/instance-metadata.js';
import { takeoverBudgetSeconds } from '../../ha/layout.js';
import { runLeaseNode } from '../../ha/lease-run.js';
import { prepareNodeNetwork } from '../../ha/prepare-network.js';
import { probeSip } from '../../ha/sip-probe.js';
import { tick, type WatchDeps, watch } from '../../ha/watch.js';
import { NODE_PATHS } from '../../model/node-paths.js';
import { parse } from '../args.js';
import { EXIT } from '../exit-codes.js';
import type { Terminal } from '../terminal.js';
import { haSwitchover } from './ha-switchover.js';

export const HELP = `Usage: pbxc ha [--node-env FILE] [--once]
       pbxc ha switchover (--env ENV | --node-env FILE) [--to NODE]   (pbxc ha switchover --help)

Runs on every node of an active/standby group (nodes > 1; the stack installs it as
pbxc-ha.service): the node holding the service address (the floating Elastic IP) is
active and runs FreeSWITCH; the others probe it with SIP OPTIONS every 5 s and, after
3 missed probes, take the address over (EC2 AssociateAddress with re-association)
and start FreeSWITCH: the address moves within about ${takeoverBudgetSeconds()} s of a failure.

With PBXC_DB_HOST in node.env (state in PostgreSQL) it runs the fenced lease instead:
FreeSWITCH runs on every node, only the lease holder has its SIP profiles started and the
service address; a node starts fenced, takes over (address, profiles, sofia recover) when the
lease is free or expired, and fences itself 2 s before its lease can end. SIGTERM on the
holder fences and releases the lease; pbxc ha switchover moves the role while both run.
Each tick's view goes to ${NODE_PATHS.haLeaseState} (the agent reports it: pbxc status).
See docs/ha.md.

Options:
  --node-env FILE  the node's facts (default: ${NODE_PATHS.nodeEnv})
  --once           one observation and decision, then exit

Needs the instance role's ec2:DescribeAddresses and ec2:AssociateAddress (the stack
grants both) and IMDSv2; a lease node whose service address is local (PBXC_HA_SERVICE_IP and
PBXC_HA_SERVICE_DEV, a generic host) needs no EC2 fact. Every tick a lease node also sets its
kernel gate of the service address (nftables tables pbxc_ha_fence; PBXC_HA_KERNEL_FENCE=off).

Exit: 0 stopped, 2 not an HA node or unreadable node env`;

export async function ha(argv: readonly string[], term: Terminal): Promise<number> {
  if (argv[0] === 'switchover') return haSwitchover(argv.slice(1), term);
  const { values } = parse(argv, {
    'node-env': { type: 'string', default: NODE_PATHS.nodeEnv },
    once: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    term.out(HELP);
    return EXIT.ok;
  }
  let text: string;
  const envPath = String(values['node-env']);
  try {
    text = await readFile(envPath, 'utf8');
  } catch (error) {
    term.err(`pbxc ha: cannot read ${envPath}: ${(error as Error).message}`);
    return EXIT.usage;
  }
  // A generic node's database URI (pbxc node-install): node.env's PBXC_DB_* and the passfile first.
  try {
    const r = await prepareDsnNode(envPath, text, NODE_PATHS.dbPassfile, await freeswitchOwner());
    text = r.envText;
    if (r.message !== 'no PBXC_DB_DSN_FILE') term.err(`pbxc ha: ${r.message}`);
  } catch (error) {
    term.err(`pbxc ha: ${(error as Error).message}`);
    return EXIT.usage;
  }
  let config: ReturnType<typeof haConfig>;
  try {
    config = haConfig(text);
  } catch (error) {
    if (!(error instanceof HaConfigError)) throw error;
    term.err(`pbxc ha: ${String(values['node-env'])}: ${error.message}`);
    return EXIT.usage;
  }
  // FreeSWITCH's DSN names the passfile: write it from the database secret before anything starts.
  try {
    const owner = await freeswitchOwner();
    term.err(
      `pbxc ha ${config.node}: ${await preparePassfile(text, config.region, NODE_PATHS.dbPassfile, undefined, owner)}`,
    );
  } catch (error) {
    term.err(`pbxc ha ${config.node}: cannot write the database passfile: ${(error as Error).message}`);
    return EXIT.usage;
  }
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  try {
    // State in PostgreSQL: the active role is the fenced lease there (warm standby, docs/ha.md).
    const db = dbFacts(text);
    if (db) {
      // Warm standby: FreeSWITCH runs on every lease node (systemd: start is a no-op when it runs).
      if (startsFreeswitch(text, existsSync('/run/systemd/system'))) {
        const r = await runTool('systemctl', ['start', 'freeswitch'], {
          cwd: '/',
          env: process.env,
          onLine: (l) => term.err(l),
        });
        if (r.code !== 0) term.err(`pbxc ha ${config.node}: systemctl start freeswitch exited ${r.code}`);
      }
      await runLeaseNode(config, db, text, {
        once: Boolean(values.once),
        signal: controller.signal,
        log: (l) => term.err(`pbxc ha ${config.node}: ${l}`),
        out: (l) => term.out(l),
      });
      return EXIT.ok;
    }
    const deps: WatchDeps = {
      api: await ec2AddressApi({ region: config.region }),
      networkInterfaceId: await primaryNetworkInterface(),
      probe: probeSip,
      network: () => prepareNodeNetwork(config),
      freeswitch: async (want) => {
        const r = await runTool('systemctl', [want === 'run' ? 'start' : 'stop', 'freeswitch'], {
          cwd: '/',
          env: process.env,
          onLine: (l) => term.err(l),
        });
        if (r.code !== 0) throw new Error(`systemctl exited ${r.code}`);
      },
      sleep: (ms) =>
        new Promise((resolve) => {
          const t = setTimeout(resolve, ms);
          controller.signal.addEventListener('abort', () => {
            clearTimeout(t);
            resolve();
          });
        }),
      log: (l) => term.err(`pbxc ha ${config.node}: ${l}`),
      signal: controller.signal,
    };
    if (values.once) {
      const { decision } = await tick(config, deps, INITIAL_STATE);
      term.out(`${decision.action.kind}: ${decision.reason}`);
    } else await watch(config, deps);
    return EXIT.ok;
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
  }
}

/** The FreeSWITCH user's uid and gid, so it can read the passfile (undefined where there is none). */
async function freeswitchOwner(): Promise<{ uid: number; gid: number } | undefined> {
  const id = async (flag: string) => {
    const r = await runTool('id', [flag, 'freeswitch'], {
      cwd: '/',
      env: process.env,
      capture: true,
      onLine: () => {},
    });
    return r.code === 0 ? Number(r.stdout.trim()) : undefined;
  };
  const uid = await id('-u');
  const gid = await id('-g');
  return uid === undefined || gid === undefined ? undefined : { uid, gid };
}
