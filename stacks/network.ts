import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones/index.js';
import { DataAwsSubnet } from '@cdktf/provider-aws/lib/data-aws-subnet/index.js';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway/index.js';
import { Route } from '@cdktf/provider-aws/lib/route/index.js';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table/index.js';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association/index.js';
import { Subnet } from '@cdktf/provider-aws/lib/subnet/index.js';
import { Vpc } from '@cdktf/provider-aws/lib/vpc/index.js';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import type { EnvironmentModel } from '../src/index.js';

/** The VPC an environment creates for itself: private range, a /24 per availability zone. */
export const VPC_CIDR = '10.80.0.0/16';
export const SUBNET_CIDRS = ['10.80.0.0/24', '10.80.1.0/24'] as const;

export interface NodeSubnet {
  /** "a", "b": the construct id part. */
  readonly id: string;
  readonly subnetId: string;
  /** IPv4 range, for the nodes' fixed private addresses. */
  readonly cidrBlock: string;
}

/**
 * Where the nodes run. Without `aws.vpc_id` the stack creates its own VPC (the default VPC is not a
 * production dependency: it may be missing, shared, or IPv4-only) with a public subnet in each of two
 * availability zones, IPv4 and IPv6, so an active and a standby never share a zone's failure and
 * the AAAA records and IPv6 rules reach something. With `vpc_id`, the given subnets are used.
 */
export class PbxNetwork extends Construct {
  readonly vpcId: string;
  readonly subnets: readonly NodeSubnet[];

  constructor(
    scope: Construct,
    id: string,
    props: { readonly environment: EnvironmentModel; readonly name: string },
  ) {
    super(scope, id);
    const given = props.environment.network;
    if (given) {
      this.vpcId = given.vpcId;
      this.subnets = given.subnetIds.map((subnetId, i) => {
        const subnet = new DataAwsSubnet(this, `subnet-${i + 1}`, { id: subnetId });
        return { id: `${i + 1}`, subnetId, cidrBlock: subnet.cidrBlock };
      });
      return;
    }
    const vpc = new Vpc(this, 'vpc', {
      cidrBlock: VPC_CIDR,
      assignGeneratedIpv6CidrBlock: true,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: props.name },
    });
    this.vpcId = vpc.id;
    const gateway = new InternetGateway(this, 'gateway', { vpcId: vpc.id, tags: { Name: props.name } });
    const routes = new RouteTable(this, 'public', { vpcId: vpc.id, tags: { Name: `${props.name}-public` } });
    new Route(this, 'default-ipv4', {
      routeTableId: routes.id,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: gateway.id,
    });
    new Route(this, 'default-ipv6', {
      routeTableId: routes.id,
      destinationIpv6CidrBlock: '::/0',
      gatewayId: gateway.id,
    });
    const zones = new DataAwsAvailabilityZones(this, 'zones', { state: 'available' });
    this.subnets = SUBNET_CIDRS.map((cidrBlock, i) => {
      const letter = String.fromCharCode(97 + i);
      const subnet = new Subnet(this, `public-${letter}`, {
        vpcId: vpc.id,
        availabilityZone: Fn.element(zones.names, i),
        cidrBlock,
        ipv6CidrBlock: Fn.cidrsubnet(vpc.ipv6CidrBlock, 8, i),
        assignIpv6AddressOnCreation: true,
        // Nodes get Elastic IPs; nothing else should appear here with a public address.
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.name}-public-${letter}` },
      });
      new RouteTableAssociation(this, `public-${letter}-routes`, {
        subnetId: subnet.id,
        routeTableId: routes.id,
      });
      return { id: letter, subnetId: subnet.id, cidrBlock };
    });
  }
}
