import { chmod, chown, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseEnvFile } from './config.js';

/**
 * The node's way into its PostgreSQL: where and who from node.env (PBXC_DB_*, written by the
 * stack's user data or the operator), the password from the RDS-managed secret (AWS) into libpq's
 * passfile (NODE_PATHS.dbPassfile), which FreeSWITCH's DSN names and the lease reads. The password
 * is in no tree, no Terraform, no user data, no log.
 */
export interface DbFacts {
  readonly host: string;
  readonly port: number;
  readonly name: string;
  readonly user: string;
  readonly sslmode: string;
  /** The RDS-managed secret (AWS); absent when the operator writes the passfile (generic). */
  readonly secretArn?: string;
}

/** The database facts of a node.env, or undefined when the node keeps SQLite. */
export function dbFacts(envText: string): DbFacts | undefined {
  const env = parseEnvFile(envText);
  const host = env.get('PBXC_DB_HOST');
  if (!host) return undefined;
  const port = Number(env.get('PBXC_DB_PORT') ?? 5432);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error('PBXC_DB_PORT is not a port');
  const arn = env.get('PBXC_DB_SECRET_ARN');
  return {
    host,
    port,
    name: env.get('PBXC_DB_NAME') ?? 'freeswitch',
    user: env.get('PBXC_DB_USER') ?? 'freeswitch',
    sslmode: env.get('PBXC_DB_SSLMODE') ?? 'require',
    ...(arn ? { secretArn: arn } : {}),
  };
}

/** One libpq passfile field: ':' and '\' escaped with '\'; a line break is refused. */
function pgpassField(value: string): string {
  if (/[\r\n]/.test(value)) throw new Error('a passfile field cannot hold a line break');
  return value.replace(/[\\:]/g, (c) => `\\${c}`);
}

/** The passfile line for these facts: host:port:database:user:password. */
export function pgpassLine(facts: DbFacts, password: string): string {
  return `${[facts.host, String(facts.port), facts.name, facts.user, password].map(pgpassField).join(':')}\n`;
}

/** The password of an RDS-managed master user secret ({"username": ..., "password": ...}). */
export function secretPassword(secretString: string, user: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    throw new Error('the database secret is not JSON');
  }
  const { username, password } = (parsed ?? {}) as { username?: unknown; password?: unknown };
  if (typeof password !== 'string' || password === '') throw new Error('the database secret has no password');
  if (typeof username === 'string' && username !== user)
    throw new Error(`the database secret is for user ${username}, node.env names ${user}`);
  return password;
}

/**
 * The secret through SSM's reference path to Secrets Manager (/aws/reference/secretsmanager/ARN),
 * with the SSM client pbxc already carries. Loaded only on a node, by `pbxc ha`.
 */
export async function fetchSecretString(region: string, secretArn: string): Promise<string> {
  const { SSMClient, GetParameterCommand } = await import('@aws-sdk/client-ssm');
  const client = new SSMClient({ region, maxAttempts: 3 });
  const out = await client.send(
    new GetParameterCommand({ Name: `/aws/reference/secretsmanager/${secretArn}`, WithDecryption: true }),
  );
  const value = out.Parameter?.Value;
  if (!value) throw new Error('the database secret is empty');
  return value;
}

/** Writes the passfile atomically, 0600, owned by `owner` (FreeSWITCH's user) when given. */
export async function writePassfile(
  path: string,
  line: string,
  owner?: { readonly uid: number; readonly gid: number },
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, line, { mode: 0o600 });
  await chmod(tmp, 0o600);
  if (owner) await chown(tmp, owner.uid, owner.gid);
  await rename(tmp, path);
}

/**
 * On a node: when node.env names a database and its RDS-managed secret, writes the passfile
 * FreeSWITCH's DSN names, before FreeSWITCH starts (`pbxc ha` at its start; safe to repeat: the
 * password may have been rotated). Returns what it did, in words; throws when it cannot.
 */
export async function preparePassfile(
  envText: string,
  region: string,
  path: string,
  fetchSecret: (region: string, arn: string) => Promise<string> = fetchSecretString,
  owner?: { readonly uid: number; readonly gid: number },
): Promise<string> {
  const facts = dbFacts(envText);
  if (!facts) return 'no PBXC_DB_HOST: FreeSWITCH keeps SQLite';
  if (!facts.secretArn) return `database ${facts.host}: passfile is the operator's (no PBXC_DB_SECRET_ARN)`;
  const password = secretPassword(await fetchSecret(region, facts.secretArn), facts.user);
  await writePassfile(path, pgpassLine(facts, password), owner);
  return `database ${facts.host}: passfile written`;
}

/**
 * A generic environment's database URI (its named secret, docs/ha.md "PostgreSQL outside AWS"):
 * `postgresql://user:password@host:port/dbname?sslmode=...` → the node facts (no password) and the
 * password for the passfile. Errors never echo the URI (it holds the password).
 */
export function parseDsnUri(uri: string): { facts: DbFacts; password: string } {
  let u: URL;
  try {
    u = new URL(uri.trim());
  } catch {
    throw new Error('the database secret is not a URI (postgresql://user:password@host:5432/dbname)');
  }
  if (u.protocol !== 'postgresql:' && u.protocol !== 'postgres:')
    throw new Error('the database secret must start with postgresql://');
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (!host) throw new Error('the database secret names no host');
  const port = u.port ? Number(u.port) : 5432;
  const name = decodeURIComponent(u.pathname.replace(/^\//, '')) || 'freeswitch';
  const user = decodeURIComponent(u.username) || 'freeswitch';
  const sslmode = u.searchParams.get('sslmode') ?? 'require';
  if (!['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'].includes(sslmode))
    throw new Error('the database secret has an unknown sslmode');
  for (const v of [host, name, user])
    if (!/^[A-Za-z0-9._-]+$/.test(v))
      throw new Error(
        'the database secret has a host, database or user with characters other than A-Z a-z 0-9 . _ -',
      );
  return { facts: { host, port, name, user, sslmode }, password: decodeURIComponent(u.password) };
}

/** node.env lines for the facts (no password: that goes to the passfile). */
export function dbEnvLines(facts: DbFacts): string {
  return [
    `PBXC_DB_HOST=${facts.host}`,
    `PBXC_DB_PORT=${facts.port}`,
    `PBXC_DB_NAME=${facts.name}`,
    `PBXC_DB_USER=${facts.user}`,
    `PBXC_DB_SSLMODE=${facts.sslmode}`,
  ]
    .map((l) => `${l}\n`)
    .join('');
}
