import { DataAwsRoute53Zone } from '@cdktf/provider-aws/lib/data-aws-route53-zone/index.js';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record/index.js';
import { Construct } from 'constructs';
import { nodeFqdn } from './names.js';
import type { PbxNode } from './node-instances.js';

/** Records change with the nodes; a short TTL keeps a replaced address from lingering in caches. */
const TTL = 300;

/**
 * DNS in the environment's existing public zone (pbxc never creates zones: delegation is the
 * zone owner's business): an A record per node, and the provisioning host when it lies in the
 * zone, answering with every node so phones reach whichever is up. Only A records: the nodes run in
 * the default VPC, whose subnets have no IPv6 unless someone adds it, and an AAAA without an
 * address would send IPv6 clients nowhere.
 */
export class PbxDns extends Construct {
  constructor(
    scope: Construct,
    id: string,
    props: { readonly zone: string; readonly nodes: readonly PbxNode[]; readonly provisioningHost: string },
  ) {
    super(scope, id);
    const zone = new DataAwsRoute53Zone(this, 'zone', { name: props.zone, privateZone: false });
    for (const node of props.nodes) {
      new Route53Record(this, node.name, {
        zoneId: zone.zoneId,
        name: nodeFqdn(node.name, props.zone),
        type: 'A',
        ttl: TTL,
        records: [node.eip.publicIp],
      });
    }
    if (inZone(props.provisioningHost, props.zone)) {
      new Route53Record(this, 'provisioning', {
        zoneId: zone.zoneId,
        name: props.provisioningHost,
        type: 'A',
        ttl: TTL,
        records: props.nodes.map((n) => n.eip.publicIp),
      });
    }
  }
}

export function inZone(host: string, zone: string): boolean {
  return host === zone || host.endsWith(`.${zone}`);
}
