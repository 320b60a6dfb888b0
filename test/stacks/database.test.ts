import { describe, expect, it } from 'vitest';
import { DB_SUBNET_CIDRS } from '../../stacks/database.js';
import { exampleModel } from '../helpers/example.js';
import { resources, synthModel } from './synth.js';

/** The group database (issue 21): RDS PostgreSQL for every environment with nodes > 1. */
describe('stacks: the database of an active/standby group', async () => {
  const model = await exampleModel();
  const { stacks } = await synthModel(model);
  const production = stacks['pbxc-voice-example-production']!;
  const staging = stacks['pbxc-voice-example-staging']!;
  const db = resources(production, 'aws_db_instance');
  const text = JSON.stringify(production);

  it('creates RDS PostgreSQL 15, Multi-AZ, encrypted, private, kept from deletion, for nodes > 1 only', () => {
    expect(resources(staging, 'aws_db_instance')).toEqual([]);
    expect(db).toHaveLength(1);
    expect(db[0]).toMatchObject({
      engine: 'postgres',
      engine_version: '15',
      multi_az: true,
      storage_encrypted: true,
      publicly_accessible: false,
      deletion_protection: true,
      skip_final_snapshot: false,
      manage_master_user_password: true,
      lifecycle: { prevent_destroy: true },
    });
  });

  it('never carries a password: RDS manages it in Secrets Manager', () => {
    expect(db[0]).not.toHaveProperty('password');
    expect(text).not.toMatch(/"password"\s*:/);
    expect(text).not.toMatch(/random_password|aws_secretsmanager_secret_version/);
  });

  it('sits in private subnets of its own, with a route table that leads nowhere outside the VPC', () => {
    const groups = resources(production, 'aws_db_subnet_group');
    expect(groups).toHaveLength(1);
    const subnets = resources(production, 'aws_subnet').filter((s) => DB_SUBNET_CIDRS.includes(s.cidr_block));
    expect(subnets).toHaveLength(2);
    expect(subnets.every((s) => s.map_public_ip_on_launch === false && !s.ipv6_cidr_block)).toBe(true);
    const tables = resources(production, 'aws_route_table').filter((t) => /db-private/.test(t.tags?.Name));
    expect(tables).toHaveLength(1);
    // No aws_route points at the private table.
    const routes = resources(production, 'aws_route').map((r) => r.route_table_id as string);
    expect(routes.some((id) => id.includes('private'))).toBe(false);
  });

  it('takes PostgreSQL from the nodes security group only', () => {
    const rules = resources(production, 'aws_vpc_security_group_ingress_rule').filter(
      (r) => r.from_port === 5432,
    );
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ ip_protocol: 'tcp', to_port: 5432 });
    expect(rules[0]!.referenced_security_group_id).toMatch(/aws_security_group\.firewall/);
    expect(rules[0]).not.toHaveProperty('cidr_ipv4');
  });

  it('lets the nodes read exactly the RDS-managed secret, and tells each node where and who (no secret)', () => {
    const policies = resources(production, 'aws_iam_role_policy').filter(
      (p) => p.name === 'pbxc-database-password',
    );
    expect(policies).toHaveLength(1);
    const doc = JSON.stringify(production.data.aws_iam_policy_document);
    expect(doc).toContain('secretsmanager:GetSecretValue');
    expect(doc).toContain('master_user_secret[0].secret_arn');
    for (const node of resources(production, 'aws_instance')) {
      const ud = node.user_data as string;
      expect(ud).toMatch(/^PBXC_DB_HOST=\$\{aws_db_instance\.[^}]+\.address\}$/m);
      expect(ud).toContain('PBXC_DB_SSLMODE=require');
      expect(ud).toMatch(
        /^PBXC_DB_SECRET_ARN=\$\{aws_db_instance\.[^}]+\.master_user_secret\[0\]\.secret_arn\}$/m,
      );
      expect(ud).not.toMatch(/PBXC_DB_PASSWORD|password=/i);
    }
  });
});
