import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group/index.js';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule/index.js';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule/index.js';
import { Construct } from 'constructs';
import type { Model } from '../src/index.js';
import { ingressRules } from './ingress-rules.js';

/**
 * The nodes' security group: the same openings as the nftables policy on the node, so a packet the
 * node would accept is not dropped earlier by AWS, and the host firewall is not the only wall.
 * One resource per rule (not inline blocks), so changing one whitelist entry replaces one rule.
 */
export class PbxSecurityGroup extends Construct {
  readonly group: SecurityGroup;

  constructor(
    scope: Construct,
    id: string,
    props: {
      readonly model: Model;
      readonly name: string;
      readonly vpcId: string;
      /** The SIP UDP port the HA watchers probe each other on (active/standby only). */
      readonly peerProbePort?: number;
    },
  ) {
    super(scope, id);
    this.group = new SecurityGroup(this, 'group', {
      name: props.name,
      description: `pbxc PBX nodes of ${props.name}`,
      vpcId: props.vpcId,
      tags: { Name: props.name },
    });
    for (const rule of ingressRules(props.model)) {
      new VpcSecurityGroupIngressRule(this, `in-${rule.id}`, {
        securityGroupId: this.group.id,
        ipProtocol: rule.protocol,
        fromPort: rule.fromPort,
        toPort: rule.toPort,
        ...(rule.family === 4 ? { cidrIpv4: rule.cidr } : { cidrIpv6: rule.cidr }),
        description: rule.description,
      });
    }
    if (props.peerProbePort !== undefined) {
      // The standby's health check (SIP OPTIONS) reaches the active whatever sip_access says.
      new VpcSecurityGroupIngressRule(this, 'in-ha-probe', {
        securityGroupId: this.group.id,
        ipProtocol: 'udp',
        fromPort: props.peerProbePort,
        toPort: props.peerProbePort,
        referencedSecurityGroupId: this.group.id,
        description: 'pbxc HA health check between nodes',
      });
    }
    // Terraform removes the default allow-all egress of a new group; nodes must reach trunks, phones,
    // package mirrors and NTP, and the nftables policy filters input only.
    new VpcSecurityGroupEgressRule(this, 'out-all-ipv4', {
      securityGroupId: this.group.id,
      ipProtocol: '-1',
      cidrIpv4: '0.0.0.0/0',
      description: 'pbxc all outbound',
    });
    new VpcSecurityGroupEgressRule(this, 'out-all-ipv6', {
      securityGroupId: this.group.id,
      ipProtocol: '-1',
      cidrIpv6: '::/0',
      description: 'pbxc all outbound',
    });
  }
}
