import { describe, expect, it } from 'vitest';
import { fixtureModel, resources, synthModel, WHITELIST_SPEC } from './synth.js';

/** The fixture's shapes: pinned ARM AMI with an SSH key and no zone or state; a zone without provisioning. */
describe('stacks of the stacks-whitelist fixture', async () => {
  const { stacks } = await synthModel(await fixtureModel(WHITELIST_SPEC));
  const lab = stacks['pbxc-stacks-lab-lab']!;
  const edge = stacks['pbxc-stacks-lab-edge']!;

  it('uses the region of each environment', () => {
    expect(lab.provider.aws[0].region).toBe('us-west-2');
    expect(edge.provider.aws[0].region).toBe('eu-west-1');
  });

  it('launches a pinned AMI without an image lookup, and lets a new pin replace the nodes', () => {
    expect(lab.data?.aws_ami).toBeUndefined();
    const instances = resources(lab, 'aws_instance');
    expect(instances).toHaveLength(3);
    for (const i of instances) {
      expect(i).toMatchObject({
        ami: 'ami-0123456789abcdef0',
        instance_type: 't4g.small',
        key_name: 'lab-admin',
      });
      expect(i.lifecycle).toBeUndefined();
    }
  });

  it('has no S3 backend, DNS records or DNS names without state and dns_zone', () => {
    expect(Object.keys(lab.terraform.backend)).toEqual(['local']);
    expect(lab.resource.aws_route53_record).toBeUndefined();
    expect(lab.data?.aws_route53_zone).toBeUndefined();
    expect(lab.output['node-dns-names'].value).toEqual([]);
    expect(resources(lab, 'aws_instance')[0]!.user_data).toContain("hostnamectl set-hostname 'pbx-1'\n");
  });

  it('looks up the amd64 Debian image for an x86 instance type', () => {
    const [ami] = Object.values<{ filter: { name: string; values: string[] }[] }>(edge.data.aws_ami);
    expect(ami!.filter).toContainEqual({ name: 'architecture', values: ['x86_64'] });
  });

  it('leaves the provisioning host alone when it lies outside the zone', () => {
    const names = resources(edge, 'aws_route53_record').map((r) => r.name);
    expect(names).toContain('pbx-1.edge.example.com');
    expect(names.some((n) => n.startsWith('provision'))).toBe(false);
  });

  it('opens SIP to the whitelists only', () => {
    const sip = resources(lab, 'aws_vpc_security_group_ingress_rule').filter(
      (r) => r.from_port === 5070 && !r.referenced_security_group_id,
    );
    expect(sip.length).toBeGreaterThan(0);
    for (const r of sip) expect(r.cidr_ipv4 ?? r.cidr_ipv6).not.toMatch(/\/0$/);
  });
});
