import type { HaNode } from './decide.js';

/** What the watcher reads from node.env (written by the stack's user data). */
export interface HaConfig {
  readonly node: string;
  readonly region: string;
  readonly allocationId: string;
  readonly nodes: readonly HaNode[];
  readonly sipPort: number;
}

export class HaConfigError extends Error {}

/** KEY=value lines, as systemd's EnvironmentFile= reads them (no quoting, # comments). */
export function parseEnvFile(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) out.set(m[1]!, m[2]!);
  }
  return out;
}

export function haConfig(text: string): HaConfig {
  const env = parseEnvFile(text);
  if (env.get('PBXC_HA') !== 'active-standby')
    throw new HaConfigError(
      'this node is not part of an active/standby group (PBXC_HA=active-standby missing)',
    );
  const need = (key: string) => {
    const value = env.get(key);
    if (!value) throw new HaConfigError(`${key} is missing`);
    return value;
  };
  // A lease node (state in PostgreSQL) whose service address is a local one (PBXC_HA_SERVICE_IP, a
  // LAN: provider generic) needs no EC2 facts: the lease is in the database, nothing probes a peer.
  const leaseOnLan =
    (env.has('PBXC_DB_HOST') || env.has('PBXC_DB_DSN_FILE')) &&
    env.has('PBXC_HA_SERVICE_IP') &&
    env.has('PBXC_HA_SERVICE_DEV');
  if (leaseOnLan) {
    const node = need('PBXC_NODE');
    if (!/^pbx-\d+$/.test(node)) throw new HaConfigError(`PBXC_NODE ${node} is not pbx-<n>`);
    const nodes = env.has('PBXC_HA_NODES') ? haNodes(env.get('PBXC_HA_NODES')!) : [];
    const sipPort = Number(env.get('PBXC_HA_SIP_PORT') ?? 5060);
    if (!Number.isInteger(sipPort) || sipPort < 1 || sipPort > 65535)
      throw new HaConfigError('PBXC_HA_SIP_PORT is not a port');
    return {
      node,
      region: env.get('PBXC_AWS_REGION') ?? '',
      allocationId: env.get('PBXC_SERVICE_ALLOCATION_ID') ?? '',
      nodes: nodes.some((n) => n.name === node)
        ? nodes
        : [...nodes, { name: node, ip: env.get('PBXC_HA_SERVICE_IP')! }],
      sipPort,
    };
  }
  const nodes = haNodes(need('PBXC_HA_NODES'));
  const node = need('PBXC_NODE');
  if (!nodes.some((n) => n.name === node))
    throw new HaConfigError(`PBXC_NODE ${node} is not in PBXC_HA_NODES`);
  const allocationId = need('PBXC_SERVICE_ALLOCATION_ID');
  if (!/^eipalloc-[0-9a-f]+$/.test(allocationId))
    throw new HaConfigError(`PBXC_SERVICE_ALLOCATION_ID ${allocationId} is not an allocation id`);
  const sipPort = Number(need('PBXC_HA_SIP_PORT'));
  if (!Number.isInteger(sipPort) || sipPort < 1 || sipPort > 65535)
    throw new HaConfigError('PBXC_HA_SIP_PORT is not a port');
  return { node, region: need('PBXC_AWS_REGION'), allocationId, nodes, sipPort };
}

function haNodes(list: string): HaNode[] {
  return list.split(',').map((entry) => {
    const m = /^(pbx-\d+)=(\d{1,3}(?:\.\d{1,3}){3})$/.exec(entry);
    if (!m) throw new HaConfigError(`PBXC_HA_NODES entry "${entry}" is not pbx-<n>=<IPv4>`);
    return { name: m[1]!, ip: m[2]! };
  });
}
