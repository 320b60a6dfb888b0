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
  nodeOverrideParameterPrefix,
  nodeSecretParameterPrefix,
  nodeStatusParameterPrefix,
} from '../src/model/deploy-names.js';

/**
 * AWS managed policies: only the CloudWatch agent's (its parameter reads are limited to
 * `AmazonCloudWatch-*`). Session Manager is written out below instead of AmazonSSMManagedInstanceCore,
 * which grants `ssm:GetParameter` on every parameter: with `kms:Decrypt` via SSM, a staging node
 * could read production's secrets.
 */
export const MANAGED_POLICIES = ['CloudWatchAgentServerPolicy'] as const;

/** What the SSM agent needs for Session Manager and Run Command, and nothing that reads parameters. */
export const SESSION_MANAGER_ACTIONS = {
  ssm: ['ssm:UpdateInstanceInformation', 'ssm:ListInstanceAssociations', 'ssm:DescribeInstanceProperties'],
  ssmmessages: [
    'ssmmessages:CreateControlChannel',
    'ssmmessages:CreateDataChannel',
    'ssmmessages:OpenControlChannel',
    'ssmmessages:OpenDataChannel',
  ],
  ec2messages: [
    'ec2messages:AcknowledgeMessage',
    'ec2messages:DeleteMessage',
    'ec2messages:FailMessage',
    'ec2messages:GetEndpoint',
    'ec2messages:GetMessages',
    'ec2messages:SendReply',
  ],
} as const;

/**
 * The nodes' instance role: read this environment's bundles and SSM parameters (nothing of another
 * environment), write its own status parameters, and, in an active/standby group, move the
 * service address. Session Manager is
 * written out (no parameter reads); the CloudWatch agent's managed policy is attached.
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
        // Only what nodes install: the bundles and the agent package (never another prefix).
        sid: 'ReadBundles',
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [`${props.bucketArn}/bundles/*`, `${props.bucketArn}/agent/*`],
      },
      // A missing object is then a 404 (first boot waits for a bundle), not a 403.
      { sid: 'ListBundles', actions: ['s3:ListBucket'], resources: [props.bucketArn] },
      {
        sid: 'ReadParameters',
        actions: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'],
        resources: [
          parameter(bundleParameterName(platform, environment)),
          parameter(nodeSecretParameterPrefix(platform, environment)),
          parameter(`${nodeSecretParameterPrefix(platform, environment)}/*`),
          // pbxc node pause|resume|pin: the per-node override the agent reads.
          parameter(`${nodeOverrideParameterPrefix(platform, environment)}/*`),
        ],
      },
      {
        sid: 'SessionManager',
        actions: Object.values(SESSION_MANAGER_ACTIONS).flat(),
        resources: ['*'],
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
