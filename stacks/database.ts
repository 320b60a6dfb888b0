import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones/index.js';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document/index.js';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance/index.js';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table/index.js';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association/index.js';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group/index.js';
import { Subnet } from '@cdktf/provider-aws/lib/subnet/index.js';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule/index.js';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import type { NodeSubnet } from './network.js';

/** Private subnets of a stack-made VPC, for the database only (no route out of the VPC). */
export const DB_SUBNET_CIDRS = ['10.80.10.0/24', '10.80.11.0/24'] as const;
export const DB_NAME = 'freeswitch';
export const DB_USER = 'pbxc';
export const DB_PORT = 5432;

/** What a node needs to reach the database (user data: no secret, only where and who). */
export interface DatabaseEndpoint {
  readonly host: string;
  readonly port: number;
  readonly name: string;
  readonly user: string;
  /** The RDS-managed Secrets Manager secret holding the password (an ARN is not a secret). */
  readonly secretArn: string;
}

/**
 * The shared state of an active/standby group (nodes > 1): RDS PostgreSQL 15, Multi-AZ, encrypted,
 * in private subnets of its own (a stack-made VPC) or the given subnets without a public address,
 * reachable on 5432 from the nodes' security group only. The master password is RDS-managed
 * (`manage_master_user_password`): RDS generates it into Secrets Manager, so it never appears in the
 * Terraform JSON, the state or the user data; the nodes' role may read exactly that secret, and each
 * node writes it into its own libpq passfile (docs/ha.md). Deletion protection, a final snapshot
 * and `prevent_destroy`: deleting it loses every voicemail index, DND and forward.
 */
export class GroupDatabase extends Construct {
  readonly instance: DbInstance;
  readonly endpoint: DatabaseEndpoint;

  constructor(
    scope: Construct,
    id: string,
    props: {
      readonly name: string;
      readonly vpcId: string;
      /** The nodes' subnets when the stack made the VPC (the database gets private ones beside them). */
      readonly createdVpc: boolean;
      readonly nodeSubnets: readonly NodeSubnet[];
      readonly nodeSecurityGroupId: string;
      /** The nodes' IAM role name (gets read access to the password secret). */
      readonly nodeRoleName: string;
    },
  ) {
    super(scope, id);
    const subnetIds = props.createdVpc
      ? this.privateSubnets(props.name, props.vpcId)
      : props.nodeSubnets.map((s) => s.subnetId);
    const subnets = new DbSubnetGroup(this, 'subnets', {
      name: `${props.name}-db`,
      subnetIds,
      tags: { Name: `${props.name}-db` },
    });
    const group = new SecurityGroup(this, 'firewall', {
      name: `${props.name}-db`,
      description: `pbxc database of ${props.name}: PostgreSQL from the nodes only`,
      vpcId: props.vpcId,
      tags: { Name: `${props.name}-db` },
    });
    new VpcSecurityGroupIngressRule(this, 'postgres-from-nodes', {
      securityGroupId: group.id,
      ipProtocol: 'tcp',
      fromPort: DB_PORT,
      toPort: DB_PORT,
      referencedSecurityGroupId: props.nodeSecurityGroupId,
      description: 'pbxc PostgreSQL from the PBX nodes',
    });
    this.instance = new DbInstance(this, 'postgres', {
      identifier: `${props.name}-db`,
      engine: 'postgres',
      engineVersion: '15',
      instanceClass: 'db.t4g.small',
      allocatedStorage: 20,
      maxAllocatedStorage: 100,
      storageType: 'gp3',
      storageEncrypted: true,
      multiAz: true,
      dbName: DB_NAME,
      username: DB_USER,
      manageMasterUserPassword: true,
      port: DB_PORT,
      dbSubnetGroupName: subnets.name,
      vpcSecurityGroupIds: [group.id],
      publiclyAccessible: false,
      backupRetentionPeriod: 7,
      deletionProtection: true,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: `${props.name}-db-final`,
      autoMinorVersionUpgrade: true,
      // Minor upgrades and Multi-AZ fail-overs of RDS itself: the nodes fence for their length.
      applyImmediately: false,
      copyTagsToSnapshot: true,
      tags: { Name: `${props.name}-db` },
      lifecycle: { preventDestroy: true },
    });
    const secretArn = this.instance.masterUserSecret.get(0).secretArn;
    const read = new DataAwsIamPolicyDocument(this, 'read-password', {
      statement: [
        { sid: 'DatabasePassword', actions: ['secretsmanager:GetSecretValue'], resources: [secretArn] },
      ],
    });
    new IamRolePolicy(this, 'node-password', {
      name: 'pbxc-database-password',
      role: props.nodeRoleName,
      policy: read.json,
    });
    this.endpoint = { host: this.instance.address, port: DB_PORT, name: DB_NAME, user: DB_USER, secretArn };
  }

  private privateSubnets(name: string, vpcId: string): string[] {
    const zones = new DataAwsAvailabilityZones(this, 'zones', { state: 'available' });
    // A route table of its own with no route out: only the VPC's local route.
    const routes = new RouteTable(this, 'private', { vpcId, tags: { Name: `${name}-db-private` } });
    return DB_SUBNET_CIDRS.map((cidrBlock, i) => {
      const letter = String.fromCharCode(97 + i);
      const subnet = new Subnet(this, `private-${letter}`, {
        vpcId,
        availabilityZone: Fn.element(zones.names, i),
        cidrBlock,
        mapPublicIpOnLaunch: false,
        tags: { Name: `${name}-db-private-${letter}` },
      });
      new RouteTableAssociation(this, `private-${letter}-routes`, {
        subnetId: subnet.id,
        routeTableId: routes.id,
      });
      return subnet.id;
    });
  }
}
