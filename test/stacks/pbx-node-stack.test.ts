import { describe, expect, it } from 'vitest';
import { ingressRules } from '../../stacks/ingress-rules.js';
import { exampleModel } from '../helpers/example.js';
import { resources, synthModel } from './synth.js';

describe('stacks of the example spec', async () => {
  const model = await exampleModel();
  const { files, stacks } = await synthModel(model);
  const production = stacks['pbxc-voice-example-production']!;
  const staging = stacks['pbxc-voice-example-staging']!;

  it('synthesizes one stack per environment, listed in the manifest', () => {
    expect(Object.keys(stacks).sort()).toEqual([
      'pbxc-voice-example-production',
      'pbxc-voice-example-staging',
    ]);
    expect(Object.keys(JSON.parse(files.get('manifest.json')!).stacks).sort()).toEqual(
      Object.keys(stacks).sort(),
    );
  });

  it.each([
    ['pbxc-voice-example-production', 2, 'c6i.large'],
    ['pbxc-voice-example-staging', 1, 't3.small'],
  ])('%s runs %i instance(s) of %s, with one service address', (name, nodes, type) => {
    const stack = stacks[name]!;
    const instances = resources(stack, 'aws_instance');
    expect(instances).toHaveLength(nodes);
    for (const i of instances) expect(i.instance_type).toBe(type);
    // One node: its address is the service address. Two: one each plus the floating service address.
    expect(resources(stack, 'aws_eip')).toHaveLength(nodes === 1 ? 1 : nodes + 1);
    expect(resources(stack, 'aws_eip_association')).toHaveLength(nodes);
    expect(Object.keys(stack.resource.aws_eip)).toContainEqual(expect.stringMatching(/^service-eip/));
  });

  it('sets the provider region and the pbxc tags on every resource', () => {
    expect(production.provider.aws).toEqual([
      {
        region: 'eu-central-1',
        default_tags: [
          { tags: { platform: 'voice-example', environment: 'production', 'managed-by': 'pbxc' } },
        ],
      },
    ]);
    expect(staging.provider.aws[0].default_tags[0].tags.environment).toBe('staging');
  });

  it('keeps production state in its S3 bucket, with locking, and staging state on disk', () => {
    expect(production.terraform.backend).toEqual({
      s3: {
        bucket: 'voice-example-tfstate',
        key: 'pbxc/voice-example/production.tfstate',
        region: 'eu-central-1',
        encrypt: true,
        use_lockfile: true,
      },
    });
    expect(staging.terraform.backend).toEqual({
      local: { path: '../../../terraform.pbxc-voice-example-staging.tfstate' },
    });
  });

  it('uses the latest official Debian 12 image, without replacing nodes when a newer one appears', () => {
    const [ami] = Object.values<{ owners: string[]; filter: { name: string; values: string[] }[] }>(
      production.data.aws_ami,
    );
    expect(ami!.owners).toEqual(['136693071363']);
    expect(ami!.filter).toContainEqual({ name: 'name', values: ['debian-12-amd64-*'] });
    for (const i of resources(production, 'aws_instance')) {
      expect(i.ami).toMatch(/^\$\{data\.aws_ami\.[^}]+\.id\}$/);
      expect(i.lifecycle).toEqual({ ignore_changes: ['ami'] });
      expect(i.metadata_options.http_tokens).toBe('required');
    }
  });

  it('has one security group rule per entry of the ingress plan, the admin port from the office only', () => {
    const rules = resources(production, 'aws_vpc_security_group_ingress_rule').filter(
      (r) => r.cidr_ipv4 || r.cidr_ipv6,
    );
    expect(rules).toHaveLength(ingressRules(model).length);
    // Besides the CIDR rules: the HA probe between nodes, NFS to the shared storage and
    // PostgreSQL to the group's database, by group.
    const byGroup = resources(production, 'aws_vpc_security_group_ingress_rule').filter(
      (r) => r.referenced_security_group_id,
    );
    expect(byGroup.map((r) => [r.ip_protocol, r.from_port]).sort()).toEqual([
      ['tcp', 2049],
      ['tcp', 5432],
      ['udp', 5060],
    ]);
    const admin = rules.filter((r) => r.from_port === 22);
    expect(admin).toEqual([
      {
        security_group_id: expect.stringMatching(/^\$\{aws_security_group\.[^}]+\.id\}$/),
        ip_protocol: 'tcp',
        from_port: 22,
        to_port: 22,
        cidr_ipv4: '203.0.113.0/24',
        description: 'pbxc admin from office',
      },
    ]);
    expect(resources(production, 'aws_vpc_security_group_egress_rule').map((r) => r.ip_protocol)).toEqual([
      '-1',
      '-1',
    ]);
  });

  it('derives construct ids from names, never from counters', () => {
    const ids = Object.keys(production.resource.aws_vpc_security_group_ingress_rule);
    expect(ids).toContainEqual(expect.stringMatching(/^firewall_in-tcp-22-203-0-113-0-24_[0-9A-F]{8}$/));
    expect(Object.keys(production.resource.aws_instance)).toEqual([
      expect.stringMatching(/^nodes_pbx-1_/),
      expect.stringMatching(/^nodes_pbx-2_/),
    ]);
  });

  it('writes the service address into every node of the group, and each node its own address', () => {
    const service =
      '${aws_eip.' +
      Object.keys(production.resource.aws_eip).find((id) => id.startsWith('service-eip'))! +
      '.public_ip}';
    const own = Object.keys(production.resource.aws_eip).filter((id) => id.startsWith('nodes_'));
    resources(production, 'aws_instance').forEach((instance, i) => {
      expect(instance.user_data).toContain(`PBXC_PUBLIC_IPV4=${service}\n`);
      expect(instance.user_data).toContain(`PBXC_NODE_PUBLIC_IPV4=\${aws_eip.${own[i]}.public_ip}\n`);
      expect(instance.user_data).toContain('PBXC_HA=active-standby');
      expect(instance.secondary_private_ips).toHaveLength(1);
    });
    const single = resources(staging, 'aws_instance')[0]!;
    expect(single.user_data).not.toContain('PBXC_HA');
    expect(single.secondary_private_ips).toBeUndefined();
  });

  it('never lets Terraform associate the floating address (the HA watcher owns it)', () => {
    const service = Object.keys(production.resource.aws_eip).find((id) => id.startsWith('service-eip'))!;
    for (const a of resources(production, 'aws_eip_association'))
      expect(a.allocation_id).not.toContain(service);
    const [single] = resources(staging, 'aws_eip_association');
    expect(single!.allocation_id).toContain('service-eip');
  });

  it('publishes the service name, tenant domains in the zone with SRV, the provisioning host and each node', () => {
    const records = resources(production, 'aws_route53_record').map((r) => [r.name, r.type, ...r.records]);
    const service = expect.stringMatching(/^\$\{aws_eip\.service-eip\.public_ip\}$/);
    expect(records).toEqual(
      expect.arrayContaining([
        ['sip.voice.example.net', 'A', service],
        ['_sip._udp.sip.voice.example.net', 'SRV', '10 10 5060 sip.voice.example.net'],
        ['abc.voice.example.net', 'A', service],
        ['_sip._udp.abc.voice.example.net', 'SRV', '10 10 5060 sip.voice.example.net'],
        ['_sip._tcp.abc.voice.example.net', 'SRV', '10 10 5060 sip.voice.example.net'],
        ['_sips._tcp.abc.voice.example.net', 'SRV', '10 10 5061 sip.voice.example.net'],
        ['provision.voice.example.net', 'A', service],
        ['pbx-1.voice.example.net', 'A', expect.stringMatching(/nodes_pbx-1-eip/)],
        [
          'pbx-2.voice.example.net',
          'AAAA',
          expect.stringMatching(/aws_instance\.nodes_pbx-2_[^.]+\.ipv6_addresses/),
        ],
      ]),
    );
    // Two nodes: no AAAA for the service (IPv6 cannot follow the floating address), only per node.
    expect(records.filter((r) => r[1] === 'AAAA').map((r) => r[0])).toEqual([
      'pbx-1.voice.example.net',
      'pbx-2.voice.example.net',
    ]);
    // Outside the zone: sip.xynap.tech and pbx.bluebird-dental.example are the customers' to create.
    expect(records.map((r) => r[0])).not.toContainEqual(expect.stringContaining('xynap'));
    // One node: the service name has an AAAA too.
    const stagingRecords = resources(staging, 'aws_route53_record').map((r) => `${r.name} ${r.type}`);
    expect(stagingRecords).toContain('sip.staging.voice.example.net AAAA');
    expect(stagingRecords).not.toContain('provision.voice.example.net A');
  });

  it('outputs the service address and name, the node addresses and DNS names', () => {
    expect(production.output['service-name'].value).toBe('sip.voice.example.net');
    expect(production.output['node-dns-names'].value).toEqual([
      'pbx-1.voice.example.net',
      'pbx-2.voice.example.net',
    ]);
    expect(production.output['node-public-ips'].value).toEqual(
      Object.keys(production.resource.aws_eip)
        .filter((id) => id.startsWith('nodes_'))
        .map((id) => `\${aws_eip.${id}.public_ip}`),
    );
  });
});

describe('an environment in an existing VPC (aws.vpc_id, aws.subnet_ids)', async () => {
  const model = await exampleModel();
  const given = {
    ...model,
    platform: {
      ...model.platform,
      environments: model.platform.environments.map((e) =>
        e.name === 'production'
          ? {
              ...e,
              network: {
                vpcId: 'vpc-0123456789abcdef0',
                subnetIds: ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'],
              },
            }
          : e,
      ),
    },
  };
  const { stacks } = await synthModel(given);
  const production = stacks['pbxc-voice-example-production']!;

  it('creates no VPC and places the nodes in the given subnets, alternating', () => {
    expect(production.resource.aws_vpc).toBeUndefined();
    expect(production.resource.aws_subnet).toBeUndefined();
    expect(resources(production, 'aws_security_group')[0]!.vpc_id).toBe('vpc-0123456789abcdef0');
    expect(resources(production, 'aws_instance').map((i) => i.subnet_id)).toEqual([
      'subnet-0aaaaaaaaaaaaaaaa',
      'subnet-0bbbbbbbbbbbbbbbb',
    ]);
    // Fixed private addresses from each subnet's own range.
    for (const i of resources(production, 'aws_instance'))
      expect(i.private_ip).toMatch(
        /^\$\{cidrhost\(data\.aws_subnet\.network_subnet-\d_[^.]+\.cidr_block, 1[12]\)\}$/,
      );
  });

  it('mounts the shared storage in each given subnet', () => {
    expect(resources(production, 'aws_efs_mount_target').map((m) => m.subnet_id)).toEqual([
      'subnet-0aaaaaaaaaaaaaaaa',
      'subnet-0bbbbbbbbbbbbbbbb',
    ]);
  });
});

describe('the own VPC', async () => {
  const { stacks } = await synthModel(await exampleModel());
  const staging = stacks['pbxc-voice-example-staging']!;

  it('has IPv6, two public subnets in two zones and default routes for both families', () => {
    expect(resources(staging, 'aws_vpc')[0]).toMatchObject({
      cidr_block: '10.80.0.0/16',
      assign_generated_ipv6_cidr_block: true,
    });
    const subnets = resources(staging, 'aws_subnet');
    expect(subnets.map((s) => s.cidr_block)).toEqual(['10.80.0.0/24', '10.80.1.0/24']);
    expect(subnets.map((s) => s.availability_zone)).toEqual([
      expect.stringMatching(/element\(data\.aws_availability_zones\.[^.]+\.names, 0\)/),
      expect.stringMatching(/element\(data\.aws_availability_zones\.[^.]+\.names, 1\)/),
    ]);
    for (const s of subnets) expect(s.assign_ipv6_address_on_creation).toBe(true);
    expect(
      resources(staging, 'aws_route').map((r) => r.destination_cidr_block ?? r.destination_ipv6_cidr_block),
    ).toEqual(['0.0.0.0/0', '::/0']);
    expect(resources(staging, 'aws_instance')[0]!.ipv6_address_count).toBe(1);
  });

  it('gives the bundle bucket the name publish uses, kept from deletion', () => {
    const [bucket] = resources(staging, 'aws_s3_bucket');
    expect(bucket).toMatchObject({
      bucket: 'pbxc-voice-example-staging-bundles',
      lifecycle: { prevent_destroy: true },
    });
  });
});
