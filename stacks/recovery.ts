import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm/index.js';
import { Construct } from 'constructs';
import type { PbxNode } from './node-instances.js';

/**
 * A CloudWatch alarm per node that recovers the instance when AWS's system status check fails
 * (failed host hardware, lost network, power): EC2 moves it to healthy hardware with the same
 * instance id, private addresses, Elastic IPs and volumes, so nothing else changes.
 */
export class NodeRecovery extends Construct {
  constructor(
    scope: Construct,
    id: string,
    props: {
      readonly nodes: readonly PbxNode[];
      readonly region: string;
      readonly partition: string;
      readonly stackName: string;
    },
  ) {
    super(scope, id);
    for (const node of props.nodes) {
      new CloudwatchMetricAlarm(this, node.name, {
        alarmName: `${props.stackName}-${node.name}-recover`,
        alarmDescription: `pbxc: recover ${node.name} when its system status check fails`,
        namespace: 'AWS/EC2',
        metricName: 'StatusCheckFailed_System',
        dimensions: { InstanceId: node.instance.id },
        statistic: 'Maximum',
        period: 60,
        evaluationPeriods: 2,
        threshold: 1,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        alarmActions: [`arn:${props.partition}:automate:${props.region}:ec2:recover`],
      });
    }
  }
}
