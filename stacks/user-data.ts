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
  /** KEY=value lines for systemd EnvironmentFile= and deploy scripts. */
  env: NODE_PATHS.nodeEnv,
  /**
   * FreeSWITCH pre-processor variables: vars.xml sets external_sip_ip / external_rtp_ip to auto-nat
   * and then includes NODE_PATHS.nodeVarsDir/*.xml, so this file's literal address wins.
   */
  freeswitchVars: `${NODE_PATHS.nodeVarsDir}/pbxc-node.xml`,
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
  const vars = [
    '<include>',
    `  <X-PRE-PROCESS cmd="set" data="external_sip_ip=${id.publicIpv4}"/>`,
    `  <X-PRE-PROCESS cmd="set" data="external_rtp_ip=${id.publicIpv4}"/>`,
    `  <X-PRE-PROCESS cmd="set" data="pbxc_node=${id.node}"/>`,
    '</include>',
  ];
  // Values are spec names (validated to [a-z0-9.-]) and an IPv4 address: nothing the quoted
  // here-documents could expand or the XML attribute could break on.
  return [
    '#!/bin/sh',
    `# pbxc: identity of node ${id.node} of ${id.platform}/${id.environment}. No secrets here.`,
    'set -eu',
    `hostnamectl set-hostname '${hostname}'`,
    `install -d -m 0755 ${dirname(NODE_FILES.env)} ${dirname(NODE_FILES.freeswitchVars)}`,
    `cat > ${NODE_FILES.env} <<'PBXC_EOF'`,
    ...env,
    'PBXC_EOF',
    `cat > ${NODE_FILES.freeswitchVars} <<'PBXC_EOF'`,
    ...vars,
    'PBXC_EOF',
    `chmod 0644 ${NODE_FILES.env} ${NODE_FILES.freeswitchVars}`,
    '',
  ].join('\n');
}
