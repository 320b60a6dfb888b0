import { dirname } from 'node:path';
import { NODE_PATHS } from '../src/index.js';

/**
 * The first-boot script of a PBX node. The node's public address is an Elastic IP that NAT puts in
 * front of a private one, so FreeSWITCH cannot learn it from its interfaces and must advertise it in
 * SDP and Contact headers (ext-rtp-ip / ext-sip-ip). Terraform knows the address before the
 * instance exists (the EIP is allocated first), so it is written here rather than looked up with
 * STUN at every start.
 *
 * Only addresses and names go in: user data is readable by anyone who can describe the instance, so
 * no secret ever does. The deploy step brings the rendered configuration and its secrets.
 */
export interface NodeIdentity {
  readonly platform: string;
  readonly environment: string;
  /** "pbx-1". */
  readonly node: string;
  /** Fully qualified name when the environment has a DNS zone. */
  readonly fqdn?: string;
  /** The Elastic IP (a Terraform reference at synth time). */
  readonly publicIpv4: string;
}

/** What the node learns about itself at first boot. */
export const NODE_FILES = {
  /**
   * KEY=value lines for systemd EnvironmentFile= and deploy scripts. FreeSWITCH's vars.xml reads
   * PBXC_PUBLIC_IPV4 from it at start (exec-set) for external_sip_ip / external_rtp_ip: behind EC2's
   * NAT, FreeSWITCH cannot see its public address itself.
   */
  env: NODE_PATHS.nodeEnv,
} as const;

export function nodeUserData(id: NodeIdentity): string {
  const hostname = id.fqdn ?? id.node;
  const env = [
    `PBXC_PLATFORM=${id.platform}`,
    `PBXC_ENVIRONMENT=${id.environment}`,
    `PBXC_NODE=${id.node}`,
    `PBXC_HOSTNAME=${hostname}`,
    `PBXC_PUBLIC_IPV4=${id.publicIpv4}`,
  ];
  // Values are spec names (validated to [a-z0-9.-]) and an IPv4 address: nothing the quoted
  // here-document could expand.
  return [
    '#!/bin/sh',
    `# pbxc: identity of node ${id.node} of ${id.platform}/${id.environment}. No secrets here.`,
    'set -eu',
    `hostnamectl set-hostname '${hostname}'`,
    `install -d -m 0755 ${dirname(NODE_FILES.env)}`,
    `cat > ${NODE_FILES.env} <<'PBXC_EOF'`,
    ...env,
    'PBXC_EOF',
    `chmod 0644 ${NODE_FILES.env}`,
    '',
  ].join('\n');
}
