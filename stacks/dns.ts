import { DataAwsRoute53Zone } from '@cdktf/provider-aws/lib/data-aws-route53-zone/index.js';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record/index.js';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { DNS_TTL, type DnsAddress, type DnsRecord } from '../src/cloud/dns-records.js';
import type { PbxNode } from './node-instances.js';

/**
 * DNS in the environment's existing public zone (pbxc never creates zones: delegation is the zone
 * owner's business). The service records of `dnsPlan` (service name, tenant domains in the zone,
 * SRV for UDP, TCP and TLS, provisioning host) answer with the service address only, so phones and
 * trunks never split between nodes; each node also gets its own A and AAAA (`pbx-<n>.<zone>`) for
 * administration.
 */
export class PbxDns extends Construct {
  constructor(
    scope: Construct,
    id: string,
    props: {
      readonly zone: string;
      readonly records: readonly DnsRecord[];
      readonly addresses: Readonly<Record<DnsAddress, string | undefined>>;
      readonly nodes: readonly PbxNode[];
    },
  ) {
    super(scope, id);
    const zone = new DataAwsRoute53Zone(this, 'zone', { name: props.zone, privateZone: false });
    const record = (rid: string, name: string, type: string, records: string[]) =>
      new Route53Record(this, rid, { zoneId: zone.zoneId, name, type, ttl: DNS_TTL, records });
    for (const r of props.records) {
      const rid = `${r.type.toLowerCase()}-${r.name.replace(/[^a-z0-9-]/g, '-')}`;
      if (r.type === 'SRV') record(rid, r.name, 'SRV', [`${r.priority} ${r.weight} ${r.port} ${r.target}`]);
      else if (r.type === 'CNAME') record(rid, r.name, 'CNAME', [r.target]);
      else {
        const address = props.addresses[r.address];
        if (address) record(rid, r.name, r.type, [address]);
      }
    }
    for (const node of props.nodes) {
      if (!node.fqdn) continue;
      record(node.name, node.fqdn, 'A', [node.eip.publicIp]);
      record(`${node.name}-ipv6`, node.fqdn, 'AAAA', [Fn.element(node.instance.ipv6Addresses, 0)]);
    }
  }
}
