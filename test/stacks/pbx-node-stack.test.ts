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
  ])('%s runs %i instance(s) of %s, each with an Elastic IP', (name, nodes, type) => {
    const stack = stacks[name]!;
    const instances = resources(stack, 'aws_instance');
    expect(instances).toHaveLength(nodes);
    for (const i of instances) expect(i.instance_type).toBe(type);
    expect(resources(stack, 'aws_eip')).toHaveLength(nodes);
    expect(resources(stack, 'aws_eip_association')).toHaveLength(nodes);
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
    const rules = resources(production, 'aws_vpc_security_group_ingress_rule');
    expect(rules).toHaveLength(ingressRules(model).length);
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

  it("writes each node's own Elastic IP into its user data for FreeSWITCH", () => {
    const eips = Object.keys(production.resource.aws_eip);
    resources(production, 'aws_instance').forEach((instance, i) => {
      const own = `\${aws_eip.${eips[i]}.public_ip}`;
      expect(instance.user_data).toContain(`PBXC_PUBLIC_IPV4=${own}\n`);
      expect(instance.user_data).not.toContain(eips[1 - i]);
    });
  });

  it('publishes an A record per node, and the provisioning host when it is inside the zone', () => {
    const records = resources(production, 'aws_route53_record');
    expect(records.map((r) => [r.name, r.type, r.records.length])).toEqual([
      ['pbx-1.voice.example.net', 'A', 1],
      ['pbx-2.voice.example.net', 'A', 1],
      ['provision.voice.example.net', 'A', 2],
    ]);
    expect(Object.values<{ name: string }>(production.data.aws_route53_zone).map((z) => z.name)).toEqual([
      'voice.example.net',
    ]);
    // provision.voice.example.net is not inside staging.voice.example.net.
    expect(resources(staging, 'aws_route53_record').map((r) => r.name)).toEqual([
      'pbx-1.staging.voice.example.net',
    ]);
  });

  it('outputs the node addresses and DNS names', () => {
    expect(production.output['node-dns-names'].value).toEqual([
      'pbx-1.voice.example.net',
      'pbx-2.voice.example.net',
    ]);
    expect(production.output['node-public-ips'].value).toEqual(
      Object.keys(production.resource.aws_eip).map((id) => `\${aws_eip.${id}.public_ip}`),
    );
  });
});
