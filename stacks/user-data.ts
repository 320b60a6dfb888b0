import { dirname } from 'node:path';
import { HA_UNIT_PATH, haUnit, SHARED_STATE_DIR, sharedStateFstab } from '../src/ha/unit.js';
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
  readonly region: string;
  /** "pbx-1". */
  readonly node: string;
  /** Fully qualified name when the environment has a DNS zone. */
  readonly fqdn?: string;
  /** The service address phones and trunks use (a Terraform reference at synth time). */
  readonly serviceIpv4: string;
  /** The node's own Elastic IP (the service address with one node). */
  readonly nodeIpv4: string;
  /** The private address FreeSWITCH binds to (the one the service address maps to here). */
  readonly sipBindIpv4: string;
  /** The group's PostgreSQL (stacks/database.ts): FreeSWITCH's state and the HA lease. */
  readonly database?: {
    readonly host: string;
    readonly port: number;
    readonly name: string;
    readonly user: string;
    readonly secretArn: string;
  };
  /** Active/standby: the floating address, every node's service-bind address, the shared storage. */
  readonly ha?: {
    readonly allocationId: string;
    readonly nodes: readonly { readonly name: string; readonly ip: string }[];
    readonly sipPort: number;
    readonly storage: string;
  };
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

/** node.env: every fact as KEY=value, in a fixed order. */
export function nodeEnvLines(id: NodeIdentity): string[] {
  const hostname = id.fqdn ?? id.node;
  return [
    `PBXC_PLATFORM=${id.platform}`,
    `PBXC_ENVIRONMENT=${id.environment}`,
    `PBXC_AWS_REGION=${id.region}`,
    `PBXC_NODE=${id.node}`,
    `PBXC_HOSTNAME=${hostname}`,
    // The address FreeSWITCH advertises: the service address, on every node of a group.
    `PBXC_PUBLIC_IPV4=${id.serviceIpv4}`,
    `PBXC_NODE_PUBLIC_IPV4=${id.nodeIpv4}`,
    `PBXC_SIP_BIND_IPV4=${id.sipBindIpv4}`,
    ...(id.ha
      ? [
          'PBXC_HA=active-standby',
          `PBXC_SERVICE_ALLOCATION_ID=${id.ha.allocationId}`,
          `PBXC_HA_NODES=${id.ha.nodes.map((n) => `${n.name}=${n.ip}`).join(',')}`,
          `PBXC_HA_SIP_PORT=${id.ha.sipPort}`,
        ]
      : []),
    // Where the database is and who logs in; the password stays in Secrets Manager until the node
    // writes it into its passfile (NODE_PATHS.dbPassfile).
    ...(id.database
      ? [
          `PBXC_DB_HOST=${id.database.host}`,
          `PBXC_DB_PORT=${id.database.port}`,
          `PBXC_DB_NAME=${id.database.name}`,
          `PBXC_DB_USER=${id.database.user}`,
          'PBXC_DB_SSLMODE=require',
          `PBXC_DB_SECRET_ARN=${id.database.secretArn}`,
        ]
      : []),
  ];
}

export function nodeUserData(id: NodeIdentity): string {
  const hostname = id.fqdn ?? id.node;
  // Values are spec names (validated to [a-z0-9.-]), addresses and AWS ids: nothing the quoted
  // here-documents could expand.
  const lines = [
    '#!/bin/sh',
    `# pbxc: identity of node ${id.node} of ${id.platform}/${id.environment}. No secrets here.`,
    'set -eu',
    `hostnamectl set-hostname '${hostname}'`,
    `install -d -m 0755 ${dirname(NODE_FILES.env)}`,
    `cat > ${NODE_FILES.env} <<'PBXC_EOF'`,
    ...nodeEnvLines(id),
    'PBXC_EOF',
    `chmod 0644 ${NODE_FILES.env}`,
  ];
  if (id.ha) {
    lines.push(
      '# Shared state: voicemail, recordings and FreeSWITCH databases (feature codes, registrations).',
      'command -v mount.nfs4 >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nfs-common; }',
      `install -d -m 0755 ${SHARED_STATE_DIR}`,
      `grep -q ' ${SHARED_STATE_DIR} ' /etc/fstab || echo '${sharedStateFstab(id.ha.storage)}' >> /etc/fstab`,
      `mountpoint -q ${SHARED_STATE_DIR} || mount ${SHARED_STATE_DIR}`,
      '# The HA watcher decides where FreeSWITCH runs: never both nodes at once.',
      `cat > ${HA_UNIT_PATH} <<'PBXC_EOF'`,
      ...haUnit().trimEnd().split('\n'),
      'PBXC_EOF',
      'systemctl daemon-reload',
      'systemctl enable pbxc-ha.service',
    );
  }
  return `${lines.join('\n')}\n`;
}
