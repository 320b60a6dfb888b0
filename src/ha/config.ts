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
  const nodes = need('PBXC_HA_NODES')
    .split(',')
    .map((entry) => {
      const m = /^(pbx-\d+)=(\d{1,3}(?:\.\d{1,3}){3})$/.exec(entry);
      if (!m) throw new HaConfigError(`PBXC_HA_NODES entry "${entry}" is not pbx-<n>=<IPv4>`);
      return { name: m[1]!, ip: m[2]! };
    });
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
