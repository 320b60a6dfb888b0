import { EfsFileSystem } from '@cdktf/provider-aws/lib/efs-file-system/index.js';
import { EfsMountTarget } from '@cdktf/provider-aws/lib/efs-mount-target/index.js';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group/index.js';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule/index.js';
import { Construct } from 'constructs';
import type { NodeSubnet } from './network.js';

/**
 * The state an active/standby group shares (nodes > 1): an encrypted EFS file system, mounted by
 * every node at /var/lib/freeswitch, so voicemail, recordings and FreeSWITCH's databases (DND,
 * forwarding and the other feature-code state, registrations) are where the next active node
 * looks. Only the active node runs FreeSWITCH, so one writer at a time. A mount target in each
 * node subnet; NFS only from the nodes' security group. `prevent_destroy`: deleting it loses every
 * voicemail.
 */
export class SharedStorage extends Construct {
  readonly fileSystem: EfsFileSystem;
  readonly mountTargets: readonly EfsMountTarget[];

  constructor(
    scope: Construct,
    id: string,
    props: {
      readonly name: string;
      readonly vpcId: string;
      readonly subnets: readonly NodeSubnet[];
      readonly nodeSecurityGroupId: string;
    },
  ) {
    super(scope, id);
    this.fileSystem = new EfsFileSystem(this, 'files', {
      creationToken: `${props.name}-state`,
      encrypted: true,
      performanceMode: 'generalPurpose',
      throughputMode: 'elastic',
      tags: { Name: `${props.name}-state` },
      lifecycle: { preventDestroy: true },
    });
    const group = new SecurityGroup(this, 'nfs', {
      name: `${props.name}-nfs`,
      description: `pbxc shared storage of ${props.name}: NFS from the nodes only`,
      vpcId: props.vpcId,
      tags: { Name: `${props.name}-nfs` },
    });
    new VpcSecurityGroupIngressRule(this, 'nfs-from-nodes', {
      securityGroupId: group.id,
      ipProtocol: 'tcp',
      fromPort: 2049,
      toPort: 2049,
      referencedSecurityGroupId: props.nodeSecurityGroupId,
      description: 'pbxc NFS from the PBX nodes',
    });
    this.mountTargets = props.subnets.map(
      (s) =>
        new EfsMountTarget(this, `mount-${s.id}`, {
          fileSystemId: this.fileSystem.id,
          subnetId: s.subnetId,
          securityGroups: [group.id],
        }),
    );
  }
}
