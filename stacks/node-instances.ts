import { Eip } from '@cdktf/provider-aws/lib/eip/index.js';
import { EipAssociation } from '@cdktf/provider-aws/lib/eip-association/index.js';
import { Instance } from '@cdktf/provider-aws/lib/instance/index.js';
import { Construct } from 'constructs';
import type { EnvironmentModel } from '../src/index.js';
import { debianAmi } from './debian-ami.js';
import { nodeFqdn, nodeName } from './names.js';
import { nodeUserData } from './user-data.js';

export interface PbxNode {
  /** "pbx-1". */
  readonly name: string;
  readonly fqdn?: string;
  readonly instance: Instance;
  readonly eip: Eip;
}

/**
 * The environment's PBX nodes: one EC2 instance and one Elastic IP each. The address is allocated
 * on its own and tied to the instance by a separate association: an EIP that named its instance
 * would depend on it, and the instance's user data could not carry the address. It also survives
 * instance replacement, which matters because phones, trunk providers and DNS point at it.
 */
export class PbxNodes extends Construct {
  readonly nodes: readonly PbxNode[];

  constructor(
    scope: Construct,
    id: string,
    props: {
      readonly platform: string;
      readonly environment: EnvironmentModel;
      readonly stackName: string;
      readonly securityGroupId: string;
    },
  ) {
    super(scope, id);
    const env = props.environment;
    const ami = env.ami ?? debianAmi(this, env.instanceType).id;
    this.nodes = Array.from({ length: env.nodes }, (_, i) => {
      const name = nodeName(i + 1);
      const fqdn = env.dnsZone ? nodeFqdn(name, env.dnsZone) : undefined;
      const tag = `${props.stackName}-${name}`;
      const eip = new Eip(this, `${name}-eip`, { domain: 'vpc', tags: { Name: tag } });
      const instance = new Instance(this, name, {
        ami,
        instanceType: env.instanceType,
        ...(env.sshKey ? { keyName: env.sshKey } : {}),
        vpcSecurityGroupIds: [props.securityGroupId],
        userData: nodeUserData({
          platform: props.platform,
          environment: env.name,
          node: name,
          ...(fqdn ? { fqdn } : {}),
          publicIpv4: eip.publicIp,
        }),
        // IMDSv2 only: a request forged through a SIP or HTTP parser cannot read instance credentials.
        metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled' },
        rootBlockDevice: { volumeType: 'gp3', volumeSize: 20, encrypted: true },
        tags: { Name: tag },
        // A newer Debian image must not replace a running PBX; a pinned ami is changed on purpose.
        ...(env.ami ? {} : { lifecycle: { ignoreChanges: ['ami'] } }),
      });
      new EipAssociation(this, `${name}-eip-association`, {
        allocationId: eip.allocationId,
        instanceId: instance.id,
      });
      return { name, ...(fqdn ? { fqdn } : {}), instance, eip };
    });
  }
}
