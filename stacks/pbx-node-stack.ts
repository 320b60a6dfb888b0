import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { EnvironmentModel, Model } from '../src/index.js';
import { PbxDns } from './dns.js';
import { stackName } from './names.js';
import { PbxNodes } from './node-instances.js';
import { PbxSecurityGroup } from './security-group.js';
import { stateBackend } from './state-backend.js';

/**
 * One environment's PBX nodes as a Terraform stack of its own: its own state, so planning staging
 * never locks or risks production.
 */
export class PbxNodeStack extends TerraformStack {
  constructor(scope: Construct, model: Model, env: EnvironmentModel) {
    const name = stackName(model.platform.id, env.name);
    super(scope, name);
    new AwsProvider(this, 'aws', {
      region: env.region,
      // On every resource, so the console and the bill show what pbxc manages and for whom.
      defaultTags: [{ tags: { platform: model.platform.id, environment: env.name, 'managed-by': 'pbxc' } }],
    });
    stateBackend(this, name, env.state);
    const firewall = new PbxSecurityGroup(this, 'firewall', { model, name });
    const { nodes } = new PbxNodes(this, 'nodes', {
      platform: model.platform.id,
      environment: env,
      stackName: name,
      securityGroupId: firewall.group.id,
    });
    if (env.dnsZone) {
      new PbxDns(this, 'dns', {
        zone: env.dnsZone,
        nodes,
        provisioningHost: model.platform.provisioning.host,
      });
    }
    new TerraformOutput(this, 'node-public-ips', {
      description: 'Elastic IP of each node, in node order',
      value: nodes.map((n) => n.eip.publicIp),
    });
    new TerraformOutput(this, 'node-dns-names', {
      description: 'DNS name of each node, in node order (empty without dns_zone)',
      value: nodes.flatMap((n) => (n.fqdn ? [n.fqdn] : [])),
    });
    new TerraformOutput(this, 'security-group-id', { value: firewall.group.id });
  }
}
