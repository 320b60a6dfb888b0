import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity/index.js';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document/index.js';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition/index.js';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment/index.js';
import { Construct } from 'constructs';
import {
  bundleParameterName,
  nodeSecretParameterPrefix,
  nodeStatusParameterPrefix,
} from '../src/model/deploy-names.js';

/** AWS managed policies: Session Manager (so SSH can stay closed) and the CloudWatch agent. */
export const MANAGED_POLICIES = ['AmazonSSMManagedInstanceCore', 'CloudWatchAgentServerPolicy'] as const;

/**
 * The nodes' instance role: read this environment's bundles and SSM parameters (nothing of another
 * environment), write its own status parameters, and, in an active/standby group, move the
 * service address. Everything else a node needs comes from the two managed policies.
 */
export class NodeRole extends Construct {
  readonly profile: IamInstanceProfile;
  readonly partition: DataAwsPartition;
  readonly account: DataAwsCallerIdentity;

  constructor(
    scope: Construct,
    id: string,
    props: {
      readonly name: string;
      readonly platform: string;
      readonly environment: string;
      readonly region: string;
      readonly bucketArn: string;
      /** The floating service address's allocation id (nodes > 1). */
      readonly serviceAllocationId?: string;
      /** The environment's DNS zone: nodes answer ACME DNS-01 challenges for their names in it. */
      readonly acmeZone?: string;
    },
  ) {
    super(scope, id);
    this.partition = new DataAwsPartition(this, 'partition');
    this.account = new DataAwsCallerIdentity(this, 'account');
    const p = this.partition.partition;
    const parameter = (path: string) =>
      `arn:${p}:ssm:${props.region}:${this.account.accountId}:parameter${path}`;
    const assume = new DataAwsIamPolicyDocument(this, 'assume', {
      statement: [
        {
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: [`ec2.${this.partition.dnsSuffix}`] }],
        },
      ],
    });
    const role = new IamRole(this, 'role', {
      name: `${props.name}-node`,
      description: `pbxc PBX nodes of ${props.name}`,
      assumeRolePolicy: assume.json,
    });
    const { platform, environment } = props;
    const statements = [
      {
        sid: 'ReadBundles',
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [`${props.bucketArn}/*`],
      },
      { sid: 'ListBundles', actions: ['s3:ListBucket'], resources: [props.bucketArn] },
      {
        sid: 'ReadParameters',
        actions: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'],
        resources: [
          parameter(bundleParameterName(platform, environment)),
          parameter(nodeSecretParameterPrefix(platform, environment)),
          parameter(`${nodeSecretParameterPrefix(platform, environment)}/*`),
        ],
      },
      {
        sid: 'WriteStatus',
        actions: ['ssm:PutParameter', 'ssm:GetParameter'],
        resources: [parameter(`${nodeStatusParameterPrefix(platform, environment)}/*`)],
      },
      {
        // SecureString parameters under the AWS managed key, only through SSM.
        sid: 'DecryptParameters',
        actions: ['kms:Decrypt'],
        resources: ['*'],
        condition: [
          { test: 'StringEquals', variable: 'kms:ViaService', values: [`ssm.${props.region}.amazonaws.com`] },
        ],
      },
      ...(props.acmeZone
        ? [
            // certbot --dns-route53 (docs/deploy.md): find the zone, write only the challenge TXT record.
            { sid: 'AcmeFindZone', actions: ['route53:ListHostedZones'], resources: ['*'] },
            {
              sid: 'AcmeWaitForChange',
              actions: ['route53:GetChange'],
              resources: [`arn:${p}:route53:::change/*`],
            },
            {
              sid: 'AcmeChallengeRecord',
              actions: ['route53:ChangeResourceRecordSets'],
              resources: [`arn:${p}:route53:::hostedzone/*`],
              condition: [
                {
                  test: 'ForAllValues:StringLike',
                  variable: 'route53:ChangeResourceRecordSetsNormalizedRecordNames',
                  values: [`_acme-challenge.*.${props.acmeZone}`],
                },
                {
                  test: 'ForAllValues:StringEquals',
                  variable: 'route53:ChangeResourceRecordSetsRecordTypes',
                  values: ['TXT'],
                },
              ],
            },
          ]
        : []),
      ...(props.serviceAllocationId
        ? [
            { sid: 'SeeServiceAddress', actions: ['ec2:DescribeAddresses'], resources: ['*'] },
            {
              sid: 'MoveServiceAddress',
              actions: ['ec2:AssociateAddress'],
              resources: [
                `arn:${p}:ec2:${props.region}:${this.account.accountId}:elastic-ip/${props.serviceAllocationId}`,
                `arn:${p}:ec2:${props.region}:${this.account.accountId}:network-interface/*`,
                `arn:${p}:ec2:${props.region}:${this.account.accountId}:instance/*`,
              ],
            },
          ]
        : []),
    ];
    const policy = new DataAwsIamPolicyDocument(this, 'policy', { statement: statements });
    new IamRolePolicy(this, 'node', { name: 'pbxc-node', role: role.id, policy: policy.json });
    for (const managed of MANAGED_POLICIES) {
      new IamRolePolicyAttachment(this, managed, {
        role: role.name,
        policyArn: `arn:${p}:iam::aws:policy/${managed}`,
      });
    }
    this.profile = new IamInstanceProfile(this, 'profile', { name: `${props.name}-node`, role: role.name });
  }
}
