import { Eip } from '@cdktf/provider-aws/lib/eip/index.js';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { Fn, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { dnsPlan, servesIpv6 } from '../src/cloud/dns-records.js';
import { nodeBootstrap } from '../src/deploy/bootstrap/node-bootstrap.js';
import type { EnvironmentModel, Model } from '../src/index.js';
import { BundleBucket } from './bundle-bucket.js';
import { GroupDatabase } from './database.js';
import { PbxDns } from './dns.js';
import { stackName } from './names.js';
import { PbxNetwork } from './network.js';
import { PbxNodes } from './node-instances.js';
import { NodeRole } from './node-role.js';
import { NodeRecovery } from './recovery.js';
import { PbxSecurityGroup } from './security-group.js';
import { SharedStorage } from './shared-storage.js';
import { stateBackend } from './state-backend.js';

/**
 * One environment as a Terraform stack of its own: its own state, so planning staging never locks
 * or risks production. Network, firewall, bundle bucket, instance role, nodes with their addresses
 * and recovery alarms, shared storage for an active/standby group, DNS.
 */
export class PbxNodeStack extends TerraformStack {
  constructor(scope: Construct, model: Model, env: EnvironmentModel) {
    const name = stackName(model.platform.id, env.name);
    super(scope, name);
    const platform = model.platform.id;
    new AwsProvider(this, 'aws', {
      region: env.region,
      // On every resource, so the console and the bill show what pbxc manages and for whom.
      defaultTags: [{ tags: { platform, environment: env.name, 'managed-by': 'pbxc' } }],
    });
    stateBackend(this, name, env.state);
    const floating = env.nodes > 1;
    const network = new PbxNetwork(this, 'network', { environment: env, name });
    const firewall = new PbxSecurityGroup(this, 'firewall', {
      model,
      name,
      vpcId: network.vpcId,
      ...(floating ? { peerProbePort: model.platform.sip.ports.udp } : {}),
    });
    const bundles = new BundleBucket(this, 'bundles', { platform, environment: env.name });
    const serviceEip = new Eip(this, 'service-eip', { domain: 'vpc', tags: { Name: `${name}-service` } });
    const role = new NodeRole(this, 'node-role', {
      name,
      platform,
      environment: env.name,
      region: env.region,
      bucketArn: bundles.bucket.arn,
      ...(floating ? { serviceAllocationId: serviceEip.allocationId } : {}),
      ...(env.dnsZone ? { acmeZone: env.dnsZone } : {}),
    });
    const storage = floating
      ? new SharedStorage(this, 'shared-state', {
          name,
          vpcId: network.vpcId,
          subnets: network.subnets,
          nodeSecurityGroupId: firewall.group.id,
        })
      : undefined;
    // The group's shared state and the arbiter of who is active (docs/ha.md).
    const database = floating
      ? new GroupDatabase(this, 'database', {
          name,
          vpcId: network.vpcId,
          createdVpc: !env.network,
          nodeSubnets: network.subnets,
          nodeSecurityGroupId: firewall.group.id,
          nodeRoleName: role.profile.role,
        })
      : undefined;
    const group = new PbxNodes(this, 'nodes', {
      platform,
      environment: env,
      stackName: name,
      securityGroupId: firewall.group.id,
      subnets: network.subnets,
      instanceProfile: role.profile.name,
      sipUdpPort: model.platform.sip.ports.udp,
      serviceEip,
      // After the identity lines: packages, FreeSWITCH, the agent and the first activation.
      bootstrap: (node) => nodeBootstrap(model, env, node),
      ...(storage
        ? { sharedStorage: { dnsName: storage.fileSystem.dnsName, ready: storage.mountTargets } }
        : {}),
      ...(database ? { database: database.endpoint } : {}),
    });
    const { nodes } = group;
    new NodeRecovery(this, 'recovery', {
      nodes,
      region: env.region,
      partition: role.partition.partition,
      stackName: name,
    });
    const dns = dnsPlan(model, env);
    const serviceIpv6 =
      servesIpv6(env) && nodes[0] ? Fn.element(nodes[0].instance.ipv6Addresses, 0) : undefined;
    if (env.dnsZone) {
      new PbxDns(this, 'dns', {
        zone: env.dnsZone,
        records: dns.inZone,
        addresses: { 'service-ipv4': serviceEip.publicIp, 'service-ipv6': serviceIpv6 },
        nodes,
      });
    }
    new TerraformOutput(this, 'service-address', {
      description: 'The address phones, trunks and DNS use (floating between nodes when nodes > 1)',
      value: serviceEip.publicIp,
    });
    new TerraformOutput(this, 'service-address-ipv6', {
      description: 'IPv6 service address (one node only; empty for an active/standby group)',
      value: serviceIpv6 ?? '',
    });
    new TerraformOutput(this, 'service-name', {
      description: 'DNS name of the service (empty without dns_zone)',
      value: dns.serviceName ?? '',
    });
    new TerraformOutput(this, 'node-public-ips', {
      description: "Each node's own Elastic IP, in node order",
      value: nodes.map((n) => n.eip.publicIp),
    });
    new TerraformOutput(this, 'node-dns-names', {
      description: 'DNS name of each node, in node order (empty without dns_zone)',
      value: nodes.flatMap((n) => (n.fqdn ? [n.fqdn] : [])),
    });
    new TerraformOutput(this, 'bundle-bucket', { value: bundles.bucket.bucket });
    new TerraformOutput(this, 'security-group-id', { value: firewall.group.id });
  }
}
