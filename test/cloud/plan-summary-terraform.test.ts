import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { summarizePlan, summaryLine } from '../../src/cloud/plan-summary.js';
import { offlineOverride } from '../helpers/fake-aws.js';
import { TERRAFORM_MISSING, tf, tfInit } from '../helpers/terraform.js';

/**
 * The plan summary on a plan the real Terraform and the real AWS provider (offline mirror) made:
 * a state with a running node, its address association, a shared storage mount target and a
 * firewall rule; a configuration that changes the node's user_data (AWS stops and starts it), moves
 * the association and the mount target and drops the rule. `-refresh=false` keeps the provider off
 * the network; the plan file and `terraform show -json` are Terraform's own.
 */
if (TERRAFORM_MISSING)
  console.warn(`SKIPPED: plan summary on a real Terraform plan, because ${TERRAFORM_MISSING}`);

const AWS = 'provider["registry.terraform.io/hashicorp/aws"]';
const resource = (type: string, name: string, attributes: Record<string, unknown>, schemaVersion = 0) => ({
  mode: 'managed',
  type,
  name,
  provider: AWS,
  instances: [{ schema_version: schemaVersion, attributes, sensitive_attributes: [] }],
});
// The provider keeps user_data's SHA-1 in the state, not the text.
const instanceState = (userData: string) => ({
  id: 'i-0123456789abcdef0',
  ami: 'ami-0123456789abcdef0',
  instance_type: 't3.small',
  user_data: createHash('sha1').update(userData).digest('hex'),
  get_password_data: false,
  secondary_private_ips: [],
  ipv6_addresses: [],
  security_groups: [],
  vpc_security_group_ids: [],
  user_data_replace_on_change: false,
  source_dest_check: true,
  tags: { Name: 'pbx-1' },
  tags_all: { Name: 'pbx-1' },
});

describe.skipIf(!!TERRAFORM_MISSING)('plan summary of a real Terraform plan', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pbxc-plan-summary-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let initialised = false;

  async function planOf(config: Record<string, unknown>, state: unknown[]) {
    writeFileSync(
      join(dir, 'main.tf.json'),
      JSON.stringify({
        terraform: { required_providers: { aws: { source: 'hashicorp/aws' } } },
        provider: JSON.parse(offlineOverride('eu-central-1', 'http://127.0.0.1:9')).provider,
        resource: config,
      }),
    );
    writeFileSync(
      join(dir, 'terraform.tfstate'),
      JSON.stringify({
        version: 4,
        terraform_version: '1.11.4',
        serial: 1,
        lineage: '3f0c2a9e-0000-4000-8000-000000000001',
        outputs: {},
        resources: state,
      }),
    );
    if (!initialised) await tfInit(dir);
    initialised = true;
    const planned = await tf(dir, [
      'plan',
      '-refresh=false',
      '-input=false',
      '-no-color',
      '-out=test.tfplan',
    ]);
    expect(planned.code, planned.out).toBe(0);
    const shown = await tf(dir, ['show', '-json', 'test.tfplan']);
    expect(shown.code).toBe(0);
    return { human: planned.out, json: JSON.parse(shown.out.slice(shown.out.indexOf('{'))) };
  }

  it('flags a user_data change (in-place update), a replaced association and mount target, a deleted rule', async () => {
    const { human, json } = await planOf(
      {
        aws_instance: {
          node: {
            ami: 'ami-0123456789abcdef0',
            instance_type: 't3.small',
            user_data: '#!/bin/sh\necho codecs changed\n',
            tags: { Name: 'pbx-1' },
          },
        },
        aws_eip_association: {
          address: { allocation_id: 'eipalloc-0bbbbbbbbbbbbbbbb', instance_id: 'i-0123456789abcdef0' },
        },
        aws_efs_mount_target: {
          shared: { file_system_id: 'fs-0123456789abcdef0', subnet_id: 'subnet-0bbbbbbbbbbbbbbbb' },
        },
      },
      [
        resource('aws_instance', 'node', instanceState('#!/bin/sh\necho before\n'), 1),
        resource('aws_eip_association', 'address', {
          id: 'eipassoc-0aaaaaaaaaaaaaaaa',
          allocation_id: 'eipalloc-0aaaaaaaaaaaaaaaa',
          instance_id: 'i-0123456789abcdef0',
        }),
        resource('aws_efs_mount_target', 'shared', {
          id: 'fsmt-0aaaaaaaaaaaaaaaa',
          file_system_id: 'fs-0123456789abcdef0',
          subnet_id: 'subnet-0aaaaaaaaaaaaaaaa',
        }),
        resource('aws_vpc_security_group_ingress_rule', 'sip', {
          id: 'sgr-0aaaaaaaaaaaaaaaa',
          security_group_id: 'sg-0aaaaaaaaaaaaaaaa',
          ip_protocol: 'udp',
          from_port: 5060,
          to_port: 5060,
          cidr_ipv4: '0.0.0.0/0',
        }),
      ],
    );
    // Terraform itself calls the instance change an in-place update.
    expect(human).toContain('aws_instance.node will be updated in-place');
    const s = summarizePlan('staging', json);
    expect(s.destructive.map((d) => [d.address, d.action, d.reason])).toEqual([
      [
        'aws_efs_mount_target.shared',
        'replace',
        'shared storage mount target replaced (NFS mounts in its zone hang until it is back)',
      ],
      [
        'aws_eip_association.address',
        'replace',
        'Elastic IP association replaced (the address leaves the node for a moment)',
      ],
      [
        'aws_instance.node',
        'update',
        'node updated in place (stopped and started: its calls drop): user_data changed',
      ],
      [
        'aws_vpc_security_group_ingress_rule.sip',
        'delete',
        'firewall rule deleted (the traffic it allowed is dropped)',
      ],
    ]);
    expect(summaryLine(s)).toBe('staging: 2 to add, 1 to change, 3 to destroy; 4 destructive');
  }, 300_000); // the AWS provider takes long to start on a loaded machine

  it('does not flag a tag-only update of a node', async () => {
    const { json } = await planOf(
      {
        aws_instance: {
          node: {
            ami: 'ami-0123456789abcdef0',
            instance_type: 't3.small',
            user_data: '#!/bin/sh\necho same\n',
            tags: { Name: 'pbx-1', team: 'voice' },
          },
        },
      },
      [resource('aws_instance', 'node', instanceState('#!/bin/sh\necho same\n'), 1)],
    );
    const s = summarizePlan('staging', json);
    expect(s.change).toBe(1);
    expect(s.destructive).toEqual([]);
  }, 300_000); // the AWS provider takes long to start on a loaded machine
});
