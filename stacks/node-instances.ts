import { Eip } from '@cdktf/provider-aws/lib/eip/index.js';
import { EipAssociation } from '@cdktf/provider-aws/lib/eip-association/index.js';
import { Instance } from '@cdktf/provider-aws/lib/instance/index.js';
import { Fn, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { primaryHost, serviceHost, subnetIndex } from '../src/ha/layout.js';
import type { EnvironmentModel } from '../src/index.js';
import type { DatabaseEndpoint } from './database.js';
import { debianAmi } from './debian-ami.js';
import { nodeFqdn, nodeName } from './names.js';
import type { NodeSubnet } from './network.js';
import { type NodeIdentity, nodeUserData } from './user-data.js';

export interface PbxNode {
  /** "pbx-1". */
  readonly name: string;
  readonly fqdn?: string;
  readonly instance: Instance;
  /** The node's own address (with one node, also the service address). */
  readonly eip: Eip;
  /** Private address FreeSWITCH binds to: the one the service address maps to on this node. */
  readonly serviceBindIp: string;
}

export interface ServiceAddress {
  readonly eip: Eip;
  /** True when the address floats between nodes (nodes > 1). */
  readonly floating: boolean;
}

/**
 * The environment's PBX nodes. Addresses are allocated on their own and tied to instances by
 * separate associations (an EIP naming its instance would depend on it, and the user data could
 * not carry the address), so they survive instance replacement: phones, trunks and DNS point at
 * them.
 *
 * One node: its Elastic IP is the service address. Several: an active/standby group. Each node has
 * its own Elastic IP on its primary private address and a second private address for the service;
 * the service Elastic IP has no association in Terraform at all: the HA watcher on the nodes
 * (`pbxc ha`) claims it at boot and moves it on failure. Were the association a Terraform resource,
 * the next apply after a failover would move the address back to the failed node.
 */
export class PbxNodes extends Construct {
  readonly nodes: readonly PbxNode[];
  readonly service: ServiceAddress;

  constructor(
    scope: Construct,
    id: string,
    props: {
      readonly platform: string;
      readonly environment: EnvironmentModel;
      readonly stackName: string;
      readonly securityGroupId: string;
      readonly subnets: readonly NodeSubnet[];
      readonly instanceProfile: string;
      readonly sipUdpPort: number;
      /** The service address (allocated by the stack: the instance role names it). */
      readonly serviceEip: Eip;
      /** The node's first-boot script after its identity lines (src/deploy/bootstrap). */
      readonly bootstrap?: (node: { readonly name: string; readonly fqdn?: string }) => string;
      /** DNS name of the shared storage (nodes > 1). */
      readonly sharedStorage?: { readonly dnsName: string; readonly ready: readonly ITerraformDependable[] };
      /** The group's PostgreSQL (nodes > 1): where and who, never the password. */
      readonly database?: DatabaseEndpoint;
    },
  ) {
    super(scope, id);
    const env = props.environment;
    const floating = env.nodes > 1;
    const ami = env.ami ?? (env.nodes > 0 ? debianAmi(this, env.instanceType).id : '');
    const serviceEip = props.serviceEip;
    this.service = { eip: serviceEip, floating };
    const placed = Array.from({ length: env.nodes }, (_, i) => {
      const n = i + 1;
      const subnet = props.subnets[subnetIndex(n, props.subnets.length)]!;
      return {
        n,
        name: nodeName(n),
        subnet,
        primaryIp: Fn.cidrhost(subnet.cidrBlock, primaryHost(n)),
        serviceIp: Fn.cidrhost(subnet.cidrBlock, serviceHost(n)),
      };
    });
    const haNodes = placed.map((p) => ({ name: p.name, ip: p.serviceIp }));
    this.nodes = placed.map(({ name, subnet, primaryIp, serviceIp }) => {
      const fqdn = env.dnsZone ? nodeFqdn(name, env.dnsZone) : undefined;
      const tag = `${props.stackName}-${name}`;
      const eip = floating
        ? new Eip(this, `${name}-eip`, { domain: 'vpc', tags: { Name: tag } })
        : serviceEip;
      const instance = new Instance(this, name, {
        ami,
        instanceType: env.instanceType,
        ...(env.sshKey ? { keyName: env.sshKey } : {}),
        subnetId: subnet.subnetId,
        privateIp: primaryIp,
        ...(floating ? { secondaryPrivateIps: [serviceIp] } : {}),
        ipv6AddressCount: 1,
        vpcSecurityGroupIds: [props.securityGroupId],
        iamInstanceProfile: props.instanceProfile,
        userData: userData(props.bootstrap, name, fqdn, {
          platform: props.platform,
          environment: env.name,
          region: env.region,
          node: name,
          ...(fqdn ? { fqdn } : {}),
          serviceIpv4: serviceEip.publicIp,
          nodeIpv4: eip.publicIp,
          sipBindIpv4: floating ? serviceIp : primaryIp,
          ...(props.database ? { database: props.database } : {}),
          ...(floating && props.sharedStorage
            ? {
                ha: {
                  allocationId: serviceEip.allocationId,
                  nodes: haNodes,
                  sipPort: props.sipUdpPort,
                  storage: props.sharedStorage.dnsName,
                },
              }
            : {}),
        }),
        // IMDSv2 only: a request forged through a SIP or HTTP parser cannot read instance credentials.
        metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled' },
        rootBlockDevice: { volumeType: 'gp3', volumeSize: 20, encrypted: true },
        tags: { Name: tag, 'pbxc-node': name },
        ...(props.sharedStorage && floating ? { dependsOn: [...props.sharedStorage.ready] } : {}),
        // A newer Debian image must not replace a running PBX; a pinned ami is changed on purpose.
        ...(env.ami ? {} : { lifecycle: { ignoreChanges: ['ami'] } }),
      });
      new EipAssociation(this, `${name}-eip-association`, {
        allocationId: eip.allocationId,
        instanceId: instance.id,
        privateIpAddress: primaryIp,
      });
      return {
        name,
        ...(fqdn ? { fqdn } : {}),
        instance,
        eip,
        serviceBindIp: floating ? serviceIp : primaryIp,
      };
    });
  }
}

/**
 * A node's user data: the identity lines (node.env, shared storage, HA watcher), then the first-boot
 * script that turns Debian into a PBX node. Both are shell; no secret is in either.
 */
function userData(
  bootstrap: ((node: { readonly name: string; readonly fqdn?: string }) => string) | undefined,
  name: string,
  fqdn: string | undefined,
  id: NodeIdentity,
): string {
  const identity = nodeUserData(id);
  if (!bootstrap) return identity;
  // Terraform reads every string as a template: the script's own ${…} and %{…} stay literal.
  const script = bootstrap({ name, ...(fqdn ? { fqdn } : {}) })
    .replaceAll('${', () => '$${')
    .replaceAll('%{', () => '%%{');
  return `${identity}${script}`;
}
