import { bundleBucketName, bundleParameterName } from '../../src/model/deploy-names.js';
import type { EnvironmentModel, Model } from '../../src/model/types.js';
import type { TfJson } from './synth.js';

/**
 * A `terraform test` file for one synthesized stack: the real provider schema with a mocked
 * provider (`mock_provider "aws"`), a plan run and an apply run, each asserting what matters.
 * Addresses are looked up in the JSON (construct ids carry hashes); the conditions are Terraform's.
 */
export const SERVICE_IP = '198.51.100.7';
export const SERVICE_ALLOCATION = 'eipalloc-0000000000service';
/** What the mocked RDS returns as its managed password secret (no value: only where it is). */
export const DB_SECRET_ARN = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:rds!db-mock';

const q = (s: string) => JSON.stringify(s);

export function addresses(stack: TfJson, type: string, prefix = ''): string[] {
  return Object.keys(stack.resource?.[type] ?? {})
    .filter((id) => id.startsWith(prefix))
    .sort()
    .map((id) => `${type}.${id}`);
}

export function dataAddress(stack: TfJson, type: string, prefix: string): string {
  const id = Object.keys(stack.data?.[type] ?? {}).find((k) => k.startsWith(prefix));
  if (!id) throw new Error(`no data.${type}.${prefix}*`);
  return `data.${type}.${id}`;
}

function assert(condition: string, message: string): string {
  return `  assert {\n    condition     = ${condition}\n    error_message = ${q(message)}\n  }`;
}

/** Resources with prevent_destroy, which the test's teardown must be allowed to destroy. */
export function teardownOverride(stack: TfJson): string {
  const resource: Record<string, Record<string, unknown>> = {};
  for (const [type, blocks] of Object.entries<Record<string, { lifecycle?: { prevent_destroy?: boolean } }>>(
    stack.resource ?? {},
  )) {
    for (const [id, block] of Object.entries(blocks)) {
      if (block.lifecycle?.prevent_destroy) {
        resource[type] ??= {};
        resource[type][id] = { lifecycle: { prevent_destroy: false } };
      }
    }
  }
  return `${JSON.stringify({ resource }, null, 2)}\n`;
}

export function tftest(
  stack: TfJson,
  model: Model,
  env: EnvironmentModel,
  adminCidrs: readonly string[],
): string {
  const platform = model.platform.id;
  const region = env.region;
  const plan: string[] = [];
  const apply: string[] = [];
  // Nodes and their alarms.
  const instances = addresses(stack, 'aws_instance');
  for (const i of instances) {
    plan.push(assert(`${i}.instance_type == ${q(env.instanceType)}`, `${i} has the spec's instance type`));
    plan.push(assert(`${i}.metadata_options[0].http_tokens == "required"`, `${i} allows IMDSv2 only`));
    plan.push(assert(`${i}.root_block_device[0].encrypted == true`, `${i} has an encrypted root volume`));
  }
  apply.push(assert(`length(output.node-public-ips) == ${env.nodes}`, `${env.nodes} nodes`));
  const alarms = addresses(stack, 'aws_cloudwatch_metric_alarm');
  alarms.forEach((a, n) => {
    apply.push(assert(`${a}.dimensions.InstanceId == ${instances[n]}.id`, `${a} watches its node`));
    plan.push(
      assert(`${a}.alarm_actions == toset(["arn:aws:automate:${region}:ec2:recover"])`, `${a} recovers`),
    );
    plan.push(assert(`${a}.metric_name == "StatusCheckFailed_System"`, `${a} watches the system check`));
  });
  // The group database (nodes > 1): RDS PostgreSQL, private, encrypted, password managed by RDS.
  for (const db of addresses(stack, 'aws_db_instance')) {
    plan.push(
      assert(`${db}.engine == "postgres" && startswith(${db}.engine_version, "15")`, 'PostgreSQL 15'),
    );
    plan.push(assert(`${db}.multi_az && ${db}.storage_encrypted`, 'database Multi-AZ and encrypted'));
    plan.push(assert(`${db}.publicly_accessible == false`, 'database not public'));
    plan.push(
      assert(
        `${db}.manage_master_user_password && ${db}.password == null`,
        'database password managed by RDS, not in Terraform',
      ),
    );
    for (const i of instances)
      apply.push(
        assert(
          `strcontains(${i}.user_data, "PBXC_DB_HOST=${'$'}{${db}.address}\\n") && strcontains(${i}.user_data, ${q(`PBXC_DB_SECRET_ARN=${DB_SECRET_ARN}\n`)})`,
          `${i} knows where the database and its secret are`,
        ),
      );
  }
  // Firewall: SSH (admin port 22) only from admin_access.
  const rules = Object.entries<{ cidr_ipv4?: string; cidr_ipv6?: string }>(
    stack.resource?.aws_vpc_security_group_ingress_rule ?? {},
  )
    .filter(([, r]) => r.cidr_ipv4 || r.cidr_ipv6)
    .map(([id]) => `aws_vpc_security_group_ingress_rule.${id}`);
  const admin = `[${adminCidrs.map(q).join(', ')}]`;
  for (const r of rules)
    plan.push(
      assert(
        `${r}.from_port != 22 || contains(${admin}, coalesce(${r}.cidr_ipv4, ${r}.cidr_ipv6))`,
        `${r}: SSH only from admin_access`,
      ),
    );
  // Bundle bucket: name shared with publish, versioned, encrypted, private, TLS only.
  const [bucket] = addresses(stack, 'aws_s3_bucket');
  const [versioning] = addresses(stack, 'aws_s3_bucket_versioning');
  const [sse] = addresses(stack, 'aws_s3_bucket_server_side_encryption_configuration');
  const [block] = addresses(stack, 'aws_s3_bucket_public_access_block');
  const tls = dataAddress(stack, 'aws_iam_policy_document', 'bundles_tls-only');
  plan.push(assert(`${bucket}.bucket == ${q(bundleBucketName(platform, env.name))}`, 'bundle bucket name'));
  plan.push(assert(`${versioning}.versioning_configuration[0].status == "Enabled"`, 'bucket versioned'));
  plan.push(
    assert(
      `one([for r in ${sse}.rule : one(r.apply_server_side_encryption_by_default).sse_algorithm]) == "AES256"`,
      'bucket encrypted',
    ),
  );
  plan.push(
    assert(
      `${block}.block_public_acls && ${block}.block_public_policy && ${block}.ignore_public_acls && ${block}.restrict_public_buckets`,
      'bucket never public',
    ),
  );
  plan.push(
    assert(
      `${tls}.statement[0].effect == "Deny" && one(${tls}.statement[0].condition).variable == "aws:SecureTransport" && contains(one(${tls}.statement[0].condition).values, "false")`,
      'bucket denies plain HTTP',
    ),
  );
  // Instance role: its own environment's parameters only.
  const policy = dataAddress(stack, 'aws_iam_policy_document', 'node-role_policy');
  apply.push(
    assert(
      `anytrue([for s in ${policy}.statement : anytrue([for r in s.resources : endswith(r, ${q(`:parameter${bundleParameterName(platform, env.name)}`)})])])`,
      'role reads the bundle parameter',
    ),
  );
  apply.push(
    assert(
      `alltrue([for s in ${policy}.statement : alltrue([for r in s.resources : !strcontains(r, ":parameter/") || strcontains(r, ${q(`:parameter/pbxc/${platform}/${env.name}/`)})])])`,
      'role reads no other environment',
    ),
  );
  // Service address and DNS.
  const service = 'aws_eip.service-eip';
  apply.push(assert(`output.service-address == ${q(SERVICE_IP)}`, 'service address output'));
  const associations = addresses(stack, 'aws_eip_association');
  if (env.nodes > 1) {
    for (const a of associations)
      apply.push(
        assert(
          `${a}.allocation_id != ${service}.allocation_id`,
          `${a}: the floating address is the watcher's`,
        ),
      );
    for (const i of instances) {
      apply.push(
        assert(
          `strcontains(${i}.user_data, "PBXC_SERVICE_ALLOCATION_ID=${SERVICE_ALLOCATION}")`,
          `${i} knows the floating address`,
        ),
      );
      apply.push(
        assert(
          `strcontains(${i}.user_data, "PBXC_PUBLIC_IPV4=${SERVICE_IP}")`,
          `${i} advertises the service address`,
        ),
      );
    }
  } else if (env.nodes === 1) {
    apply.push(
      assert(
        `${associations[0]}.allocation_id == ${service}.allocation_id`,
        'one node holds the service address',
      ),
    );
  }
  for (const [id, r] of Object.entries<{ name: string; type: string; records: string[] }>(
    stack.resource?.aws_route53_record ?? {},
  )) {
    const address = `aws_route53_record.${id}`;
    if (r.type === 'SRV')
      plan.push(assert(`${address}.records == toset(${JSON.stringify(r.records)})`, `${r.name} SRV`));
    else if (r.type === 'A' && !/^pbx-\d+\./.test(r.name))
      apply.push(
        assert(
          `${address}.records == toset([${q(SERVICE_IP)}])`,
          `${r.name} answers with the service address`,
        ),
      );
  }
  return [
    'mock_provider "aws" {',
    '  mock_data "aws_availability_zones" {',
    `    defaults = { names = ["${region}a", "${region}b"] }`,
    '  }',
    '  mock_data "aws_iam_policy_document" {',
    '    defaults = { json = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[]}" }',
    '  }',
    '  mock_data "aws_partition" {',
    '    defaults = { partition = "aws", dns_suffix = "amazonaws.com" }',
    '  }',
    '  mock_data "aws_caller_identity" {',
    '    defaults = { account_id = "123456789012" }',
    '  }',
    '  mock_data "aws_subnet" {',
    '    defaults = { cidr_block = "10.1.0.0/24" }',
    '  }',
    '  mock_resource "aws_vpc" {',
    '    defaults = { ipv6_cidr_block = "2001:db8:1234:5600::/56" }',
    '  }',
    // RDS fills master_user_secret when it manages the password (manage_master_user_password).
    '  mock_resource "aws_db_instance" {',
    `    defaults = { address = "pbx-db.mock.${region}.rds.amazonaws.com", master_user_secret = [{ secret_arn = "${DB_SECRET_ARN}", secret_status = "active", kms_key_id = "" }] }`,
    '  }',
    '  mock_resource "aws_instance" {',
    '    defaults = { ipv6_addresses = ["2001:db8:1234:5600::10"] }',
    '  }',
    '}',
    '',
    'override_resource {',
    `  target = ${service}`,
    `  values = { public_ip = ${q(SERVICE_IP)}, allocation_id = ${q(SERVICE_ALLOCATION)} }`,
    '}',
    '',
    'run "plan" {',
    '  command = plan',
    ...plan,
    '}',
    '',
    'run "apply" {',
    '  command = apply',
    ...apply,
    '}',
    '',
  ].join('\n');
}

/**
 * The take-over as Terraform sees it: an extra configuration file with the association the HA
 * watcher makes (AssociateAddress with re-association onto the standby's interface and second
 * private address), and a test run that applies it against the mock and checks it moves the
 * service address to exactly the address the standby's node.env names.
 */
export function failoverConfig(stack: TfJson): { file: string; test: string } {
  const instances = addresses(stack, 'aws_instance');
  const standby = instances[1]!;
  const file = {
    resource: {
      aws_eip_association: {
        pbxc_failover: {
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform interpolation, not JavaScript
          allocation_id: '${aws_eip.service-eip.allocation_id}',
          network_interface_id: `\${${standby}.primary_network_interface_id}`,
          private_ip_address: `\${one(${standby}.secondary_private_ips)}`,
          allow_reassociation: true,
        },
      },
    },
  };
  const move = 'aws_eip_association.pbxc_failover';
  const test = [
    'run "failover" {',
    '  command = apply',
    assert(`${move}.allocation_id == ${q(SERVICE_ALLOCATION)}`, 'moves the service address'),
    assert(`${move}.allow_reassociation == true`, 'takes it from the failed node'),
    assert(
      `strcontains(${standby}.user_data, "pbx-2=\${${move}.private_ip_address}")`,
      "lands on the address in the standby's node.env",
    ),
    assert(
      `${move}.network_interface_id == ${standby}.primary_network_interface_id`,
      "on the standby's interface",
    ),
    '}',
    '',
  ].join('\n');
  return { file: `${JSON.stringify(file, null, 2)}\n`, test };
}
