import { describe, expect, it } from 'vitest';
import {
  actionOf,
  changedAttributes,
  disruption,
  PlanFormatError,
  summarizePlan,
  summaryLine,
  summaryMarkdown,
} from '../../src/cloud/plan-summary.js';

/** resource_changes as `terraform show -json` writes them (format_version 1.2). */
const change = (address: string, actions: string[], mode = 'managed') => ({
  address,
  mode,
  type: address.split('.')[0],
  name: address.split('.')[1],
  provider_name: 'registry.terraform.io/hashicorp/aws',
  change: { actions, before: null, after: {} },
});

const plan = {
  format_version: '1.2',
  terraform_version: '1.11.4',
  resource_changes: [
    change('aws_instance.nodes_pbx-1_A3BC3B57', ['delete', 'create']),
    change('aws_instance.nodes_pbx-2_0C6D08E5', ['no-op']),
    change('aws_eip.service-eip', ['delete']),
    change('aws_route53_record.dns_a-sip-voice-example-net_1', ['create', 'delete']),
    change('aws_route53_record.dns_srv-x_2', ['update']),
    change('aws_s3_bucket.bundles_bucket_B48C33EA', ['delete']),
    change('aws_efs_file_system.shared-state_files_AFB0CFCA', ['delete']),
    change('aws_vpc_security_group_ingress_rule.firewall_in-tcp-22_1', ['create']),
    change('aws_vpc_security_group_ingress_rule.firewall_in-tcp-23_1', ['delete']),
    change('aws_iam_role.node-role_role_1', ['update']),
    change('data.aws_ami.nodes_debian', ['read'], 'data'),
  ],
};

describe('summarizePlan', () => {
  const s = summarizePlan('production', plan);

  it('counts like Terraform: a replacement is one add and one destroy; no-op and reads do not count', () => {
    expect([s.add, s.change, s.destroy]).toEqual([3, 2, 6]);
    expect(summaryLine(s)).toBe('production: 3 to add, 2 to change, 6 to destroy; 6 destructive');
  });

  it('flags a replaced node, a released address, deleted DNS, bucket, shared storage and firewall rule', () => {
    expect(s.destructive.map((d) => [d.address, d.reason])).toEqual([
      [
        'aws_efs_file_system.shared-state_files_AFB0CFCA',
        'shared storage deleted (voicemail, recordings, feature state)',
      ],
      ['aws_eip.service-eip', 'Elastic IP released'],
      ['aws_instance.nodes_pbx-1_A3BC3B57', 'node replaced'],
      ['aws_route53_record.dns_a-sip-voice-example-net_1', 'DNS record deleted and re-created'],
      ['aws_s3_bucket.bundles_bucket_B48C33EA', 'bundle bucket deleted'],
      [
        'aws_vpc_security_group_ingress_rule.firewall_in-tcp-23_1',
        'firewall rule deleted (the traffic it allowed is dropped)',
      ],
    ]);
  });

  it('flags the loss of a firewall rule, but not a new rule or an update of the role', () => {
    expect(s.destructive.filter((d) => d.type === 'aws_vpc_security_group_ingress_rule')).toEqual([
      {
        address: 'aws_vpc_security_group_ingress_rule.firewall_in-tcp-23_1',
        type: 'aws_vpc_security_group_ingress_rule',
        action: 'delete',
        reason: 'firewall rule deleted (the traffic it allowed is dropped)',
      },
    ]);
    expect(s.destructive.map((d) => d.address)).not.toContain('aws_iam_role.node-role_role_1');
  });

  it.each([
    [
      'aws_instance',
      'update',
      ['user_data'],
      'node updated in place (stopped and started: its calls drop): user_data changed',
    ],
    [
      'aws_instance',
      'update',
      ['instance_type', 'tags'],
      'node updated in place (stopped and started: its calls drop): instance_type changed',
    ],
    ['aws_instance', 'update', ['tags', 'tags_all'], undefined],
    ['aws_instance', 'update', undefined, 'node updated in place (stopped and started: its calls drop)'],
    [
      'aws_security_group_rule',
      'delete',
      undefined,
      'firewall rule deleted (the traffic it allowed is dropped)',
    ],
    [
      'aws_vpc_security_group_egress_rule',
      'replace',
      undefined,
      'firewall rule replaced (its traffic is dropped between delete and create)',
    ],
    ['aws_vpc_security_group_ingress_rule', 'create', undefined, undefined],
    [
      'aws_efs_mount_target',
      'replace',
      undefined,
      'shared storage mount target replaced (NFS mounts in its zone hang until it is back)',
    ],
    [
      'aws_eip_association',
      'replace',
      undefined,
      'Elastic IP association replaced (the address leaves the node for a moment)',
    ],
    [
      'aws_eip_association',
      'delete',
      undefined,
      'Elastic IP association deleted (the node loses its public address)',
    ],
    ['aws_eip_association', 'create', undefined, undefined],
    ['aws_route53_record', 'update', ['records'], undefined],
  ] as const)('disruption(%s %s %j) is %s', (type, action, attributes, expected) => {
    expect(disruption({ address: `${type}.x`, type, action, ...(attributes ? { attributes } : {}) })).toBe(
      expected,
    );
  });

  it.each([
    [{ a: 1, b: 'x' }, { a: 1, b: 'y' }, ['b']],
    [{ a: 1 }, { a: 1, c: [1] }, ['c']],
    [null, { a: 1 }, ['a']],
    [{ t: { k: 'v' } }, { t: { k: 'v' } }, []],
  ])('changedAttributes(%j, %j) is %j', (before, after, expected) => {
    expect(changedAttributes(before, after)).toEqual(expected);
  });

  it('lists every change sorted by address, never data sources', () => {
    expect(s.changes.map((c) => c.address)).toEqual([...s.changes.map((c) => c.address)].sort());
    expect(s.changes.some((c) => c.address.startsWith('data.'))).toBe(false);
    expect(s.changes).toHaveLength(9);
  });

  it('is empty for a plan without changes', () => {
    const none = summarizePlan('staging', { format_version: '1.2' });
    expect(summaryLine(none)).toBe('staging: 0 to add, 0 to change, 0 to destroy');
    expect(summaryMarkdown(none)).toContain('No changes.');
  });

  it('rejects what is not a plan', () => {
    expect(() => summarizePlan('x', null)).toThrow(PlanFormatError);
    expect(() => summarizePlan('x', [])).toThrow(PlanFormatError);
  });

  it.each([
    [['create'], 'create'],
    [['update'], 'update'],
    [['delete'], 'delete'],
    [['delete', 'create'], 'replace'],
    [['create', 'delete'], 'replace'],
    [['no-op'], undefined],
    [['read'], undefined],
  ])('actionOf(%j) is %s', (actions, expected) => {
    expect(actionOf(actions)).toBe(expected);
  });

  it('writes Markdown for the pull request with a warning block for destructive changes', () => {
    const md = summaryMarkdown(s);
    expect(md).toContain('### pbxc plan: production');
    expect(md).toContain('> [!WARNING]');
    expect(md).toContain('> - `aws_eip.service-eip`: Elastic IP released');
    expect(md).toContain('| replace | `aws_instance.nodes_pbx-1_A3BC3B57` |');
  });
});
